//! The engine API (§4.1) and every catalog and session rule, over HTTP, in-process.

mod common;
use axum::http::StatusCode;
use checkout_server::demo;
use common::*;
use serde_json::{json, Value};

#[tokio::test]
async fn the_engine_api_needs_the_secret_key() {
    let s = server().await;
    let none = s.call("GET", "/v1/products", None, None).await;
    assert_eq!(
        (none.status, none.code()),
        (StatusCode::UNAUTHORIZED, "authentication_required")
    );
    assert_eq!(none.body["error"]["type"], json!("authentication_error"));
    let wrong = s
        .call("GET", "/v1/products", None, Some("sk_test_wrong"))
        .await;
    assert_eq!(
        (wrong.status, wrong.code()),
        (StatusCode::UNAUTHORIZED, "invalid_api_key")
    );
    let right = s.call("GET", "/v1/products", None, Some(KEY)).await;
    assert_eq!(right.status, StatusCode::OK);
    let names: Vec<_> = right.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect();
    assert!(
        names.contains(&"Togethere Professional".to_string()),
        "the demo catalog is seeded: {names:?}"
    );
    let missing = s
        .call("GET", "/v1/checkout/sessions/cs_nope", None, Some(KEY))
        .await;
    assert_eq!(
        (missing.status, missing.code()),
        (StatusCode::NOT_FOUND, "resource_missing")
    );
    let not_json = s
        .raw(
            axum::http::Request::post("/v1/products")
                .header("authorization", format!("Bearer {KEY}"))
                .body("name=x".into())
                .unwrap(),
        )
        .await;
    assert_eq!(not_json.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

/// A main product with a monthly price (optionally upselling to yearly) and a session on it.
async fn main_product(s: &Server, upsell: bool) -> (String, String) {
    let product = s.product("Main").await;
    let monthly = s.recurring(&product, 10_000, "month", 1).await;
    if upsell {
        let yearly = s.recurring(&product, 100_000, "year", 1).await;
        s.engine(
            "PATCH",
            &format!("/v1/prices/{monthly}"),
            json!({"upsell": yearly}),
        )
        .await;
    }
    (product, monthly)
}

async fn configure_cross_sell(s: &Server, main: &str, cross_sell: &str) {
    s.engine(
        "PATCH",
        &format!("/v1/products/{main}"),
        json!({"cross_sells": [cross_sell]}),
    )
    .await;
}

async fn offers(s: &Server, body: Value) -> (String, Vec<String>) {
    let session = s.session(body).await;
    (
        session["id"].as_str().unwrap().to_string(),
        offered(&session),
    )
}

async fn refused_add(s: &Server, session: &str, product: &str) {
    let before = s.snapshot(session).await;
    let a = s
        .widget(
            "POST",
            &format!("/api/checkout/{session}/cross-sells"),
            Some(json!({"product": product})),
        )
        .await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::BAD_REQUEST, "cross_sell_not_offered"),
        "{}",
        a.body
    );
    assert_eq!(s.snapshot(session).await, before);
}

#[tokio::test]
async fn cross_sell_condition_1_exactly_one_active_price() {
    let s = server().await;
    let (main, monthly) = main_product(&s, false).await;
    let extra = s.product("Extra").await;
    s.one_time(&extra, "usd", 500).await;
    configure_cross_sell(&s, &main, &extra).await;
    let sub = json!({"mode": "subscription", "line_items": [{"price": monthly}]});
    assert_eq!(
        offers(&s, sub.clone()).await.1,
        std::slice::from_ref(&extra)
    );
    // A second active price makes it ineligible for sessions…
    s.one_time(&extra, "usd", 900).await;
    let (id, offered) = offers(&s, sub).await;
    assert!(offered.is_empty());
    refused_add(&s, &id, &extra).await;
    // …and a product with two prices cannot be configured as a cross-sell.
    let other = s.product("Other").await;
    let a = s
        .engine_err(
            "PATCH",
            &format!("/v1/products/{other}"),
            json!({"cross_sells": [extra]}),
        )
        .await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::BAD_REQUEST, "cross_sell_price_count")
    );
    assert_eq!(a.body["error"]["param"], json!("cross_sells[0]"));
    // An archived product cannot be configured either (§3.1 "another active product"),
    // as the dashboard's list hides it.
    let archived = s.product("Archived").await;
    s.one_time(&archived, "usd", 500).await;
    s.engine(
        "PATCH",
        &format!("/v1/products/{archived}"),
        json!({"active": false}),
    )
    .await;
    let a = s
        .engine_err(
            "PATCH",
            &format!("/v1/products/{other}"),
            json!({"cross_sells": [archived]}),
        )
        .await;
    assert_eq!(
        (a.status, a.code(), a.body["error"]["param"].as_str()),
        (
            StatusCode::BAD_REQUEST,
            "cross_sell_inactive",
            Some("cross_sells[0]")
        )
    );
}

