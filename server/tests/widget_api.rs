//! The widget API (§4.2) and the rules behind it, over HTTP, in-process.

mod common;
use axum::http::StatusCode;
use checkout_server::demo;
use common::*;
use serde_json::json;

#[tokio::test]
async fn demo_session_has_the_seed_savings_and_upsell_round_trip_keeps_the_line_item() {
    let s = server().await;
    let session = s.demo_session().await;
    let id = session["id"].as_str().unwrap();
    assert!(
        id.len() >= 3 + 32,
        "session ids carry at least 128 random bits: {id}"
    );
    assert_eq!(
        session["upsell"]["savings"],
        json!({"amount": 20000, "percent": 16})
    );
    assert_eq!(session["upsell"]["selected"], json!(false));
    let line_item = items(&session)[0]["id"].clone();

    s.widget(
        "POST",
        &format!(
            "/api/checkout/{id}/line-items/{}/quantity",
            line_item.as_str().unwrap()
        ),
        Some(json!({"quantity": 2})),
    )
    .await;
    let yearly = s
        .widget(
            "POST",
            &format!("/api/checkout/{id}/upsell"),
            Some(json!({"selected": true})),
        )
        .await;
    assert_eq!(yearly.status, StatusCode::OK);
    let li = &yearly.body["line_items"][0];
    assert_eq!(
        (
            li["id"].clone(),
            li["price"]["id"].clone(),
            li["quantity"].clone()
        ),
        (line_item.clone(), json!(demo::PRICE_YEARLY), json!(2))
    );
    assert_eq!(yearly.body["amount_total"], json!(200_000));
    assert_eq!(
        yearly.body["recurring"],
        json!({"interval": "year", "interval_count": 1, "amount": 200_000})
    );
    assert_eq!(yearly.body["version"], json!(3));

    let back = s
        .widget(
            "POST",
            &format!("/api/checkout/{id}/upsell"),
            Some(json!({"selected": false})),
        )
        .await;
    assert_eq!(
        back.body["line_items"][0]["price"]["id"],
        json!(demo::PRICE_MONTHLY)
    );
    assert_eq!(back.body["line_items"][0]["id"], line_item);
    assert_eq!(back.body["amount_total"], json!(20_000));
}

#[tokio::test]
async fn add_and_remove_a_cross_sell() {
    let s = server().await;
    let id = s.demo_session().await["id"].as_str().unwrap().to_string();
    let added = s
        .widget(
            "POST",
            &format!("/api/checkout/{id}/cross-sells"),
            Some(json!({"product": demo::PRODUCT_DEPLOYMENT})),
        )
        .await;
    assert_eq!(added.status, StatusCode::OK);
    let li = &added.body["line_items"][1];
    assert_eq!(li["source"], json!("cross_sell"));
    assert_eq!(li["quantity"], json!(1));
    assert_eq!(li["adjustable_quantity"]["enabled"], json!(false));
    assert_eq!(added.body["amount_total"], json!(60_000));
    assert!(offered(&added.body).is_empty());
    let quantity = s
        .widget(
            "POST",
            &format!(
                "/api/checkout/{id}/line-items/{}/quantity",
                li["id"].as_str().unwrap()
            ),
            Some(json!({"quantity": 2})),
        )
        .await;
    assert_eq!(
        (quantity.status, quantity.code()),
        (StatusCode::BAD_REQUEST, "quantity_not_adjustable")
    );

    let removed = s
        .widget(
            "DELETE",
            &format!(
                "/api/checkout/{id}/cross-sells/{}",
                demo::PRODUCT_DEPLOYMENT
            ),
            None,
        )
        .await;
    assert_eq!(removed.status, StatusCode::OK);
    assert_eq!(removed.body["line_items"].as_array().unwrap().len(), 1);
    assert_eq!(offered(&removed.body), [demo::PRODUCT_DEPLOYMENT]);
    let again = s
        .widget(
            "DELETE",
            &format!(
                "/api/checkout/{id}/cross-sells/{}",
                demo::PRODUCT_DEPLOYMENT
            ),
            None,
        )
        .await;
    assert_eq!(
        (again.status, again.code()),
        (StatusCode::BAD_REQUEST, "cross_sell_not_added")
    );
}

