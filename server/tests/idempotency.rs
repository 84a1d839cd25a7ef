//! `Idempotency-Key` on the engine and widget APIs: a repeat replays the first answer
//! without doing the change again; another request under the same key is refused; keys
//! live 24 hours.

mod common;
use axum::http::StatusCode;
use checkout_server::demo;
use common::*;
use serde_json::json;

#[tokio::test]
async fn a_repeated_widget_action_replays_the_first_answer_and_changes_nothing_more() {
    let s = server().await;
    let id = s.demo_session().await["id"].as_str().unwrap().to_string();
    let add = format!("/api/checkout/{id}/cross-sells");
    let body = json!({"product": demo::PRODUCT_DEPLOYMENT});
    let first = s
        .call_idem("POST", &add, Some(body.clone()), None, Some("k-add-1"))
        .await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    assert!(!first.replayed());
    assert_eq!(first.body["version"], 2);

    // The buyer's resend (say after a timeout): the same answer, byte for byte.
    let again = s
        .call_idem("POST", &add, Some(body.clone()), None, Some("k-add-1"))
        .await;
    assert_eq!(again.status, StatusCode::OK);
    assert!(again.replayed());
    assert_eq!(again.raw, first.raw);
    let now = s.widget("GET", &format!("/api/checkout/{id}"), None).await;
    assert_eq!(now.body["version"], 2, "the change happened once");
    assert_eq!(now.body["line_items"].as_array().unwrap().len(), 2);

    // Without a key, the same request is a new request (and refused: already added).
    let plain = s.widget("POST", &add, Some(body)).await;
    assert_eq!(
        (plain.status, plain.code()),
        (StatusCode::CONFLICT, "cross_sell_already_added")
    );
}

#[tokio::test]
async fn a_key_reused_for_another_request_is_refused_and_changes_nothing() {
    let s = server().await;
    let id = s.demo_session().await["id"].as_str().unwrap().to_string();
    let upsell = format!("/api/checkout/{id}/upsell");
    let a = s
        .call_idem(
            "POST",
            &upsell,
            Some(json!({"selected": true})),
            None,
            Some("k1"),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK);
    let before = s.snapshot(&id).await;
    // Another body, another path, another method: each is another request.
    let other_body = s
        .call_idem(
            "POST",
            &upsell,
            Some(json!({"selected": false})),
            None,
            Some("k1"),
        )
        .await;
    let li = a.body["line_items"][0]["id"].as_str().unwrap().to_string();
    let other_path = s
        .call_idem(
            "POST",
            &format!("/api/checkout/{id}/line-items/{li}/quantity"),
            Some(json!({"quantity": 2})),
            None,
            Some("k1"),
        )
        .await;
    let other_method = s
        .call_idem(
            "DELETE",
            &format!(
                "/api/checkout/{id}/cross-sells/{}",
                demo::PRODUCT_DEPLOYMENT
            ),
            None,
            None,
            Some("k1"),
        )
        .await;
    for refused in [other_body, other_path, other_method] {
        assert_eq!(
            (refused.status, refused.code()),
            (StatusCode::BAD_REQUEST, "idempotency_key_reused")
        );
        // Stripe's type: its SDKs raise IdempotencyError, and do not retry it.
        assert_eq!(refused.body["error"]["type"], "idempotency_error");
        assert_eq!(refused.headers["stripe-should-retry"], "false");
        assert_eq!(refused.body["error"]["param"], "Idempotency-Key");
    }
    assert_eq!(s.snapshot(&id).await, before);
}

#[tokio::test]
async fn a_refused_request_keeps_no_answer_so_the_key_carries_the_corrected_one() {
    let s = server().await;
    let one = s.demo_session().await;
    let two = s.demo_session().await;
    let quantity = |v: &serde_json::Value| {
        format!(
            "/api/checkout/{}/line-items/{}/quantity",
            v["id"].as_str().unwrap(),
            items(v)[0]["id"].as_str().unwrap()
        )
    };
    let s = &s;
    let send = |path: String, q: u64| async move {
        s.call_idem(
            "POST",
            &path,
            Some(json!({"quantity": q})),
            None,
            Some("same"),
        )
        .await
    };
    // Refused for what it carries (Stripe: "failed validation"): nothing is kept, so a
    // resend runs again, and the same key then carries the corrected request.
    for _ in 0..2 {
        let refused = send(quantity(&one), 99).await;
        assert_eq!(
            (refused.status, refused.code()),
            (StatusCode::BAD_REQUEST, "quantity_out_of_range")
        );
        assert!(!refused.replayed(), "a validation refusal is not replayed");
        assert_eq!(refused.body["error"]["param"], "quantity");
    }
    let corrected = send(quantity(&one), 3).await;
    assert_eq!(corrected.status, StatusCode::OK, "{}", corrected.body);
    assert!(!corrected.replayed());
    let replay = send(quantity(&one), 3).await;
    assert!(replay.replayed());
    assert_eq!(replay.raw, corrected.raw);
    assert_eq!(replay.body["version"], 2, "the change ran once");
    // The key is now bound to that request.
    let reused = send(quantity(&one), 99).await;
    assert_eq!(reused.code(), "idempotency_key_reused");
    // Another session's buyer may (by chance) use the same key: its own scope.
    let other = send(quantity(&two), 4).await;
    assert_eq!(other.status, StatusCode::OK);
    assert!(!other.replayed());
}

