//! The parts of Stripe's wire protocol the engine speaks so far (DESIGN §9): a
//! `Request-Id` on every answer, HTTP Basic auth with the key as user name (what
//! `curl -u sk_…:` and Stripe's clients send), and `Stripe-Should-Retry` on refusals, so
//! an SDK does not sit through retries of a request that can never succeed.

mod common;
use axum::http::StatusCode;
use base64::Engine as _;
use checkout_server::guard::{Guard, RateLimit};
use common::*;
use serde_json::json;

fn basic(user_and_password: &str) -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(user_and_password)
    )
}

#[tokio::test]
async fn every_answer_carries_its_own_request_id() {
    let s = server().await;
    let session = s.demo_session().await;
    let id = session["id"].as_str().unwrap();
    let mut seen = std::collections::HashSet::new();
    for (method, uri, key) in [
        ("GET", "/v1/products".to_string(), Some(KEY)),
        ("GET", "/v1/products".to_string(), None),
        ("GET", format!("/api/checkout/{id}"), None),
        ("GET", "/healthz".to_string(), None),
        ("GET", "/no/such/route".to_string(), None),
        ("GET", "/v1/openapi.json".to_string(), None),
    ] {
        let a = s.call(method, &uri, None, key).await;
        let rid = a.headers["request-id"].to_str().unwrap().to_string();
        let hex = rid.strip_prefix("req_").unwrap_or("");
        assert!(
            hex.len() == 40 && hex.bytes().all(|b| b.is_ascii_hexdigit()),
            "{uri}: {rid}"
        );
        assert!(seen.insert(rid), "{uri}: a request id twice");
    }
}

#[tokio::test]
async fn the_key_as_basic_auth_user_name_is_accepted() {
    let s = server().await;
    let call = |auth: String| {
        let s = &s;
        async move {
            s.raw(request(
                "GET",
                "/v1/products",
                None,
                &[("authorization", auth.as_str())],
            ))
            .await
        }
    };
    // `curl -u key:` (no password), and a password given anyway.
    for user in [format!("{KEY}:"), format!("{KEY}:ignored")] {
        let a = call(basic(&user)).await;
        assert_eq!(a.status, StatusCode::OK, "{user}: {}", a.body);
        assert_eq!(a.body["object"], "list");
    }
    let a = call(basic("sk_test_wrong:")).await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::UNAUTHORIZED, "invalid_api_key")
    );
    for bad in [
        "Basic !!!".to_string(),
        basic("no-colon"),
        format!("Token {KEY}"),
    ] {
        let a = call(bad.clone()).await;
        assert_eq!(
            (a.status, a.code()),
            (StatusCode::UNAUTHORIZED, "authentication_required"),
            "{bad}"
        );
    }
}

#[tokio::test]
async fn a_refusal_no_retry_can_change_tells_sdks_not_to_retry() {
    let s = server_with(Guard {
        rate: Some(RateLimit::new(0.001, 3.0)),
        ..Guard::default()
    })
    .await;
    let session = s.demo_session().await;
    let id = session["id"].as_str().unwrap();
    let expire = format!("/v1/checkout/sessions/{id}/expire");
    s.engine("POST", &expire, json!({})).await;
    // Expiring twice: 409 that no retry changes (stripe-node waited 1.3 s in retries).
    let a = s.engine_err("POST", &expire, json!({})).await;
    assert_eq!(
        (
            a.status,
            a.code(),
            a.headers["stripe-should-retry"].to_str().unwrap()
        ),
        (StatusCode::CONFLICT, "session_not_open", "false")
    );
    for (uri, status) in [
        ("/v1/products/prod_missing", StatusCode::NOT_FOUND),
        ("/v1/products?limit=1000", StatusCode::BAD_REQUEST),
    ] {
        let a = s.call("GET", uri, None, Some(KEY)).await;
        assert_eq!(a.status, status);
        assert_eq!(a.headers["stripe-should-retry"], "false", "{uri}");
    }
    let a = s.call("GET", "/v1/products", None, None).await;
    assert_eq!(a.headers["stripe-should-retry"], "false");
    // Too many requests may pass later: retrying is right.
    let mut limited = None;
    for _ in 0..5 {
        let a = s.widget("GET", &format!("/api/checkout/{id}"), None).await;
        if a.status == StatusCode::TOO_MANY_REQUESTS {
            limited = Some(a);
            break;
        }
    }
    let a = limited.expect("the widget API limits this client");
    assert_eq!(a.headers["stripe-should-retry"], "true");
    // A success carries no such header.
    let a = s.call("GET", "/v1/products", None, Some(KEY)).await;
    assert!(a.headers.get("stripe-should-retry").is_none());
}

#[tokio::test]
async fn a_price_type_follows_from_recurring_as_at_stripe() {
    let s = server().await;
    let product = s.product("Typed by recurring").await;
    let monthly = s
        .price(
            json!({"product": product, "currency": "usd", "unit_amount": 1_000,
                      "recurring": {"interval": "month"}}),
        )
        .await;
    assert_eq!(monthly["type"], "recurring");
    assert_eq!(monthly["recurring"]["interval_count"], 1);
    let once = s
        .price(json!({"product": product, "currency": "usd", "unit_amount": 500}))
        .await;
    assert_eq!(once["type"], "one_time");
    // Given, it must agree with `recurring`; nothing is created otherwise.
    let before = s
        .engine("GET", &format!("/v1/prices?product={product}"), json!(null))
        .await;
    let a = s
        .engine_err(
            "POST",
            "/v1/prices",
            json!({"product": product, "currency": "usd", "unit_amount": 500, "type": "one_time",
                   "recurring": {"interval": "month"}}),
        )
        .await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::BAD_REQUEST, "price_invalid")
    );
    let after = s
        .engine("GET", &format!("/v1/prices?product={product}"), json!(null))
        .await;
    assert_eq!(before["data"], after["data"]);
}