#[tokio::test]
async fn request_errors_have_their_status_and_code_and_change_nothing() {
    let s = server().await;
    let id = s.demo_session().await["id"].as_str().unwrap().to_string();
    let before = s.snapshot(&id).await;

    let unknown = s.widget("GET", "/api/checkout/cs_doesnotexist", None).await;
    assert_eq!(
        (unknown.status, unknown.code()),
        (StatusCode::NOT_FOUND, "resource_missing")
    );
    assert_eq!(
        unknown.body["error"]["type"],
        json!("invalid_request_error")
    );

    let not_json = s
        .raw(
            axum::http::Request::post(format!("/api/checkout/{id}/upsell"))
                .header("content-type", "text/plain")
                .body("selected=true".into())
                .unwrap(),
        )
        .await;
    assert_eq!(
        (not_json.status, not_json.code()),
        (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type")
    );

    let broken = s
        .raw(
            axum::http::Request::post(format!("/api/checkout/{id}/upsell"))
                .header("content-type", "application/json")
                .body("{\"selected\":".into())
                .unwrap(),
        )
        .await;
    assert_eq!(
        (broken.status, broken.code()),
        (StatusCode::BAD_REQUEST, "invalid_json")
    );

    // The widget API never accepts a price or an amount.
    for body in [
        json!({"selected": true, "price": "price_x"}),
        json!({"selected": true, "unit_amount": 1}),
        json!({"selected": true, "currency": "eur"}),
    ] {
        let a = s
            .widget("POST", &format!("/api/checkout/{id}/upsell"), Some(body))
            .await;
        assert_eq!(
            (a.status, a.code()),
            (StatusCode::BAD_REQUEST, "parameter_unknown"),
            "{}",
            a.body
        );
    }
    let a = s
        .widget(
            "POST",
            &format!("/api/checkout/{id}/cross-sells"),
            Some(json!({"product": demo::PRODUCT_DEPLOYMENT, "amount": 1})),
        )
        .await;
    assert_eq!(a.code(), "parameter_unknown");
    let missing = s
        .widget(
            "POST",
            &format!("/api/checkout/{id}/upsell"),
            Some(json!({})),
        )
        .await;
    assert_eq!(
        (missing.code(), missing.body["error"]["param"].clone()),
        ("parameter_missing", json!("selected"))
    );

    let huge = format!("{{\"product\":\"{}\"}}", "x".repeat(70_000));
    let big = s
        .raw(
            axum::http::Request::post(format!("/api/checkout/{id}/cross-sells"))
                .header("content-type", "application/json")
                .body(huge.into())
                .unwrap(),
        )
        .await;
    assert_eq!(
        (big.status, big.code()),
        (StatusCode::PAYLOAD_TOO_LARGE, "body_too_large")
    );

    let li = serde_json::from_slice::<serde_json::Value>(&before).unwrap()["line_items"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    for q in [0, 6] {
        let a = s
            .widget(
                "POST",
                &format!("/api/checkout/{id}/line-items/{li}/quantity"),
                Some(json!({"quantity": q})),
            )
            .await;
        assert_eq!(
            (a.status, a.code()),
            (StatusCode::BAD_REQUEST, "quantity_out_of_range")
        );
    }
    let a = s
        .widget(
            "POST",
            &format!("/api/checkout/{id}/line-items/li_nope/quantity"),
            Some(json!({"quantity": 2})),
        )
        .await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::NOT_FOUND, "resource_missing")
    );
    let a = s
        .widget(
            "POST",
            &format!("/api/checkout/{id}/cross-sells"),
            Some(json!({"product": "prod_unknown"})),
        )
        .await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::BAD_REQUEST, "cross_sell_not_offered")
    );

    assert_eq!(
        s.snapshot(&id).await,
        before,
        "refused requests left the session byte-for-byte unchanged"
    );
}

#[tokio::test]
async fn quantity_is_forbidden_for_server_only_sessions() {
    let s = server().await;
    let session = s
        .session(json!({"mode": "subscription", "permissions": {"update_line_items": "server_only"},
            "line_items": [{"price": demo::PRICE_MONTHLY, "quantity": 1, "adjustable_quantity": {"enabled": true, "maximum": 5}}]}))
        .await;
    let id = session["id"].as_str().unwrap();
    let li = items(&session)[0]["id"].as_str().unwrap();
    let a = s
        .widget(
            "POST",
            &format!("/api/checkout/{id}/line-items/{li}/quantity"),
            Some(json!({"quantity": 2})),
        )
        .await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::FORBIDDEN, "permission_denied")
    );
    assert_eq!(
        items(&session)[0]["adjustable_quantity"]["enabled"],
        json!(false)
    );
}

