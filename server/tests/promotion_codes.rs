//! §11: promotion codes on the engine API (`/v1/promotion_codes`) and the buyer's code on
//! the widget API, with every refusal changing nothing, the guess limit, and the last
//! redemption of a code taken once. Runs on SQLite, and on PostgreSQL with
//! `TEST_DATABASE_URL`.

mod common;
use axum::http::StatusCode;
use checkout_server::demo;
use common::*;
use serde_json::{json, Value};

async fn coupon(s: &Server, body: Value) -> String {
    s.engine("POST", "/v1/coupons", body).await["id"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn twenty_percent(s: &Server) -> String {
    coupon(
        s,
        json!({"percent_off": 20, "duration": "forever", "name": "Twenty"}),
    )
    .await
}

async fn promo(s: &Server, body: Value) -> Value {
    s.engine("POST", "/v1/promotion_codes", body).await
}

async fn code_session(s: &Server) -> String {
    let v = s
        .session(
            json!({"mode": "subscription", "allow_promotion_codes": true,
            "line_items": [{"price": demo::PRICE_MONTHLY, "quantity": 1,
                "adjustable_quantity": {"enabled": true, "minimum": 1, "maximum": 10}}]}),
        )
        .await;
    v["id"].as_str().unwrap().to_string()
}

async fn apply(s: &Server, session: &str, code: &str) -> Answer {
    s.widget(
        "POST",
        &format!("/api/checkout/{session}/promotion-code"),
        Some(json!({ "code": code })),
    )
    .await
}

#[tokio::test]
async fn the_merchant_creates_lists_and_archives_codes() {
    let s = server().await;
    let c = twenty_percent(&s).await;
    let p = promo(
        &s,
        json!({"coupon": c, "code": "Launch-20", "max_redemptions": 5,
            "restrictions": {"minimum_amount": 5000, "minimum_amount_currency": "usd"},
            "metadata": {"campaign": "spring"}}),
    )
    .await;
    let id = p["id"].as_str().unwrap().to_string();
    assert!(id.starts_with("promo_"), "{p}");
    assert_eq!(
        (
            &p["object"],
            &p["code"],
            &p["coupon"],
            &p["active"],
            &p["times_redeemed"]
        ),
        (
            &json!("promotion_code"),
            &json!("Launch-20"),
            &json!(c),
            &json!(true),
            &json!(0)
        )
    );
    assert_eq!(p["restrictions"]["minimum_amount"], 5000);
    assert_eq!(p["metadata"]["campaign"], "spring");
    assert_eq!(
        s.engine("GET", &format!("/v1/promotion_codes/{id}"), json!(null))
            .await,
        p
    );

    // One active code per spelling, whatever the case.
    let taken = s
        .engine_err(
            "POST",
            "/v1/promotion_codes",
            json!({"coupon": c, "code": "LAUNCH-20"}),
        )
        .await;
    assert_eq!(
        (
            taken.status,
            taken.code(),
            taken.body["error"]["param"].as_str()
        ),
        (StatusCode::CONFLICT, "resource_exists", Some("code"))
    );
    // Refusals, each naming its field.
    for (body, code, param) in [
        (
            json!({"coupon": "coupon_nope", "code": "ABC"}),
            "resource_missing",
            "coupon",
        ),
        (
            json!({"coupon": c, "code": "no"}),
            "parameter_invalid",
            "code",
        ),
        (
            json!({"coupon": c, "code": "with space"}),
            "parameter_invalid",
            "code",
        ),
        (
            json!({"coupon": c, "code": "ABCD", "max_redemptions": 0}),
            "parameter_invalid",
            "max_redemptions",
        ),
        (
            json!({"coupon": c, "code": "ABCD", "expires_at": 1}),
            "parameter_invalid",
            "expires_at",
        ),
        (
            json!({"coupon": c, "code": "ABCD", "restrictions": {"minimum_amount": 100}}),
            "parameter_invalid",
            "restrictions[minimum_amount_currency]",
        ),
        (
            json!({"coupon": c, "code": "ABCD", "percent_off": 5}),
            "parameter_unknown",
            "percent_off",
        ),
    ] {
        let a = s
            .engine_err("POST", "/v1/promotion_codes", body.clone())
            .await;
        assert_eq!(
            (a.code(), a.body["error"]["param"].as_str()),
            (code, Some(param)),
            "{body}"
        );
    }
    let listed = s.engine("GET", "/v1/promotion_codes", json!(null)).await;
    assert_eq!(
        listed["data"].as_array().unwrap().len(),
        1,
        "the refusals made nothing"
    );

    // Archived: the spelling is free again; the list of the coupon holds both.
    let archived = s
        .engine(
            "POST",
            &format!("/v1/promotion_codes/{id}"),
            json!({"active": false}),
        )
        .await;
    assert_eq!(archived["active"], false);
    s.clock.advance(1);
    let again = promo(&s, json!({"coupon": c, "code": "launch-20"})).await;
    let reactivate = s
        .engine_err(
            "POST",
            &format!("/v1/promotion_codes/{id}"),
            json!({"active": true}),
        )
        .await;
    assert_eq!(
        reactivate.code(),
        "resource_exists",
        "two active codes spelled alike"
    );
    let of_coupon = s
        .engine(
            "GET",
            &format!("/v1/promotion_codes?coupon={c}&limit=1"),
            json!(null),
        )
        .await;
    assert_eq!(of_coupon["data"][0]["id"], again["id"], "newest first");
    assert_eq!(of_coupon["has_more"], true);
    let missing = s
        .engine_err("GET", "/v1/promotion_codes/promo_nope", json!(null))
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_buyer_applies_a_code_keeps_it_on_the_upsell_and_removes_it() {
    let s = server().await;
    let c = twenty_percent(&s).await;
    promo(&s, json!({"coupon": c, "code": "SPRING"})).await;
    let id = code_session(&s).await;
    let view = s
        .widget("GET", &format!("/api/checkout/{id}"), None)
        .await
        .body;
    assert_eq!(view["allow_promotion_codes"], true);
    let applied = apply(&s, &id, "spring").await;
    assert_eq!(applied.status, StatusCode::OK, "{}", applied.body);
    assert_eq!(applied.body["promotion_code"]["code"], "SPRING");
    assert_eq!(applied.body["discounts"][0]["coupon"]["id"], c.as_str());
    assert_eq!(
        (&applied.body["amount_total"], &applied.body["version"]),
        (&json!(8_000), &json!(2))
    );
    // The yearly switch: the code still applies, to the yearly price.
    let yearly = s
        .widget(
            "POST",
            &format!("/api/checkout/{id}/upsell"),
            Some(json!({"selected": true})),
        )
        .await;
    assert_eq!(yearly.body["amount_total"], 80_000);
    assert_eq!(yearly.body["promotion_code"]["code"], "SPRING");
    // The merchant sees it too.
    let v1 = s
        .engine("GET", &format!("/v1/checkout/sessions/{id}"), json!(null))
        .await;
    assert_eq!(v1["promotion_code"]["code"], "SPRING");
    let removed = s
        .widget(
            "DELETE",
            &format!("/api/checkout/{id}/promotion-code"),
            None,
        )
        .await;
    assert_eq!(removed.status, StatusCode::OK);
    assert_eq!(
        (
            &removed.body["amount_total"],
            &removed.body["promotion_code"],
            &removed.body["discounts"]
        ),
        (&json!(100_000), &Value::Null, &json!([]))
    );
    // A session created without allow_promotion_codes takes none.
    let plain = s.demo_session().await["id"].as_str().unwrap().to_string();
    assert_eq!(
        apply(&s, &plain, "SPRING").await.code(),
        "promotion_codes_not_allowed"
    );
    // Nor may a session name discounts and allow codes.
    let both = s
        .engine_err(
            "POST",
            "/v1/checkout/sessions",
            json!({"mode": "subscription",
            "allow_promotion_codes": true, "discounts": [{"coupon": c}],
            "line_items": [{"price": demo::PRICE_MONTHLY, "quantity": 1}]}),
        )
        .await;
    assert_eq!(both.code(), "promotion_codes_not_allowed");
}

#[tokio::test]
async fn each_refused_code_says_why_and_changes_nothing() {
    let s = server().await;
    let c = twenty_percent(&s).await;
    let eur = coupon(
        &s,
        json!({"amount_off": 500, "currency": "eur", "duration": "once"}),
    )
    .await;
    let now = s.state.store.now();
    promo(
        &s,
        json!({"coupon": c, "code": "SOON", "expires_at": now + 60}),
    )
    .await;
    promo(
        &s,
        json!({"coupon": c, "code": "ONCE", "max_redemptions": 1}),
    )
    .await;
    promo(
        &s,
        json!({"coupon": c, "code": "BIG",
        "restrictions": {"minimum_amount": 20_000, "minimum_amount_currency": "usd"}}),
    )
    .await;
    promo(
        &s,
        json!({"coupon": c, "code": "EUROS",
        "restrictions": {"minimum_amount": 100, "minimum_amount_currency": "eur"}}),
    )
    .await;
    promo(&s, json!({"coupon": eur, "code": "FIVE-EUR"})).await;
    let old = promo(&s, json!({"coupon": c, "code": "OLD"})).await;
    s.engine(
        "POST",
        &format!("/v1/promotion_codes/{}", old["id"].as_str().unwrap()),
        json!({"active": false}),
    )
    .await;

    // ONCE is used up by a completed session.
    let first = code_session(&s).await;
    assert_eq!(apply(&s, &first, "once").await.status, StatusCode::OK);
    let done = s
        .widget(
            "POST",
            &format!("/api/checkout/{first}/confirm"),
            Some(json!({"expected_version": 2, "email": "anna@example.com"})),
        )
        .await;
    assert_eq!(done.body["status"], "complete", "{}", done.body);
    let counted = s
        .engine("GET", "/v1/promotion_codes?limit=100", json!(null))
        .await;
    let once = counted["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["code"] == "ONCE")
        .unwrap()
        .clone();
    assert_eq!(once["times_redeemed"], 1);

    s.clock.advance(61);
    let id = code_session(&s).await;
    let before = s.snapshot(&id).await;
    for (code, refusal) in [
        ("NOPE", "promotion_code_invalid"),
        ("old", "promotion_code_invalid"),
        ("five-eur", "promotion_code_invalid"),
        ("soon", "promotion_code_expired"),
        ("once", "promotion_code_exhausted"),
        ("big", "promotion_code_minimum_amount"),
        ("euros", "promotion_code_minimum_amount"),
    ] {
        let a = apply(&s, &id, code).await;
        assert_eq!(
            (a.status, a.code(), a.body["error"]["param"].as_str()),
            (StatusCode::BAD_REQUEST, refusal, Some("code")),
            "{code}"
        );
        assert_eq!(s.snapshot(&id).await, before, "{code} changed the cart");
    }
    // Above the minimum, BIG applies.
    let li = s
        .widget("GET", &format!("/api/checkout/{id}"), None)
        .await
        .body["line_items"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    s.widget(
        "POST",
        &format!("/api/checkout/{id}/line-items/{li}/quantity"),
        Some(json!({"quantity": 2})),
    )
    .await;
    assert_eq!(apply(&s, &id, "BIG").await.status, StatusCode::OK);
}

#[tokio::test]
async fn guessing_is_slowed_after_ten_refused_codes_within_an_hour() {
    let s = server().await;
    let c = twenty_percent(&s).await;
    promo(&s, json!({"coupon": c, "code": "REAL"})).await;
    let id = code_session(&s).await;
    for n in 0..10 {
        assert_eq!(
            apply(&s, &id, &format!("GUESS{n}")).await.code(),
            "promotion_code_invalid"
        );
        s.clock.advance(1);
    }
    let limited = apply(&s, &id, "REAL").await;
    assert_eq!(
        (limited.status, limited.code()),
        (StatusCode::TOO_MANY_REQUESTS, "rate_limited")
    );
    let wait: i64 = limited.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((3_590..=3_600).contains(&wait), "{wait}");
    // Another session is not slowed; an hour after the first guess this one takes codes again.
    let other = code_session(&s).await;
    assert_eq!(apply(&s, &other, "REAL").await.status, StatusCode::OK);
    s.clock.advance(wait);
    assert_eq!(apply(&s, &id, "REAL").await.status, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_last_redemption_of_a_code_goes_to_one_completion() {
    let s = server().await;
    let c = twenty_percent(&s).await;
    let p = promo(
        &s,
        json!({"coupon": c, "code": "LAST", "max_redemptions": 1}),
    )
    .await;
    let (a, b) = (code_session(&s).await, code_session(&s).await);
    for id in [&a, &b] {
        assert_eq!(apply(&s, id, "LAST").await.status, StatusCode::OK);
    }
    let s = &s;
    let confirm = |id: String| async move {
        s.widget(
            "POST",
            &format!("/api/checkout/{id}/confirm"),
            Some(json!({"expected_version": 2, "email": "anna@example.com"})),
        )
        .await
    };
    let (ra, rb) = tokio::join!(confirm(a.clone()), confirm(b.clone()));
    let mut codes = [
        ra.body["status"].as_str().map(str::to_string),
        rb.body["status"].as_str().map(str::to_string),
    ];
    codes.sort();
    let refused = if ra.status == StatusCode::OK {
        &rb
    } else {
        &ra
    };
    assert_eq!(
        (refused.status, refused.code()),
        (StatusCode::BAD_REQUEST, "promotion_code_exhausted"),
        "{} / {}",
        ra.body,
        rb.body
    );
    assert_eq!(codes[1].as_deref(), Some("complete"), "one completed");
    let counted = s
        .engine(
            "GET",
            &format!("/v1/promotion_codes/{}", p["id"].as_str().unwrap()),
            json!(null),
        )
        .await;
    assert_eq!(counted["times_redeemed"], 1);
}