#[tokio::test]
async fn cross_sell_condition_2_same_currency() {
    let s = server().await;
    let (main, monthly) = main_product(&s, false).await;
    let euro = s.product("Euro extra").await;
    s.one_time(&euro, "eur", 500).await;
    configure_cross_sell(&s, &main, &euro).await;
    let (id, offered) = offers(
        &s,
        json!({"mode": "subscription", "line_items": [{"price": monthly}]}),
    )
    .await;
    assert!(offered.is_empty());
    refused_add(&s, &id, &euro).await;
}

#[tokio::test]
async fn cross_sell_condition_3_recurring_needs_subscription_and_same_interval() {
    let s = server().await;
    let main = s.product("Main").await;
    let monthly = s.recurring(&main, 10_000, "month", 1).await;
    let once = s.one_time(&main, "usd", 5_000).await;
    let addon = s.product("Monthly add-on").await;
    s.recurring(&addon, 1_000, "month", 1).await;
    let yearly_addon = s.product("Yearly add-on").await;
    s.recurring(&yearly_addon, 9_000, "year", 1).await;
    s.engine(
        "PATCH",
        &format!("/v1/products/{main}"),
        json!({"cross_sells": [addon, yearly_addon]}),
    )
    .await;
    // subscription, monthly: the monthly add-on is offered, the yearly one is not
    let (id, offered) = offers(
        &s,
        json!({"mode": "subscription", "line_items": [{"price": monthly}]}),
    )
    .await;
    assert_eq!(offered, std::slice::from_ref(&addon));
    refused_add(&s, &id, &yearly_addon).await;
    // payment mode: no recurring cross-sell at all
    let (id, offered) = offers(
        &s,
        json!({"mode": "payment", "line_items": [{"price": once}]}),
    )
    .await;
    assert!(offered.is_empty());
    refused_add(&s, &id, &addon).await;
}

#[tokio::test]
async fn cross_sell_condition_4_upsell_allows_only_one_time_cross_sells() {
    let s = server().await;
    let (main, monthly) = main_product(&s, true).await;
    let addon = s.product("Monthly add-on").await;
    s.recurring(&addon, 1_000, "month", 1).await;
    let setup = s.product("Setup").await;
    s.one_time(&setup, "usd", 5_000).await;
    s.engine(
        "PATCH",
        &format!("/v1/products/{main}"),
        json!({"cross_sells": [addon, setup]}),
    )
    .await;
    let (id, offered) = offers(
        &s,
        json!({"mode": "subscription", "line_items": [{"price": monthly}]}),
    )
    .await;
    assert_eq!(offered, std::slice::from_ref(&setup));
    refused_add(&s, &id, &addon).await;
}

#[tokio::test]
async fn cross_sell_condition_5_automatic_tax_needs_a_tax_behavior() {
    let s = server().await;
    let (main, monthly) = main_product(&s, false).await;
    let unspecified = s.product("Unspecified").await;
    s.one_time(&unspecified, "usd", 500).await;
    let exclusive = s.product("Exclusive").await;
    s.price(json!({"product": exclusive, "currency": "usd", "unit_amount": 500, "type": "one_time", "tax_behavior": "exclusive"})).await;
    s.engine(
        "PATCH",
        &format!("/v1/products/{main}"),
        json!({"cross_sells": [unspecified, exclusive]}),
    )
    .await;
    let line_items = json!([{"price": monthly}]);
    let (_, without_tax) = offers(
        &s,
        json!({"mode": "subscription", "line_items": line_items}),
    )
    .await;
    assert_eq!(without_tax, [unspecified.clone(), exclusive.clone()]);
    let (id, with_tax) = offers(&s, json!({"mode": "subscription", "line_items": line_items, "automatic_tax": {"enabled": true}})).await;
    assert_eq!(with_tax, [exclusive]);
    refused_add(&s, &id, &unspecified).await;
}