#[tokio::test]
async fn only_open_sessions_change() {
    let s = server().await;
    let id = s.demo_session().await["id"].as_str().unwrap().to_string();
    s.engine(
        "POST",
        &format!("/v1/checkout/sessions/{id}/expire"),
        json!({}),
    )
    .await;
    let before = s.snapshot(&id).await;
    let a = s
        .widget(
            "POST",
            &format!("/api/checkout/{id}/upsell"),
            Some(json!({"selected": true})),
        )
        .await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::CONFLICT, "session_not_open")
    );
    assert_eq!(s.snapshot(&id).await, before);
}

/// A request to the widget API with this `Accept-Encoding` (none when `None`).
fn with_encoding(
    method: &str,
    uri: &str,
    body: Option<serde_json::Value>,
    encoding: Option<&str>,
) -> axum::http::Request<axum::body::Body> {
    let header = encoding.map(|e| ("accept-encoding", e));
    request(method, uri, body, header.as_slice())
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .expect("a gzip body");
    out
}

#[tokio::test]
async fn long_carts_are_gzip_for_browsers_that_accept_it() {
    let s = server().await;
    let lines: Vec<_> = (0..20)
        .map(|_| {
            json!({
                "price": demo::PRICE_MONTHLY,
                "quantity": 1,
                "adjustable_quantity": {"enabled": true, "minimum": 1, "maximum": 9}
            })
        })
        .collect();
    let cart = s
        .session(json!({"mode": "subscription", "line_items": lines}))
        .await;
    let uri = format!("/api/checkout/{}", cart["id"].as_str().unwrap());
    let browser = Some("gzip, deflate, br, zstd");

    let plain = s.raw(with_encoding("GET", &uri, None, None)).await;
    assert_eq!(plain.status, StatusCode::OK);
    assert!(plain.headers.get("content-encoding").is_none());
    let packed = s.raw(with_encoding("GET", &uri, None, browser)).await;
    assert_eq!(packed.status, StatusCode::OK);
    assert_eq!(packed.headers["content-encoding"], "gzip");
    assert!(packed.headers["vary"]
        .to_str()
        .unwrap()
        .to_ascii_lowercase()
        .contains("accept-encoding"));
    assert_eq!(packed.headers["cache-control"], "no-store");
    assert_eq!(gunzip(&packed.raw), plain.raw, "the same session inside");
    assert!(
        packed.raw.len() * 5 < plain.raw.len(),
        "{} → {} bytes",
        plain.raw.len(),
        packed.raw.len()
    );

    // A change's answer is the whole session too.
    let line = items(&cart)[3]["id"].as_str().unwrap();
    let changed = s
        .raw(with_encoding(
            "POST",
            &format!("{uri}/line-items/{line}/quantity"),
            Some(json!({"quantity": 4})),
            browser,
        ))
        .await;
    assert_eq!(changed.status, StatusCode::OK);
    assert_eq!(changed.headers["content-encoding"], "gzip");
    let session: serde_json::Value = serde_json::from_slice(&gunzip(&changed.raw)).unwrap();
    assert_eq!(session["line_items"][3]["quantity"], json!(4));

    // A client that refuses gzip gets plain JSON.
    let refused = s
        .raw(with_encoding("GET", &uri, None, Some("gzip;q=0")))
        .await;
    assert!(refused.headers.get("content-encoding").is_none());
    assert_eq!(refused.body["line_items"][3]["quantity"], json!(4));

    // So do answers too small to gain: a one-line cart, an error.
    let one = s.demo_session().await;
    let small = s
        .raw(with_encoding(
            "GET",
            &format!("/api/checkout/{}", one["id"].as_str().unwrap()),
            None,
            browser,
        ))
        .await;
    assert_eq!(small.status, StatusCode::OK);
    assert!(small.headers.get("content-encoding").is_none());
    assert_eq!(small.body["id"], one["id"]);
    let missing = s
        .raw(with_encoding(
            "GET",
            "/api/checkout/cs_missing",
            None,
            browser,
        ))
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.headers.get("content-encoding").is_none());
    assert_eq!(missing.code(), "resource_missing");
}
