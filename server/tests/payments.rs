//! §10: the buyer's email, `payment_status`, and `PAYMENTS=merchant`: the confirm
//! freezes the cart, the merchant's server completes (once, with its one event) or
//! reopens it. Runs on SQLite, and on PostgreSQL with `TEST_DATABASE_URL`.

mod common;
use axum::http::StatusCode;
use checkout_server::demo;
use checkout_server::guard::Guard;
use checkout_server::payments::Merchant;
use checkout_server::webhooks::{deliver_due, Pass};
use common::*;
use serde_json::{json, Value};
use std::sync::Arc;

async fn merchant() -> Server {
    server_custom(
        Guard {
            rate: None,
            ..Guard::default()
        },
        Arc::new(Merchant),
    )
    .await
}

async fn confirm(s: &Server, id: &str, version: i64, email: Option<&str>) -> Answer {
    let mut body = json!({ "expected_version": version });
    if let Some(e) = email {
        body["email"] = json!(e);
    }
    s.widget("POST", &format!("/api/checkout/{id}/confirm"), Some(body))
        .await
}

/// An engine API call with an optional `Idempotency-Key`; answers it whatever it is.
async fn engine(s: &Server, path: &str, body: Value, key: Option<&str>) -> Answer {
    s.call_idem("POST", path, Some(body), Some(KEY), key).await
}

/// Registers a receiver for completions; answers it (its deliveries are counted).
async fn receiver(s: &Server) -> Receiver {
    let (receiver, url) = Receiver::start(0).await;
    s.engine(
        "POST",
        "/v1/webhook_endpoints",
        json!({"url": url, "enabled_events": ["checkout.session.completed"]}),
    )
    .await;
    receiver
}