#[tokio::test]
async fn cross_sell_condition_6_not_already_an_original_line_item() {
    let s = server().await;
    let (main, monthly) = main_product(&s, false).await;
    let extra = s.product("Extra").await;
    let extra_price = s.one_time(&extra, "usd", 500).await;
    configure_cross_sell(&s, &main, &extra).await;
    let (id, offered) = offers(
        &s,
        json!({"mode": "subscription", "line_items": [{"price": monthly}, {"price": extra_price}]}),
    )
    .await;
    assert!(offered.is_empty());
    refused_add(&s, &id, &extra).await;
}

#[tokio::test]
async fn cross_sell_config_changes_affect_new_sessions_only() {
    let s = server().await;
    let first = s.demo_session().await;
    s.engine(
        "PATCH",
        &format!("/v1/products/{}", demo::PRODUCT_PRO),
        json!({"cross_sells": []}),
    )
    .await;
    let id = first["id"].as_str().unwrap();
    let still = s.widget("GET", &format!("/api/checkout/{id}"), None).await;
    assert_eq!(offered(&still.body), [demo::PRODUCT_DEPLOYMENT]);
    assert!(offered(&s.demo_session().await).is_empty());
}

#[tokio::test]
async fn each_upsell_criterion_is_refused_with_its_own_code() {
    let s = server().await;
    let product = s.product("Plan").await;
    let monthly = s.recurring(&product, 10_000, "month", 1).await;
    let other = s.product("Other plan").await;
    let cases: Vec<(Value, &str)> = vec![
        (
            json!({"product": other, "currency": "usd", "unit_amount": 1, "type": "recurring", "recurring": {"interval": "year"}}),
            "upsell_product_mismatch",
        ),
        (
            json!({"product": product, "currency": "eur", "unit_amount": 1, "type": "recurring", "recurring": {"interval": "year"}}),
            "upsell_currency_mismatch",
        ),
        (
            json!({"product": product, "currency": "usd", "unit_amount": 1, "type": "one_time"}),
            "upsell_not_recurring",
        ),
        (
            json!({"product": product, "currency": "usd", "unit_amount": 1, "type": "recurring", "recurring": {"interval": "year", "usage_type": "metered"}}),
            "upsell_metered",
        ),
        (
            json!({"product": product, "currency": "usd", "unit_amount": 1, "type": "recurring", "recurring": {"interval": "year"}, "tax_behavior": "inclusive"}),
            "upsell_tax_behavior_mismatch",
        ),
        (
            json!({"product": product, "currency": "usd", "type": "recurring", "recurring": {"interval": "year"}, "billing_scheme": "tiered", "tiers_mode": "volume",
                "tiers": [{"up_to": 5, "unit_amount": 100}, {"up_to": null, "unit_amount": 90}]}),
            "upsell_tiers_mismatch",
        ),
        (
            json!({"product": product, "currency": "usd", "unit_amount": 1, "type": "recurring", "recurring": {"interval": "year"}, "transform_quantity": {"divide_by": 5, "round": "up"}}),
            "upsell_transform_quantity_mismatch",
        ),
        (
            json!({"product": product, "currency": "usd", "unit_amount": 1, "type": "recurring", "recurring": {"interval": "year"}, "active": false}),
            "upsell_inactive",
        ),
    ];
    for (body, code) in cases {
        let upsell = s.price(body).await["id"].as_str().unwrap().to_string();
        let before = s
            .engine("GET", &format!("/v1/prices/{monthly}"), json!(null))
            .await;
        let a = s
            .engine_err(
                "PATCH",
                &format!("/v1/prices/{monthly}"),
                json!({"upsell": upsell}),
            )
            .await;
        assert_eq!((a.status, a.code()), (StatusCode::BAD_REQUEST, code));
        assert_eq!(
            s.engine("GET", &format!("/v1/prices/{monthly}"), json!(null))
                .await,
            before
        );
    }
    let a = s
        .engine_err(
            "PATCH",
            &format!("/v1/prices/{monthly}"),
            json!({"upsell": monthly}),
        )
        .await;
    assert_eq!(a.code(), "upsell_same_price");
    let once = s.one_time(&product, "usd", 100).await;
    let yearly = s.recurring(&product, 90_000, "year", 1).await;
    let a = s
        .engine_err(
            "PATCH",
            &format!("/v1/prices/{once}"),
            json!({"upsell": yearly}),
        )
        .await;
    assert_eq!(a.code(), "upsell_source_not_recurring");
    let ok = s
        .engine(
            "PATCH",
            &format!("/v1/prices/{monthly}"),
            json!({"upsell": yearly}),
        )
        .await;
    assert_eq!(ok["upsell"], json!(yearly));
    let cleared = s
        .engine(
            "PATCH",
            &format!("/v1/prices/{monthly}"),
            json!({"upsell": null}),
        )
        .await;
    assert_eq!(cleared["upsell"], Value::Null);
}

