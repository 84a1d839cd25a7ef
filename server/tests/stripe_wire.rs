//! The parts of Stripe's wire protocol the engine speaks so far (DESIGN §9): a
//! `Request-Id` on every answer, HTTP Basic auth with the key as user name (what
//! `curl -u sk_…:` and Stripe's clients send), and `Stripe-Should-Retry` on refusals, so
//! an SDK does not sit through retries of a request that can never succeed.

mod common;
use axum::http::StatusCode;
use base64::Engine as _;
use checkout_server::guard::{Guard, RateLimit};
use common::*;
use serde_json::{json, Value};

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

#[tokio::test]
async fn a_session_takes_and_answers_the_merchants_own_fields() {
    let s = server().await;
    let created = s
        .session(json!({"mode": "subscription", "ui_mode": "custom",
            "line_items": [{"price": checkout_server::demo::PRICE_MONTHLY}],
            "metadata": {"order": "42", "channel": "web"}, "client_reference_id": "cart_7",
            "customer_email": "anna@example.com", "return_url": "https://shop.example/done?s={CHECKOUT_SESSION_ID}",
            "success_url": "https://shop.example/thanks"}))
        .await;
    let id = created["id"].as_str().unwrap().to_string();
    assert_eq!(
        created["metadata"],
        json!({"order": "42", "channel": "web"})
    );
    assert_eq!(created["client_reference_id"], "cart_7");
    assert_eq!(created["customer_email"], "anna@example.com");
    assert_eq!(
        created["return_url"],
        "https://shop.example/done?s={CHECKOUT_SESSION_ID}"
    );
    assert_eq!(created["success_url"], "https://shop.example/thanks");
    assert_eq!(created["ui_mode"], "custom");
    assert_eq!(created["payment_method_collection"], "always");
    assert!(created["created"].as_i64().unwrap() > 1_600_000_000);
    let item = &items(&created)[0];
    assert_eq!(
        (&item["description"], &item["currency"], &item["amount_tax"]),
        (&json!("Togethere Professional"), &json!("usd"), &json!(0))
    );
    assert_eq!(
        created["line_items"]["url"],
        format!("/v1/checkout/sessions/{id}/line_items")
    );

    // Retrieve: line items only when asked for, either way Stripe's SDKs write it.
    let url = format!("/v1/checkout/sessions/{id}");
    let plain = s.engine("GET", &url, json!(null)).await;
    assert!(plain.get("line_items").is_none(), "{plain}");
    assert_eq!(plain["metadata"], created["metadata"]);
    for q in [
        "expand[]=line_items",
        "expand[0]=line_items",
        "expand%5B0%5D=line_items",
    ] {
        let v = s.engine("GET", &format!("{url}?{q}"), json!(null)).await;
        assert_eq!(items(&v).len(), 1, "{q}");
    }
    let wrong = s
        .call("GET", &format!("{url}?expand[]=customer"), None, Some(KEY))
        .await;
    assert_eq!(
        (wrong.status, wrong.body["error"]["param"].as_str()),
        (StatusCode::BAD_REQUEST, Some("expand[0]")),
        "{}",
        wrong.body
    );
    // The client view the widget reads is unchanged: an array, none of the merchant's own.
    let client = s
        .widget("GET", &format!("/api/checkout/{id}"), None)
        .await
        .body;
    assert!(client["line_items"].is_array());
    for hidden in [
        "metadata",
        "client_reference_id",
        "return_url",
        "customer_email",
    ] {
        assert!(client.get(hidden).is_none(), "{hidden}: {client}");
    }

    // Metadata alone updates without touching the cart or its version; "" removes a key.
    let updated = s
        .engine(
            "POST",
            &url,
            json!({"metadata": {"order": "", "paid_by": "invoice"}}),
        )
        .await;
    assert_eq!(
        updated["metadata"],
        json!({"channel": "web", "paid_by": "invoice"})
    );
    assert_eq!(updated["version"], created["version"]);
    let cleared = s.engine("POST", &url, json!({"metadata": null})).await;
    assert_eq!(cleared["metadata"], json!({}));
    // `GET …/line_items` answers the same items.
    let listed = s
        .engine("GET", &format!("{url}/line_items"), json!(null))
        .await;
    assert_eq!(listed["data"][0], *item);

    // A closed session still takes the merchant's metadata (its order number, say), and
    // nothing else.
    let expired = s.engine("POST", &format!("{url}/expire"), json!({})).await;
    assert_eq!(expired["status"], "expired");
    let tagged = s
        .engine("POST", &url, json!({"metadata": {"order": "1001"}}))
        .await;
    assert_eq!(
        (&tagged["status"], &tagged["metadata"], &tagged["version"]),
        (
            &expired["status"],
            &json!({"order": "1001"}),
            &expired["version"]
        )
    );
    let refused = s
        .engine_err(
            "POST",
            &url,
            json!({"line_items": [{"id": item["id"]}], "metadata": {"order": "1002"}}),
        )
        .await;
    assert_eq!(refused.code(), "session_not_open");
    let after = s.engine("GET", &url, json!(null)).await;
    assert_eq!(after["metadata"], json!({"order": "1001"}));
}