async fn deliver(s: &Server) -> usize {
    let http = reqwest::Client::new();
    let mut delivered = 0;
    loop {
        let pass = deliver_due(&s.state.store, &http).await.unwrap();
        if pass == Pass::default() {
            return delivered;
        }
        delivered += pass.delivered;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_merchants_server_completes_a_frozen_cart_once_with_one_event() {
    let s = merchant().await;
    let hook = receiver(&s).await;
    let id = s.demo_session().await["id"].as_str().unwrap().to_string();
    let url = format!("/v1/checkout/sessions/{id}");
    assert_eq!(
        s.engine("GET", &url, json!(null)).await["payment_status"],
        "unpaid"
    );

    let frozen = confirm(&s, &id, 1, Some("anna@example.com")).await;
    assert_eq!(frozen.status, StatusCode::OK, "{}", frozen.body);
    assert_eq!(
        (
            &frozen.body["status"],
            &frozen.body["payment_status"],
            &frozen.body["awaiting_payment"]
        ),
        (&json!("open"), &json!("unpaid"), &json!(true))
    );
    assert_eq!(frozen.body["customer_details"]["email"], "anna@example.com");
    assert_eq!(
        frozen.body["livemode"], true,
        "money moves at the merchant's provider"
    );
    assert_eq!(deliver(&s).await, 0, "nothing is complete yet");

    // Every change, from either API, is refused and changes nothing.
    let before = s.snapshot(&id).await;
    let li = frozen.body["line_items"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let w = |p: &str| format!("/api/checkout/{id}{p}");
    for (method, path, body) in [
        ("POST", w("/upsell"), Some(json!({"selected": true}))),
        (
            "POST",
            w("/cross-sells"),
            Some(json!({"product": demo::PRODUCT_DEPLOYMENT})),
        ),
        (
            "POST",
            w(&format!("/line-items/{li}/quantity")),
            Some(json!({"quantity": 2})),
        ),
        (
            "POST",
            w("/confirm"),
            Some(json!({"expected_version": 2, "email": "anna@example.com"})),
        ),
    ] {
        let a = s.widget(method, &path, body).await;
        assert_eq!(
            (a.status, a.code()),
            (StatusCode::CONFLICT, "session_awaiting_payment"),
            "{path}"
        );
    }
    for (path, body) in [
        (
            url.clone(),
            json!({"line_items": [{"id": li, "quantity": 2}]}),
        ),
        (format!("{url}/expire"), json!({})),
    ] {
        let a = engine(&s, &path, body, None).await;
        assert_eq!(
            (a.status, a.code()),
            (StatusCode::CONFLICT, "session_awaiting_payment"),
            "{path}"
        );
    }
    assert_eq!(s.snapshot(&id).await, before);

    // Completed by the merchant's server, once; a resend with its key replays the answer.
    let done = engine(
        &s,
        &format!("{url}/complete"),
        json!({"payment_reference": "pi_3Q"}),
        Some("pay-1"),
    )
    .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert_eq!(
        (
            &done.body["status"],
            &done.body["payment_status"],
            &done.body["awaiting_payment"]
        ),
        (&json!("complete"), &json!("paid"), &json!(false))
    );
    assert_eq!(done.body["payment_reference"], "pi_3Q");
    assert_eq!(done.body["object"], "checkout.session", "the /v1 shape");
    let replay = engine(
        &s,
        &format!("{url}/complete"),
        json!({"payment_reference": "pi_3Q"}),
        Some("pay-1"),
    )
    .await;
    assert!(replay.replayed());
    assert_eq!(replay.raw, done.raw);
    let twice = engine(&s, &format!("{url}/complete"), json!({}), None).await;
    assert_eq!(
        (twice.status, twice.code()),
        (StatusCode::CONFLICT, "session_not_open")
    );
    let reopened = engine(&s, &format!("{url}/reopen"), json!({}), None).await;
    assert_eq!(
        reopened.code(),
        "session_not_open",
        "a completed session stays complete"
    );

    // One event, in the merchant's shape, with the buyer's email.
    assert_eq!(deliver(&s).await, 1);
    let got = hook.deliveries();
    assert_eq!(got.len(), 1, "exactly one event per completion");
    let event: Value = serde_json::from_str(&got[0].1).unwrap();
    let object = &event["data"]["object"];
    assert_eq!(
        (&object["id"], &object["status"]),
        (&json!(id), &json!("complete"))
    );
    assert_eq!(object["payment_status"], "paid");
    assert_eq!(object["customer_details"]["email"], "anna@example.com");
    assert_eq!(object["payment_reference"], "pi_3Q");
    assert!(object.get("metadata").is_some(), "{object}");
    let widget = s.widget("GET", &w(""), None).await;
    assert_eq!(
        (&widget.body["status"], &widget.body["payment_status"]),
        (&json!("complete"), &json!("paid"))
    );
}

#[tokio::test]
async fn a_failed_payment_reopens_the_cart_with_the_merchants_message() {
    let s = merchant().await;
    let id = s.demo_session().await["id"].as_str().unwrap().to_string();
    let url = format!("/v1/checkout/sessions/{id}");
    confirm(&s, &id, 1, Some("anna@example.com")).await;
    let open = engine(
        &s,
        &format!("{url}/reopen"),
        json!({"failure_message": "Your card was declined."}),
        None,
    )
    .await;
    assert_eq!(open.status, StatusCode::OK, "{}", open.body);
    assert_eq!(
        (&open.body["status"], &open.body["awaiting_payment"]),
        (&json!("open"), &json!(false))
    );
    let view = s
        .widget("GET", &format!("/api/checkout/{id}"), None)
        .await
        .body;
    assert_eq!(
        view["payment_failure"]["message"],
        "Your card was declined."
    );
    assert_eq!(view["version"], 3);
    // Open for changes again; the change is a new attempt, the message goes.
    let changed = s
        .widget(
            "POST",
            &format!("/api/checkout/{id}/upsell"),
            Some(json!({"selected": true})),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    assert_eq!(changed.body["payment_failure"], Value::Null);
    // Confirmed again and paid.
    let again = confirm(&s, &id, 4, Some("anna@example.com")).await;
    assert_eq!(again.body["awaiting_payment"], true);
    let done = engine(&s, &format!("{url}/complete"), json!({}), None).await;
    assert_eq!(done.body["status"], "complete");
    assert_eq!(done.body["payment_reference"], Value::Null);
    // Without a message, the widget says its own sentence.
    let other = s.demo_session().await["id"].as_str().unwrap().to_string();
    confirm(&s, &other, 1, Some("anna@example.com")).await;
    let plain = engine(
        &s,
        &format!("/v1/checkout/sessions/{other}/reopen"),
        json!({}),
        None,
    )
    .await;
    assert_eq!(plain.body["payment_failure"], json!({"message": null}));
}

#[tokio::test]
async fn only_a_session_awaiting_payment_completes_or_reopens_and_an_expired_one_never() {
    let s = merchant().await;
    let id = s.demo_session().await["id"].as_str().unwrap().to_string();
    let url = format!("/v1/checkout/sessions/{id}");
    for op in ["complete", "reopen"] {
        let a = engine(&s, &format!("{url}/{op}"), json!({}), None).await;
        assert_eq!(
            (a.status, a.code()),
            (StatusCode::CONFLICT, "session_not_awaiting_payment"),
            "{op}"
        );
        // Bad input is named and changes nothing.
        let field = if op == "complete" {
            "payment_reference"
        } else {
            "failure_message"
        };
        let a = engine(
            &s,
            &format!("{url}/{op}"),
            json!({ field: "x".repeat(201) }),
            None,
        )
        .await;
        assert_eq!(
            (a.code(), a.body["error"]["param"].as_str()),
            ("parameter_invalid", Some(field))
        );
        let a = engine(&s, &format!("{url}/{op}"), json!({"amount": 1}), None).await;
        assert_eq!(a.code(), "parameter_unknown");
        let a = engine(
            &s,
            "/v1/checkout/sessions/cs_nope/complete",
            json!({}),
            None,
        )
        .await;
        assert_eq!(a.status, StatusCode::NOT_FOUND);
    }
    // The secret key is needed.
    confirm(&s, &id, 1, Some("anna@example.com")).await;
    let anon = s
        .call("POST", &format!("{url}/complete"), Some(json!({})), None)
        .await;
    assert_eq!(anon.status, StatusCode::UNAUTHORIZED);
    // Past its expiry the frozen session is expired: neither completed nor reopened.
    s.clock.advance(24 * 60 * 60 + 1);
    for op in ["complete", "reopen"] {
        let a = engine(&s, &format!("{url}/{op}"), json!({}), None).await;
        assert_eq!(
            (a.status, a.code()),
            (StatusCode::CONFLICT, "session_not_open"),
            "{op}"
        );
    }
    assert_eq!(
        s.engine("GET", &url, json!(null)).await["status"],
        "expired"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_completions_complete_once_with_one_event() {
    let s = merchant().await;
    let _hook = receiver(&s).await;
    let id = s.demo_session().await["id"].as_str().unwrap().to_string();
    confirm(&s, &id, 1, Some("anna@example.com")).await;
    let path = format!("/v1/checkout/sessions/{id}/complete");
    let answers: Vec<Answer> =
        futures_util::future::join_all((0..8).map(|_| engine(&s, &path, json!({}), None))).await;
    let ok = answers
        .iter()
        .filter(|a| a.status == StatusCode::OK)
        .count();
    let refused = answers
        .iter()
        .filter(|a| a.code() == "session_not_open")
        .count();
    assert_eq!((ok, refused), (1, 7));
    assert_eq!(deliver(&s).await, 1, "one completion, one event");
}

#[tokio::test]
async fn the_buyers_email_is_checked_and_answered_as_customer_details() {
    let s = server().await;
    let id = s.demo_session().await["id"].as_str().unwrap().to_string();
    let before = s.snapshot(&id).await;
    let view = s
        .widget("GET", &format!("/api/checkout/{id}"), None)
        .await
        .body;
    assert_eq!(view["collect_email"], true);
    let missing = confirm(&s, &id, 1, None).await;
    assert_eq!(
        (
            missing.status,
            missing.code(),
            missing.body["error"]["param"].as_str()
        ),
        (StatusCode::BAD_REQUEST, "parameter_missing", Some("email"))
    );
    for bad in ["anna", "anna@example", "anna example.com", "@example.com"] {
        let a = confirm(&s, &id, 1, Some(bad)).await;
        assert_eq!(
            (a.code(), a.body["error"]["param"].as_str()),
            ("email_invalid", Some("email")),
            "{bad}"
        );
    }
    assert_eq!(
        s.snapshot(&id).await,
        before,
        "a refused confirm changes nothing"
    );
    let done = confirm(&s, &id, 1, Some("anna@example.com")).await;
    assert_eq!(
        (&done.body["status"], &done.body["payment_status"]),
        (&json!("complete"), &json!("paid"))
    );
    let v1 = s
        .engine("GET", &format!("/v1/checkout/sessions/{id}"), json!(null))
        .await;
    assert_eq!(v1["customer_details"]["email"], "anna@example.com");

    // The merchant knew the email: the widget does not ask, the confirm needs none.
    let known = s
        .session(
            json!({"mode": "subscription", "customer_email": "ben@example.com",
            "line_items": [{"price": demo::PRICE_MONTHLY, "quantity": 1}]}),
        )
        .await;
    let kid = known["id"].as_str().unwrap();
    let view = s
        .widget("GET", &format!("/api/checkout/{kid}"), None)
        .await
        .body;
    assert_eq!(view["collect_email"], false);
    let done = confirm(&s, kid, 1, None).await;
    assert_eq!(done.body["customer_details"]["email"], "ben@example.com");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_free_order_that_needs_no_payment_method_completes_at_confirm() {
    let s = merchant().await;
    let _hook = receiver(&s).await;
    let trial = s
        .session(
            json!({"mode": "subscription", "payment_method_collection": "if_required",
            "subscription_data": {"trial_period_days": 14},
            "line_items": [{"price": demo::PRICE_MONTHLY, "quantity": 1}]}),
        )
        .await;
    assert_eq!(trial["amount_total"], 0);
    let id = trial["id"].as_str().unwrap();
    let done = confirm(&s, id, 1, Some("anna@example.com")).await;
    assert_eq!(
        (
            &done.body["status"],
            &done.body["payment_status"],
            &done.body["awaiting_payment"]
        ),
        (
            &json!("complete"),
            &json!("no_payment_required"),
            &json!(false)
        )
    );
    assert_eq!(deliver(&s).await, 1);
    // With `always` (the default) the merchant's payment step still runs (to keep a card
    // for the first invoice), and completing says nothing was paid today.
    let always = s
        .session(
            json!({"mode": "subscription", "subscription_data": {"trial_period_days": 14},
            "line_items": [{"price": demo::PRICE_MONTHLY, "quantity": 1}]}),
        )
        .await;
    let aid = always["id"].as_str().unwrap();
    assert_eq!(
        confirm(&s, aid, 1, Some("anna@example.com")).await.body["awaiting_payment"],
        true
    );
    let done = engine(
        &s,
        &format!("/v1/checkout/sessions/{aid}/complete"),
        json!({}),
        None,
    )
    .await;
    assert_eq!(done.body["payment_status"], "no_payment_required");
}