#[tokio::test]
async fn session_upsell_eligibility() {
    let s = server().await;
    // payment mode
    let setup = s.one_time(demo::PRODUCT_DEPLOYMENT, "usd", 1).await;
    let pay = s
        .session(json!({"mode": "payment", "line_items": [{"price": setup}]}))
        .await;
    assert_eq!(pay["upsell"], Value::Null);
    // two recurring items
    let addon = s.product("Add-on").await;
    let addon_price = s.recurring(&addon, 1_000, "month", 1).await;
    let two = s.session(json!({"mode": "subscription", "line_items": [{"price": demo::PRICE_MONTHLY}, {"price": addon_price}]})).await;
    assert_eq!(two["upsell"], Value::Null);
    let id = two["id"].as_str().unwrap();
    let a = s
        .widget(
            "POST",
            &format!("/api/checkout/{id}/upsell"),
            Some(json!({"selected": true})),
        )
        .await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::BAD_REQUEST, "upsell_not_available")
    );
    // a stale configuration: the upsell price was deactivated after the session started
    let session = s.demo_session().await;
    assert!(session["upsell"].is_object());
    s.engine(
        "PATCH",
        &format!("/v1/prices/{}", demo::PRICE_YEARLY),
        json!({"active": false}),
    )
    .await;
    let id = session["id"].as_str().unwrap();
    let now = s.widget("GET", &format!("/api/checkout/{id}"), None).await;
    assert_eq!(now.body["upsell"], Value::Null);
    let a = s
        .widget(
            "POST",
            &format!("/api/checkout/{id}/upsell"),
            Some(json!({"selected": true})),
        )
        .await;
    assert_eq!(a.code(), "upsell_not_available");
}

#[tokio::test]
async fn no_savings_when_the_cycle_ratio_is_not_whole() {
    let s = server().await;
    let product = s.product("Plan").await;
    let every_five = s.recurring(&product, 10_000, "month", 5).await;
    let yearly = s.recurring(&product, 20_000, "year", 1).await;
    s.engine(
        "PATCH",
        &format!("/v1/prices/{every_five}"),
        json!({"upsell": yearly}),
    )
    .await;
    let session = s
        .session(json!({"mode": "subscription", "line_items": [{"price": every_five}]}))
        .await;
    assert!(session["upsell"].is_object(), "eligible");
    assert_eq!(session["upsell"]["savings"], Value::Null);
}