#[tokio::test]
async fn a_refusal_by_the_state_found_is_kept_and_replayed() {
    let s = server().await;
    let id = s.demo_session().await["id"].as_str().unwrap().to_string();
    let add = format!("/api/checkout/{id}/cross-sells");
    let body = json!({"product": demo::PRODUCT_DEPLOYMENT});
    let first = s
        .call_idem("POST", &add, Some(body.clone()), None, Some("a"))
        .await;
    assert_eq!(first.status, StatusCode::OK);
    // The second add ran against a cart that has the cross-sell: 409, kept.
    let refused = s
        .call_idem("POST", &add, Some(body.clone()), None, Some("b"))
        .await;
    assert_eq!(
        (refused.status, refused.code()),
        (StatusCode::CONFLICT, "cross_sell_already_added")
    );
    // The buyer removes it; a resend of "b" gets the first answer, and does not add.
    let removed = s
        .widget(
            "DELETE",
            &format!("{add}/{}", demo::PRODUCT_DEPLOYMENT),
            None,
        )
        .await;
    assert_eq!(removed.status, StatusCode::OK, "{}", removed.body);
    let replay = s.call_idem("POST", &add, Some(body), None, Some("b")).await;
    assert!(replay.replayed());
    assert_eq!(
        (replay.status, replay.raw.clone()),
        (refused.status, refused.raw.clone())
    );
    let now = s.widget("GET", &format!("/api/checkout/{id}"), None).await;
    assert_eq!(now.body["version"], 3, "added, removed, and nothing since");
    assert_eq!(now.body["cross_sells"][0]["added"], false);
}

#[tokio::test]
async fn engine_creates_once_per_key_and_keys_live_24_hours() {
    let s = server().await;
    let body = json!({"mode": "subscription", "line_items": [{"price": demo::PRICE_MONTHLY, "quantity": 1}]});
    let create = |k: &'static str| {
        s.call_idem(
            "POST",
            "/v1/checkout/sessions",
            Some(body.clone()),
            Some(KEY),
            Some(k),
        )
    };
    let first = create("order-1001").await;
    assert_eq!(first.status, StatusCode::OK);
    let second = create("order-1001").await;
    assert!(second.replayed());
    assert_eq!(second.body["id"], first.body["id"], "one session, not two");
    let fresh = create("order-1002").await;
    assert_ne!(fresh.body["id"], first.body["id"]);

    // After 24 hours the key is forgotten: the same key creates anew, and pruning removes
    // the old rows.
    s.clock.advance(24 * 60 * 60 + 1);
    let later = create("order-1001").await;
    assert!(!later.replayed());
    assert_ne!(later.body["id"], first.body["id"]);
    let pruned = s.state.store.prune().await.unwrap();
    assert_eq!(
        pruned, 1,
        "order-1002's row is older than 24 hours; order-1001's was replaced"
    );
}

#[tokio::test]
async fn concurrent_requests_with_one_key_do_the_change_once() {
    let s = server().await;
    let id = s.demo_session().await["id"].as_str().unwrap().to_string();
    let add = format!("/api/checkout/{id}/cross-sells");
    let body = json!({"product": demo::PRODUCT_DEPLOYMENT});
    let answers = futures_util::future::join_all(
        (0..10).map(|_| s.call_idem("POST", &add, Some(body.clone()), None, Some("double-click"))),
    )
    .await;
    let first = &answers[0];
    for a in &answers {
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        assert_eq!(a.raw, first.raw, "every answer is the first answer");
    }
    assert_eq!(answers.iter().filter(|a| !a.replayed()).count(), 1);
    let now = s.widget("GET", &format!("/api/checkout/{id}"), None).await;
    assert_eq!(now.body["version"], 2);
}

#[tokio::test]
async fn malformed_keys_are_refused() {
    let s = server().await;
    let id = s.demo_session().await["id"].as_str().unwrap().to_string();
    let long = "k".repeat(256);
    for bad in [long.as_str(), "with space", "tab\tkey"] {
        let a = s
            .call_idem(
                "POST",
                &format!("/api/checkout/{id}/upsell"),
                Some(json!({"selected": true})),
                None,
                Some(bad),
            )
            .await;
        assert_eq!(
            (a.status, a.code()),
            (StatusCode::BAD_REQUEST, "parameter_invalid"),
            "{bad:?}"
        );
        assert_eq!(a.body["error"]["param"], "Idempotency-Key");
    }
    let a = s.widget("GET", &format!("/api/checkout/{id}"), None).await;
    assert_eq!(a.body["version"], 1);
}
