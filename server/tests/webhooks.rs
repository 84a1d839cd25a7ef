//! Completing the checkout: confirm, the signed `checkout.session.completed` event from
//! the outbox (exactly once per completion, retried with backoff, surviving a restart),
//! and the fulfilment read of the final line items.

mod common;
use axum::http::{HeaderMap, StatusCode};
use checkout_server::demo;
use checkout_server::guard::Guard;
use checkout_server::payments::TestModeDeclines02;
use checkout_server::store::Store;
use checkout_server::webhooks::{backoff_secs, deliver_due, verify, Pass, VerifyError};
use common::binary;
use common::*;
use serde_json::{json, Value};
use std::sync::atomic::Ordering;
use std::sync::Arc;

async fn register(s: &Server, url: &str) -> String {
    let e = s
        .engine(
            "POST",
            "/v1/webhook_endpoints",
            json!({"url": url, "enabled_events": ["checkout.session.completed"]}),
        )
        .await;
    assert!(e["id"].as_str().unwrap().starts_with("we_"));
    // Stripe's names: what the endpoint receives, and that it is on.
    assert_eq!(e["enabled_events"], json!(["checkout.session.completed"]));
    assert_eq!(e["status"], "enabled");
    let listed = s.engine("GET", "/v1/webhook_endpoints", json!(null)).await;
    assert!(
        listed["data"][0].get("secret").is_none(),
        "the secret is shown once"
    );
    e["secret"].as_str().unwrap().to_string()
}

async fn confirm(s: &Server, id: &str, version: i64) -> Answer {
    s.widget(
        "POST",
        &format!("/api/checkout/{id}/confirm"),
        Some(json!({"expected_version": version, "email": "anna@example.com"})),
    )
    .await
}

fn signature(h: &HeaderMap) -> &str {
    h.get("checkout-signature").unwrap().to_str().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_completion_sends_exactly_one_signed_event_and_fulfilment_reads_the_final_items() {
    let s = server().await;
    let (receiver, url) = Receiver::start(0).await;
    let secret = register(&s, &url).await;
    let id = s.demo_session().await["id"].as_str().unwrap().to_string();
    s.widget(
        "POST",
        &format!("/api/checkout/{id}/upsell"),
        Some(json!({"selected": true})),
    )
    .await;
    let added = s
        .widget(
            "POST",
            &format!("/api/checkout/{id}/cross-sells"),
            Some(json!({"product": demo::PRODUCT_DEPLOYMENT})),
        )
        .await;
    let version = added.body["version"].as_i64().unwrap();

    let done = confirm(&s, &id, version).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert_eq!(
        (done.body["status"].as_str(), done.body["version"].as_i64()),
        (Some("complete"), Some(version + 1))
    );
    assert_eq!(done.body["livemode"], false);
    // Confirming twice does not complete twice.
    let again = confirm(&s, &id, version + 1).await;
    assert_eq!(
        (again.status, again.code()),
        (StatusCode::CONFLICT, "session_not_open")
    );

    let http = reqwest::Client::new();
    assert_eq!(
        deliver_due(&s.state.store, &http).await.unwrap(),
        Pass {
            delivered: 1,
            ..Pass::default()
        }
    );
    assert_eq!(
        deliver_due(&s.state.store, &http).await.unwrap(),
        Pass::default(),
        "nothing left to send"
    );
    let got = receiver.deliveries();
    assert_eq!(got.len(), 1, "exactly one event per completion");
    let (headers, body) = &got[0];
    let now = s.state.store.now();
    assert_eq!(verify(&secret, signature(headers), body, now, 300), Ok(()));
    assert_eq!(
        verify(
            &secret,
            signature(headers),
            &body.replace("complete", "completX"),
            now,
            300
        ),
        Err(VerifyError::Mismatch),
        "a tampered body fails verification"
    );
    assert_eq!(
        verify(&secret, signature(headers), body, now + 301, 300),
        Err(VerifyError::Stale),
        "an old delivery replayed later fails"
    );
    // Stripe's header carries the same signature, so stripe.Webhook.construct_event
    // verifies the delivery as it verifies Stripe's.
    assert_eq!(headers["stripe-signature"], headers["checkout-signature"]);
    let event: Value = serde_json::from_str(body).unwrap();
    assert!(event["id"].as_str().unwrap().starts_with("evt_"));
    assert_eq!(event["object"], "event");
    assert_eq!(event["api_version"], checkout_server::webhooks::API_VERSION);
    assert_eq!(event["livemode"], false);
    assert_eq!(event["pending_webhooks"], 1, "sent to the one endpoint");
    assert_eq!(event["type"], "checkout.session.completed");
    assert_eq!(event["data"]["object"]["id"], id.as_str());
    assert_eq!(event["data"]["object"]["status"], "complete");

    // Fulfilment: the final line items, the yearly price and the cross-sell, paged.
    let items = s
        .engine(
            "GET",
            &format!("/v1/checkout/sessions/{id}/line_items"),
            json!(null),
        )
        .await;
    let rows: Vec<(String, String)> = items["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|li| {
            (
                li["source"].as_str().unwrap().into(),
                li["price"]["id"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("original".into(), demo::PRICE_YEARLY.into()),
            ("cross_sell".into(), demo::PRICE_DEPLOYMENT.into())
        ]
    );
    assert_eq!(items["has_more"], false);
    let first = s
        .engine(
            "GET",
            &format!("/v1/checkout/sessions/{id}/line_items?limit=1"),
            json!(null),
        )
        .await;
    assert_eq!(
        (
            first["data"].as_array().unwrap().len(),
            first["has_more"].as_bool()
        ),
        (1, Some(true))
    );
    let after = first["data"][0]["id"].as_str().unwrap();
    let second = s
        .engine(
            "GET",
            &format!("/v1/checkout/sessions/{id}/line_items?limit=1&starting_after={after}"),
            json!(null),
        )
        .await;
    assert_eq!(second["data"][0]["price"]["id"], demo::PRICE_DEPLOYMENT);
    assert_eq!(second["has_more"], false);
    // A cursor that is no line item of this session is refused (every list: lists.rs).
    let a = s
        .call(
            "GET",
            &format!("/v1/checkout/sessions/{id}/line_items?starting_after=li_nope"),
            None,
            Some(KEY),
        )
        .await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::NOT_FOUND, "resource_missing")
    );
}