#[tokio::test]
async fn retransmit_semantics_and_every_refusal() {
    let s = server().await;
    let session = s.demo_session().await;
    let id = session["id"].as_str().unwrap().to_string();
    let li1 = items(&session)[0]["id"].as_str().unwrap().to_string();
    let book = s.product("Book").await;
    let book_price = s.one_time(&book, "usd", 1_500).await;
    let url = format!("/v1/checkout/sessions/{id}");
    // add
    let added = s
        .engine(
            "POST",
            &url,
            json!({"line_items": [{"id": li1}, {"price": book_price, "quantity": 2}], "expand": ["line_items"]}),
        )
        .await;
    let li2 = items(&added)[1]["id"].as_str().unwrap().to_string();
    assert_eq!(added["amount_total"], json!(13_000));
    assert_eq!(added["version"], json!(2));
    // keep everything: a no-op that does not bump the version
    let kept = s
        .engine(
            "POST",
            &url,
            json!({"line_items": [{"id": li1}, {"id": li2}], "expand": ["line_items"]}),
        )
        .await;
    assert_eq!(kept, added);
    // update + reorder
    let reordered = s
        .engine(
            "POST",
            &url,
            json!({"line_items": [{"id": li2, "quantity": 3}, {"id": li1}], "expand": ["line_items"]}),
        )
        .await;
    let ids: Vec<_> = items(&reordered)
        .iter()
        .map(|l| l["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, [li2.clone(), li1.clone()]);
    assert_eq!(items(&reordered)[0]["quantity"], json!(3));
    // remove
    let removed = s
        .engine(
            "POST",
            &url,
            json!({"line_items": [{"id": li1}], "expand": ["line_items"]}),
        )
        .await;
    assert_eq!(items(&removed).len(), 1);

    let inactive = s.one_time(&book, "usd", 900).await;
    s.engine(
        "PATCH",
        &format!("/v1/prices/{inactive}"),
        json!({"active": false}),
    )
    .await;
    let eur = s.one_time(&book, "eur", 900).await;
    let many: Vec<Value> = std::iter::once(json!({"id": li1}))
        .chain((0..100).map(|_| json!({"price": book_price})))
        .collect();
    let refusals: Vec<(Value, &str, u16)> = vec![
        (json!([{"id": "li_unknown"}]), "line_item_unknown", 400),
        (
            json!([{"id": li1}, {"id": li1}]),
            "line_item_duplicate",
            400,
        ),
        (
            json!([{"id": li1}, {"price": inactive}]),
            "price_inactive",
            400,
        ),
        (
            json!([{"id": li1}, {"price": eur}]),
            "currency_mismatch",
            400,
        ),
        (
            json!([{"price": book_price}]),
            "subscription_requires_recurring_price",
            400,
        ),
        (
            json!([{"id": li1}, {"price": demo::PRICE_YEARLY}]),
            "recurring_interval_mismatch",
            400,
        ),
        (
            json!([{"id": li1, "quantity": 6}]),
            "quantity_out_of_range",
            400,
        ),
        (
            json!([{"id": li1}, {"price": "price_nope"}]),
            "resource_missing",
            404,
        ),
        (json!([]), "line_items_empty", 400),
        (Value::Array(many), "too_many_line_items", 400),
        (
            json!([{"id": li1, "price": book_price}]),
            "line_item_ambiguous",
            400,
        ),
        (
            json!([{"id": li1, "unit_amount": 1}]),
            "parameter_unknown",
            400,
        ),
    ];
    for (items, code, status) in refusals {
        let before = s.snapshot(&id).await;
        let a = s
            .engine_err("POST", &url, json!({"line_items": items}))
            .await;
        assert_eq!((a.status.as_u16(), a.code()), (status, code), "{}", a.body);
        assert_eq!(
            s.snapshot(&id).await,
            before,
            "{code}: the session is byte-for-byte unchanged"
        );
    }
    // a recurring price in a payment session
    let pay = s
        .session(json!({"mode": "payment", "line_items": [{"price": book_price}]}))
        .await;
    let pay_li = items(&pay)[0]["id"].as_str().unwrap();
    let a = s
        .engine_err(
            "POST",
            &format!("/v1/checkout/sessions/{}", pay["id"].as_str().unwrap()),
            json!({"line_items": [{"id": pay_li}, {"price": demo::PRICE_MONTHLY}]}),
        )
        .await;
    assert_eq!(a.code(), "recurring_price_in_payment_mode");
    // what fulfilment reads
    let items = s
        .engine("GET", &format!("{url}/line_items"), json!(null))
        .await;
    assert_eq!(items["object"], json!("list"));
    assert_eq!(items["data"][0]["id"], json!(li1));
}

#[tokio::test]
async fn zero_and_three_decimal_currencies() {
    let s = server().await;
    let product = s.product("Manual").await;
    let jpy = s.one_time(&product, "jpy", 1_500).await;
    let kwd = s.one_time(&product, "kwd", 12_345).await;
    let j = s
        .session(json!({"mode": "payment", "line_items": [{"price": jpy, "quantity": 3}]}))
        .await;
    assert_eq!(
        (j["currency"].clone(), j["amount_total"].clone()),
        (json!("jpy"), json!(4_500))
    );
    let coupon = s
        .engine(
            "POST",
            "/v1/coupons",
            json!({"amount_off": 1_001, "currency": "kwd", "duration": "once", "name": "KWD off"}),
        )
        .await;
    let k = s.session(json!({"mode": "payment", "line_items": [{"price": kwd, "quantity": 2}], "discounts": [{"coupon": coupon["id"]}]})).await;
    assert_eq!(
        (
            k["amount_subtotal"].clone(),
            k["total_details"]["amount_discount"].clone(),
            k["amount_total"].clone()
        ),
        (json!(24_690), json!(1_001), json!(23_689))
    );
}

#[tokio::test]
async fn tiers_transform_quantity_coupons_and_trials() {
    let s = server().await;
    let product = s.product("Seats").await;
    let tiered = s
        .price(json!({"product": product, "currency": "usd", "type": "recurring", "recurring": {"interval": "month"}, "billing_scheme": "tiered",
            "tiers_mode": "graduated", "tiers": [{"up_to": 5, "unit_amount": 1_000, "flat_amount": 200}, {"up_to": null, "unit_amount": 800}]}))
        .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let coupon = s.engine("POST", "/v1/coupons", json!({"percent_off": 50, "duration": "repeating", "duration_in_months": 4, "name": "Launch"})).await;
    let setup = s.one_time(&product, "usd", 10_000).await;
    let session = s
        .session(json!({"mode": "subscription", "line_items": [{"price": tiered, "quantity": 7, "adjustable_quantity": {"enabled": true, "maximum": 50}}, {"price": setup}],
            "discounts": [{"coupon": coupon["id"]}], "subscription_data": {"trial_period_days": 14}}))
        .await;
    assert_eq!(
        items(&session)[0]["amount_subtotal"],
        json!(5 * 1_000 + 200 + 2 * 800)
    );
    // With the trial, only the one-time setup is due today, half off.
    assert_eq!(session["amount_subtotal"], json!(10_000));
    assert_eq!(session["amount_total"], json!(5_000));
    assert_eq!(session["recurring"]["amount"], json!(6_800));
    assert_eq!(session["subscription_data"]["trial_period_days"], json!(14));
    assert_eq!(session["discounts"][0]["invoices"], json!(4));
    let transformed = s
        .price(json!({"product": product, "currency": "usd", "unit_amount": 500, "type": "one_time", "transform_quantity": {"divide_by": 10, "round": "up"}}))
        .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let t = s
        .session(json!({"mode": "payment", "line_items": [{"price": transformed, "quantity": 11}]}))
        .await;
    assert_eq!(t["amount_total"], json!(1_000));
}

#[tokio::test]
async fn catalog_validation() {
    let s = server().await;
    let a = s.engine_err("POST", "/v1/prices", json!({"product": "prod_nope", "currency": "usd", "unit_amount": 1, "type": "one_time"})).await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::NOT_FOUND, "resource_missing")
    );
    let product = s.product("P").await;
    let a = s
        .engine_err(
            "POST",
            "/v1/prices",
            json!({"product": product, "currency": "USD", "unit_amount": 1, "type": "one_time"}),
        )
        .await;
    assert_eq!(a.code(), "price_invalid");
    let a = s
        .engine_err(
            "POST",
            "/v1/coupons",
            json!({"percent_off": 150, "duration": "once"}),
        )
        .await;
    assert_eq!(a.code(), "coupon_invalid");
    let a = s
        .engine_err(
            "POST",
            "/v1/products",
            json!({"id": demo::PRODUCT_PRO, "name": "dup"}),
        )
        .await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::CONFLICT, "resource_exists")
    );
    let eleven: Vec<String> = futures_products(&s, 11).await;
    let a = s
        .engine_err(
            "PATCH",
            &format!("/v1/products/{product}"),
            json!({"cross_sells": eleven}),
        )
        .await;
    assert_eq!(a.code(), "too_many_cross_sells");
    let a = s
        .engine_err(
            "PATCH",
            &format!("/v1/products/{product}"),
            json!({"cross_sells": [product]}),
        )
        .await;
    assert_eq!(a.code(), "cross_sell_self");
}