#[tokio::test]
async fn a_session_refuses_malformed_merchant_fields_and_changes_nothing() {
    let s = server().await;
    let base = json!({"mode": "subscription", "line_items": [{"price": checkout_server::demo::PRICE_MONTHLY}]});
    let with = |k: &str, v: Value| {
        let mut b = base.clone();
        b[k] = v;
        b
    };
    let cases = [
        (
            with("customer_email", json!("anna@example")),
            "email_invalid",
            "customer_email",
        ),
        (
            with("customer_email", json!("anna example.com")),
            "email_invalid",
            "customer_email",
        ),
        (
            with("client_reference_id", json!("")),
            "parameter_invalid",
            "client_reference_id",
        ),
        (
            with("client_reference_id", json!("x".repeat(201))),
            "parameter_invalid",
            "client_reference_id",
        ),
        (
            with("return_url", json!("/done")),
            "parameter_invalid",
            "return_url",
        ),
        (
            with("success_url", json!("ftp://shop.example")),
            "parameter_invalid",
            "success_url",
        ),
        (
            with("ui_mode", json!("hosted")),
            "parameter_invalid",
            "ui_mode",
        ),
        (
            with("payment_method_collection", json!("never")),
            "parameter_invalid",
            "payment_method_collection",
        ),
        (
            with("metadata", json!({"k".repeat(41): "v"})),
            "parameter_invalid",
            "",
        ),
        (
            with("payment_method_types", json!(["card"])),
            "parameter_unknown",
            "payment_method_types",
        ),
        (
            with(
                "shipping_address_collection",
                json!({"allowed_countries": ["DE"]}),
            ),
            "parameter_unknown",
            "shipping_address_collection",
        ),
    ];
    let before = s.engine("GET", "/v1/checkout/sessions", json!(null)).await;
    for (body, code, param) in cases {
        let a = s
            .engine_err("POST", "/v1/checkout/sessions", body.clone())
            .await;
        assert_eq!(
            (a.status, a.code()),
            (StatusCode::BAD_REQUEST, code),
            "{body}: {}",
            a.body
        );
        let got = a.body["error"]["param"].as_str().unwrap_or("");
        if param.is_empty() {
            assert!(got.starts_with("metadata["), "{body}: {}", a.body);
        } else {
            assert_eq!(got, param, "{body}: {}", a.body);
        }
        assert!(a.body["error"]["message"].as_str().unwrap().len() > 10);
    }
    let after = s.engine("GET", "/v1/checkout/sessions", json!(null)).await;
    assert_eq!(after["data"], before["data"], "no session was created");
}
