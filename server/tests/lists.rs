//! Every engine API list pages as Stripe's do (DESIGN §9): `limit`, `starting_after` and
//! `ending_before`, newest first, `has_more` false at the end, so a client that pages
//! (stripe-node's `autoPagingToArray`, stripe-python's `auto_paging_iter`) reaches the
//! end exactly once; a parameter a list does not take is refused, never ignored. On both
//! stores, like the rest of the suite.

mod common;
use axum::http::StatusCode;
use common::*;
use serde_json::{json, Value};

fn ids(page: &Value) -> Vec<String> {
    page["data"]
        .as_array()
        .unwrap_or_else(|| panic!("not a list: {page}"))
        .iter()
        .map(|x| x["id"].as_str().unwrap().to_string())
        .collect()
}

/// `path` with one more query parameter.
fn with(path: &str, param: &str) -> String {
    let sep = if path.contains('?') { '&' } else { '?' };
    format!("{path}{sep}{param}")
}

/// Reads the whole list at `path`, `limit` at a time, forward with `starting_after` as a
/// client does: from the first page until `has_more` is false.
async fn page_forward(s: &Server, path: &str, limit: usize, total: usize) -> Vec<String> {
    let mut out: Vec<String> = vec![];
    let mut uri = with(path, &format!("limit={limit}"));
    for _ in 0..=total {
        let page = s.engine("GET", &uri, json!(null)).await;
        assert_eq!(page["object"], "list");
        assert_eq!(page["url"], path.split('?').next().unwrap(), "{uri}");
        let got = ids(&page);
        assert!(got.len() <= limit, "{uri}: {} rows", got.len());
        out.extend(got);
        if page["has_more"] == false {
            return out;
        }
        uri = with(
            path,
            &format!("limit={limit}&starting_after={}", out.last().unwrap()),
        );
    }
    panic!("{path}: still has_more after {total} objects, read {out:?}")
}

/// Reads the list at `path` backwards from `last` with `ending_before` until `has_more`
/// is false; answers everything newer than `last`, newest first.
async fn page_backward(
    s: &Server,
    path: &str,
    limit: usize,
    last: &str,
    total: usize,
) -> Vec<String> {
    let mut out: Vec<String> = vec![];
    let mut cursor = last.to_string();
    for _ in 0..=total {
        let uri = with(path, &format!("limit={limit}&ending_before={cursor}"));
        let page = s.engine("GET", &uri, json!(null)).await;
        let got = ids(&page);
        assert!(got.len() <= limit, "{uri}: {} rows", got.len());
        let mut next = got.clone();
        next.extend(out);
        out = next;
        if page["has_more"] == false {
            return out;
        }
        cursor = got.first().unwrap().clone();
    }
    panic!("{path}: ending_before still has_more after {total} objects")
}

/// The whole list in one page, then the same list read 2 and 3 at a time both ways.
async fn pages_agree(s: &Server, path: &str, at_least: usize) {
    let all = ids(&s.engine("GET", &with(path, "limit=100"), json!(null)).await);
    assert!(all.len() >= at_least, "{path}: {all:?}");
    let mut unique = all.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), all.len(), "{path} lists an object twice");
    for limit in [2, 3] {
        assert_eq!(
            page_forward(s, path, limit, all.len()).await,
            all,
            "{path} forward by {limit}"
        );
        let last = all.last().unwrap();
        assert_eq!(
            page_backward(s, path, limit, last, all.len()).await,
            all[..all.len() - 1],
            "{path} backward by {limit}"
        );
    }
    // The last page says there is no more, and after the last object nothing follows.
    let after_last = s
        .engine(
            "GET",
            &with(path, &format!("starting_after={}", all.last().unwrap())),
            json!(null),
        )
        .await;
    assert_eq!(
        (ids(&after_last).len(), &after_last["has_more"]),
        (0, &json!(false))
    );
}

#[tokio::test]
async fn every_list_pages_to_its_end_both_ways() {
    let s = server().await;
    let product = s.product("Paged").await;
    // Some created in the same second (ties are ordered by id), some a second apart.
    for i in 0..7 {
        s.product(&format!("Extra {i}")).await;
        s.one_time(&product, "usd", 100 + i).await;
        s.engine(
            "POST",
            "/v1/coupons",
            json!({"percent_off": 10 + i, "duration": "once", "name": format!("C{i}")}),
        )
        .await;
        s.engine(
            "POST",
            "/v1/webhook_endpoints",
            json!({"url": format!("https://hooks.example/{i}"), "events": ["checkout.session.completed"]}),
        )
        .await;
        s.demo_session().await;
        if i % 3 == 0 {
            s.clock.advance(1);
        }
    }
    pages_agree(&s, "/v1/products", 8).await;
    pages_agree(&s, "/v1/prices", 7).await;
    pages_agree(&s, &format!("/v1/prices?product={product}"), 7).await;
    pages_agree(&s, "/v1/coupons", 7).await;
    pages_agree(&s, "/v1/webhook_endpoints", 7).await;
    pages_agree(&s, "/v1/checkout/sessions", 7).await;
    pages_agree(&s, "/v1/checkout/sessions?status=open", 7).await;

    // A product's prices are only that product's, newest first.
    let of_product = ids(&s
        .engine(
            "GET",
            &format!("/v1/prices?product={product}&limit=100"),
            json!(null),
        )
        .await);
    assert_eq!(of_product.len(), 7);
}