async fn futures_products(s: &Server, n: usize) -> Vec<String> {
    let mut out = vec![];
    for i in 0..n {
        let p = s.product(&format!("Extra {i}")).await;
        s.one_time(&p, "usd", 100).await;
        out.push(p);
    }
    out
}

#[tokio::test]
async fn the_openapi_document_describes_both_apis() {
    let s = server().await;
    let doc = s.widget("GET", "/v1/openapi.json", None).await.body;
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/v1/products",
        "/v1/prices/{id}",
        "/v1/coupons",
        "/v1/checkout/sessions",
        "/v1/checkout/sessions/{id}/line_items",
        "/api/checkout/{session}",
        "/api/checkout/{session}/upsell",
        "/api/checkout/{session}/cross-sells",
        "/api/checkout/{session}/cross-sells/{product}",
        "/api/checkout/{session}/line-items/{line_item}/quantity",
    ] {
        assert!(paths.contains_key(p), "missing {p}");
    }
    assert!(doc["components"]["schemas"]["ClientSession"].is_object());
    // Both encodings of a /v1 body (§9), one schema; nested fields in bracket notation.
    let create = &doc["paths"]["/v1/checkout/sessions"]["post"]["requestBody"]["content"];
    let form = &create["application/x-www-form-urlencoded"];
    assert_eq!(form["schema"], create["application/json"]["schema"]);
    for nested in ["line_items", "discounts", "metadata"] {
        assert_eq!(form["encoding"][nested]["style"], "deepObject", "{nested}");
    }
    assert!(
        form["encoding"].get("mode").is_none(),
        "a plain field is a plain key"
    );
    // The widget API stays JSON-only.
    let widget = &doc["paths"]["/api/checkout/{session}/upsell"]["post"]["requestBody"]["content"];
    assert!(widget.get("application/x-www-form-urlencoded").is_none());
}

