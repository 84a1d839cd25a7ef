//! Session lifecycle: sessions expire (24 hours by default, `expires_at` in the view);
//! an expired or completed session refuses every change with 409 `session_not_open`.

mod common;
use axum::http::StatusCode;
use checkout_server::demo;
use common::*;
use serde_json::{json, Value};

/// Every change the two APIs offer on `session`, as (method, path, body, engine?).
fn every_change(session: &Value) -> Vec<(&'static str, String, Option<Value>, bool)> {
    let id = session["id"].as_str().unwrap();
    let li = items(session)[0]["id"].as_str().unwrap();
    vec![
        (
            "POST",
            format!("/api/checkout/{id}/upsell"),
            Some(json!({"selected": true})),
            false,
        ),
        (
            "POST",
            format!("/api/checkout/{id}/cross-sells"),
            Some(json!({"product": demo::PRODUCT_DEPLOYMENT})),
            false,
        ),
        (
            "DELETE",
            format!(
                "/api/checkout/{id}/cross-sells/{}",
                demo::PRODUCT_DEPLOYMENT
            ),
            None,
            false,
        ),
        (
            "POST",
            format!("/api/checkout/{id}/line-items/{li}/quantity"),
            Some(json!({"quantity": 2})),
            false,
        ),
        (
            "POST",
            format!("/v1/checkout/sessions/{id}"),
            Some(json!({"line_items": [{"id": li, "quantity": 3}]})),
            true,
        ),
        (
            "POST",
            format!("/v1/checkout/sessions/{id}/expire"),
            None,
            true,
        ),
    ]
}

async fn assert_closed(s: &Server, session: &Value) {
    let id = session["id"].as_str().unwrap();
    let before = s.snapshot(id).await;
    for (method, path, body, engine) in every_change(session) {
        let a = s.call(method, &path, body, engine.then_some(KEY)).await;
        assert_eq!(
            (a.status, a.code()),
            (StatusCode::CONFLICT, "session_not_open"),
            "{method} {path}"
        );
    }
    assert_eq!(s.snapshot(id).await, before, "refusals changed nothing");
}

#[tokio::test]
async fn sessions_expire_after_24_hours() {
    let s = server().await;
    let created_at = s.state.store.now();
    let session = s.demo_session().await;
    let expires_at = session["expires_at"]
        .as_i64()
        .expect("expires_at in the view");
    assert_eq!(expires_at, created_at + 24 * 60 * 60);
    let id = session["id"].as_str().unwrap();

    s.clock.advance(24 * 60 * 60 - 1);
    let open = s.widget("GET", &format!("/api/checkout/{id}"), None).await;
    assert_eq!(open.body["status"], "open");

    s.clock.advance(1);
    let lapsed = s.widget("GET", &format!("/api/checkout/{id}"), None).await;
    assert_eq!(lapsed.body["status"], "expired");
    let engine = s
        .engine("GET", &format!("/v1/checkout/sessions/{id}"), json!(null))
        .await;
    assert_eq!(engine["status"], "expired");
    assert_closed(&s, &session).await;
}

#[tokio::test]
async fn merchants_choose_30_minutes_to_24_hours() {
    let s = server().await;
    let now = s.state.store.now();
    let params = |at: i64| {
        json!({"mode": "subscription", "expires_at": at,
        "line_items": [{"price": demo::PRICE_MONTHLY, "quantity": 1}]})
    };
    for bad in [now, now + 29 * 60, now + 24 * 60 * 60 + 1] {
        let a = s
            .engine_err("POST", "/v1/checkout/sessions", params(bad))
            .await;
        assert_eq!(
            (a.code(), a.body["error"]["param"].as_str()),
            ("parameter_invalid", Some("expires_at"))
        );
    }
    let short = s.session(params(now + 30 * 60)).await;
    assert_eq!(short["expires_at"], now + 30 * 60);
    s.clock.advance(30 * 60);
    assert_closed(&s, &short).await;
}

#[tokio::test]
async fn expired_by_the_merchant_stays_closed() {
    let s = server().await;
    let session = s.demo_session().await;
    let id = session["id"].as_str().unwrap();
    let expired = s
        .engine(
            "POST",
            &format!("/v1/checkout/sessions/{id}/expire"),
            json!({}),
        )
        .await;
    assert_eq!(
        (expired["status"].as_str(), expired["version"].as_i64()),
        (Some("expired"), Some(2))
    );
    assert_closed(&s, &session).await;
}