#[tokio::test]
async fn a_session_list_filtered_by_status_pages_past_other_sessions() {
    let s = server().await;
    let mut complete = vec![];
    for i in 0..5 {
        let id = s.demo_session().await["id"].as_str().unwrap().to_string();
        if i % 2 == 0 {
            let a = s
                .widget(
                    "POST",
                    &format!("/api/checkout/{id}/confirm"),
                    Some(json!({"expected_version": 1, "email": "anna@example.com"})),
                )
                .await;
            assert_eq!(a.status, StatusCode::OK, "{}", a.body);
            complete.push(id);
        }
        s.clock.advance(1);
    }
    complete.reverse();
    assert_eq!(
        page_forward(&s, "/v1/checkout/sessions?status=complete", 1, 5).await,
        complete
    );
    pages_agree(&s, "/v1/checkout/sessions?status=complete", 3).await;
}

#[tokio::test]
async fn line_items_page_in_cart_order_both_ways() {
    let s = server().await;
    let product = s.product("Many").await;
    let mut items = vec![];
    for i in 0..5 {
        items.push(json!({"price": s.one_time(&product, "usd", 100 + i).await, "quantity": 1}));
    }
    let session = s
        .session(json!({"mode": "payment", "line_items": items}))
        .await;
    let path = format!(
        "/v1/checkout/sessions/{}/line_items",
        session["id"].as_str().unwrap()
    );
    let all = ids(&s
        .engine("GET", &with(&path, "limit=100"), json!(null))
        .await);
    assert_eq!(all.len(), 5);
    assert_eq!(page_forward(&s, &path, 2, 5).await, all);
    assert_eq!(page_backward(&s, &path, 2, &all[4], 5).await, all[..4]);
}

#[tokio::test]
async fn lists_refuse_what_they_do_not_take() {
    let s = server().await;
    let session = s.demo_session().await;
    let line_items = format!(
        "/v1/checkout/sessions/{}/line_items",
        session["id"].as_str().unwrap()
    );
    for (uri, param) in [
        ("/v1/products?active=true".to_string(), "active"),
        ("/v1/coupons?expand[]=x".to_string(), "expand"),
        ("/v1/webhook_endpoints?status=enabled".to_string(), "status"),
        ("/v1/prices?status=open".to_string(), "status"),
        (
            "/v1/checkout/sessions?product=prod_x".to_string(),
            "product",
        ),
        (format!("{line_items}?offset=2"), "offset"),
        (
            format!(
                "/v1/checkout/sessions/{}?expand[]=line_items&limit=2",
                session["id"].as_str().unwrap()
            ),
            "limit",
        ),
    ] {
        let a = s.call("GET", &uri, None, Some(KEY)).await;
        assert_eq!(
            (a.status, a.code(), a.body["error"]["param"].as_str()),
            (StatusCode::BAD_REQUEST, "parameter_unknown", Some(param)),
            "{uri}: {}",
            a.body
        );
    }
    // A cursor that is no object of the list, and two cursors at once.
    for (uri, param) in [
        ("/v1/products?starting_after=prod_missing", "starting_after"),
        ("/v1/coupons?ending_before=coupon_missing", "ending_before"),
        (
            "/v1/checkout/sessions?starting_after=cs_missing",
            "starting_after",
        ),
        (
            "/v1/webhook_endpoints?ending_before=we_missing",
            "ending_before",
        ),
        ("/v1/prices?starting_after=price_missing", "starting_after"),
    ] {
        let a = s.call("GET", uri, None, Some(KEY)).await;
        assert_eq!(
            (a.status, a.code(), a.body["error"]["param"].as_str()),
            (StatusCode::NOT_FOUND, "resource_missing", Some(param)),
            "{uri}: {}",
            a.body
        );
    }
    let a = s
        .call(
            "GET",
            "/v1/products?starting_after=prod_a&ending_before=prod_b",
            None,
            Some(KEY),
        )
        .await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::BAD_REQUEST, "parameter_invalid")
    );
}