#[tokio::test]
async fn sessions_are_listed_newest_first_and_filtered_by_status() {
    let s = server().await;
    let mut ids = vec![];
    for _ in 0..3 {
        ids.push(s.demo_session().await["id"].as_str().unwrap().to_string());
        s.clock.advance(1);
    }
    let a = s
        .widget(
            "POST",
            &format!("/api/checkout/{}/confirm", ids[0]),
            Some(json!({"expected_version": 1, "email": "anna@example.com"})),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK);
    s.engine(
        "POST",
        &format!("/v1/checkout/sessions/{}/expire", ids[1]),
        json!({}),
    )
    .await;
    let listed = |v: &Value| -> Vec<String> {
        v["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["id"].as_str().unwrap().to_string())
            .collect()
    };
    let all = s
        .engine("GET", "/v1/checkout/sessions?limit=2", json!(null))
        .await;
    assert_eq!(all["has_more"], true);
    assert_eq!(listed(&all).len(), 2);
    let all = s.engine("GET", "/v1/checkout/sessions", json!(null)).await;
    let mut newest_first = ids.clone();
    newest_first.reverse();
    assert_eq!(listed(&all), newest_first);
    for (status, id) in [
        ("complete", &ids[0]),
        ("expired", &ids[1]),
        ("open", &ids[2]),
    ] {
        let v = s
            .engine(
                "GET",
                &format!("/v1/checkout/sessions?status={status}"),
                json!(null),
            )
            .await;
        assert_eq!(listed(&v), std::slice::from_ref(id), "{status}");
        assert_eq!(v["data"][0]["status"], status);
    }
    // An open session past its expiry is listed as expired.
    s.clock.advance(24 * 60 * 60);
    let v = s
        .engine("GET", "/v1/checkout/sessions?status=expired", json!(null))
        .await;
    assert_eq!(listed(&v).len(), 2);
    let a = s
        .call("GET", "/v1/checkout/sessions?status=paid", None, Some(KEY))
        .await;
    assert!(a.status.is_client_error());
}

#[tokio::test]
async fn prices_are_listed_per_product() {
    let s = server().await;
    let a = s.product("A").await;
    let b = s.product("B").await;
    let a1 = s.one_time(&a, "usd", 100).await;
    let a2 = s.one_time(&a, "usd", 200).await;
    s.one_time(&b, "usd", 300).await;
    let v = s
        .engine("GET", &format!("/v1/prices?product={a}"), json!(null))
        .await;
    let mut ids: Vec<&str> = v["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    ids.sort();
    let mut want = [a1.as_str(), a2.as_str()];
    want.sort();
    assert_eq!(ids, want);
    let all = s.engine("GET", "/v1/prices?limit=100", json!(null)).await;
    assert_eq!(
        all["data"].as_array().unwrap().len(),
        3 + 3,
        "the demo's three and these three"
    );
}