#[tokio::test]
async fn confirm_refuses_a_changed_cart_and_a_declined_payment_leaves_it_open() {
    let s = server_custom(
        Guard {
            rate: None,
            ..Guard::default()
        },
        Arc::new(TestModeDeclines02),
    )
    .await;
    let id = s.demo_session().await["id"].as_str().unwrap().to_string();
    // A confirm racing an update: it carries the version the buyer saw, the update landed.
    s.widget(
        "POST",
        &format!("/api/checkout/{id}/upsell"),
        Some(json!({"selected": true})),
    )
    .await;
    let before = s.snapshot(&id).await;
    let stale = confirm(&s, &id, 1).await;
    assert_eq!(
        (stale.status, stale.code()),
        (StatusCode::CONFLICT, "session_version_conflict")
    );
    assert_eq!(stale.body["error"]["param"], "expected_version");
    assert_eq!(s.snapshot(&id).await, before);

    // $10.02 is declined by the test processor: 402, the session stays open and unchanged.
    let product = s.product("Gift card").await;
    let price = s.one_time(&product, "usd", 1_002).await;
    let pay = s
        .session(
            json!({"mode": "payment", "line_items": [{"price": price, "quantity": 1,
            "adjustable_quantity": {"enabled": true, "minimum": 1, "maximum": 5}}]}),
        )
        .await;
    let pid = pay["id"].as_str().unwrap();
    let before = s.snapshot(pid).await;
    let declined = confirm(&s, pid, 1).await;
    assert_eq!(
        (declined.status.as_u16(), declined.code()),
        (402, "payment_declined")
    );
    assert_eq!(
        declined.body["error"]["type"], "card_error",
        "Stripe's type"
    );
    assert_eq!(s.snapshot(pid).await, before);
    // Two of them ($20.04) go through.
    let li = items(&pay)[0]["id"].as_str().unwrap();
    s.widget(
        "POST",
        &format!("/api/checkout/{pid}/line-items/{li}/quantity"),
        Some(json!({"quantity": 2})),
    )
    .await;
    let ok = confirm(&s, pid, 2).await;
    assert_eq!(
        (ok.status, ok.body["status"].as_str()),
        (StatusCode::OK, Some("complete"))
    );
    // And once complete, nothing changes any more.
    let late = s
        .widget(
            "POST",
            &format!("/api/checkout/{pid}/line-items/{li}/quantity"),
            Some(json!({"quantity": 3})),
        )
        .await;
    assert_eq!(
        (late.status, late.code()),
        (StatusCode::CONFLICT, "session_not_open")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_receiver_gets_the_event_on_the_third_try_even_across_a_restart() {
    let s = server().await;
    let (receiver, url) = Receiver::start(2).await;
    let secret = register(&s, &url).await;
    let id = s.demo_session().await["id"].as_str().unwrap().to_string();
    assert_eq!(confirm(&s, &id, 1).await.status, StatusCode::OK);
    let http = reqwest::Client::new();

    // Try 1 fails; nothing is tried again before the backoff has passed.
    assert_eq!(
        deliver_due(&s.state.store, &http)
            .await
            .unwrap()
            .failed_tries,
        1
    );
    s.clock.advance(backoff_secs(1) - 1);
    assert_eq!(
        deliver_due(&s.state.store, &http).await.unwrap(),
        Pass::default()
    );
    // Try 2, a minute later, fails too.
    s.clock.advance(1);
    assert_eq!(
        deliver_due(&s.state.store, &http)
            .await
            .unwrap()
            .failed_tries,
        1
    );

    // The server restarts: a new store on the same file, the delivery state read back.
    let clock = s.clock.0.clone();
    let reopened = Store::open(&s.database, 2)
        .await
        .unwrap()
        .with_clock(Arc::new(move || clock.load(Ordering::SeqCst)));
    s.clock.advance(backoff_secs(2));
    assert_eq!(
        deliver_due(&reopened, &http).await.unwrap(),
        Pass {
            delivered: 1,
            ..Pass::default()
        }
    );
    assert_eq!(
        deliver_due(&reopened, &http).await.unwrap(),
        Pass::default()
    );

    let got = receiver.deliveries();
    assert_eq!(got.len(), 3, "two failures, then the delivery");
    for (headers, body) in &got {
        assert_eq!(body, &got[0].1, "every try sends the same event");
        assert!(verify(&secret, signature(headers), body, s.state.store.now(), 300).is_ok());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_event_is_given_up_after_three_days_of_failures() {
    let s = server().await;
    let (receiver, url) = Receiver::start(usize::MAX).await;
    register(&s, &url).await;
    let id = s.demo_session().await["id"].as_str().unwrap().to_string();
    assert_eq!(confirm(&s, &id, 1).await.status, StatusCode::OK);
    let http = reqwest::Client::new();
    let mut tries = 0;
    loop {
        let pass = deliver_due(&s.state.store, &http).await.unwrap();
        tries += pass.failed_tries + pass.given_up;
        if pass.given_up == 1 {
            break;
        }
        assert_eq!(pass.failed_tries, 1);
        s.clock.advance(backoff_secs(tries as u32));
        assert!(tries < 40, "retries end");
    }
    assert_eq!(receiver.deliveries().len(), tries);
    s.clock.advance(7 * 24 * 60 * 60);
    assert_eq!(
        deliver_due(&s.state.store, &http).await.unwrap(),
        Pass::default(),
        "given up for good"
    );
    assert!((10..=20).contains(&tries), "{tries} tries over 3 days");
}

#[tokio::test]
async fn endpoints_need_a_url_and_known_event_types() {
    let s = server().await;
    for (body, code, param) in [
        (
            json!({"url": "ftp://x.example/h", "events": ["checkout.session.completed"]}),
            "webhook_url_invalid",
            "url",
        ),
        (
            json!({"url": "https:///nohost", "events": ["*"]}),
            "webhook_url_invalid",
            "url",
        ),
        // Stripe's name, `enabled_events`, is what a refusal names; `events` is read too.
        (
            json!({"url": "https://x.example/h", "events": []}),
            "parameter_invalid",
            "enabled_events",
        ),
        (
            json!({"url": "https://x.example/h", "enabled_events": ["charge.succeeded"]}),
            "parameter_invalid",
            "enabled_events[0]",
        ),
        (
            json!({"url": "https://x.example/h", "events": ["*"], "enabled_events": ["*"]}),
            "parameter_invalid",
            "enabled_events",
        ),
        (
            json!({"url": "https://x.example/h", "events": ["*"], "secret": "mine"}),
            "parameter_unknown",
            "secret",
        ),
    ] {
        let a = s.engine_err("POST", "/v1/webhook_endpoints", body).await;
        assert_eq!(
            (a.code(), a.body["error"]["param"].as_str()),
            (code, Some(param))
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_running_server_registers_the_demo_receiver_and_its_worker_delivers() {
    let (receiver, url) = Receiver::start(0).await;
    let dir = tempfile::tempdir().unwrap();
    let mut server = binary::start(
        &common::test_database(dir.path()),
        &[("DEMO_WEBHOOK_URL", url.as_str())],
    );
    let log = server.log.lock().unwrap().clone();
    let secret = log
        .split("its signing secret: ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .expect("the demo prints the receiver's secret")
        .to_string();
    let http = reqwest::Client::new();
    let base = server.base.clone();
    let session: Value = http
        .post(format!("{base}/v1/checkout/sessions"))
        .bearer_auth(binary::BINARY_KEY)
        .json(&json!({"mode": "subscription", "line_items": [{"price": demo::PRICE_MONTHLY, "quantity": 1}]}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = session["id"].as_str().unwrap();
    let res = http
        .post(format!("{base}/api/checkout/{id}/confirm"))
        .json(&json!({"expected_version": 1, "email": "anna@example.com"}))
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success());
    // The worker runs every second.
    let started = std::time::Instant::now();
    while receiver.deliveries().is_empty() && started.elapsed() < std::time::Duration::from_secs(15)
    {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let got = receiver.deliveries();
    assert_eq!(got.len(), 1, "the background worker delivered the event");
    let now = checkout_server::store::now();
    assert_eq!(
        verify(&secret, signature(&got[0].0), &got[0].1, now, 300),
        Ok(())
    );
    server.child.kill().unwrap();
    server.child.wait().unwrap();
}
