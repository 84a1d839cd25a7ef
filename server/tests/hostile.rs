//! Hostile input: every malformed or out-of-place request gets a 4xx with the §4 error
//! body naming the `param`, and the session stays byte for byte as it was; random JSON
//! thrown at every mutation endpoint never causes a 5xx or a change on refusal.

mod common;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use checkout_server::demo;
use common::*;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{json, Value};

/// A session with the demo cross-sell and an adjustable line item, plus an EUR price and
/// a product that is no cross-sell of it.
struct Fixture {
    s: Server,
    id: String,
    li: String,
    eur: String,
    stranger: String,
}

async fn fixture() -> Fixture {
    let s = server().await;
    let stranger = s.product("Not a cross-sell").await;
    s.one_time(&stranger, "usd", 700).await;
    let eur = s.one_time(&stranger, "eur", 900).await;
    let session = s.demo_session().await;
    let id = session["id"].as_str().unwrap().to_string();
    let li = items(&session)[0]["id"].as_str().unwrap().to_string();
    Fixture {
        s,
        id,
        li,
        eur,
        stranger,
    }
}

#[tokio::test]
async fn each_hostile_request_is_refused_with_its_param_and_changes_nothing() {
    let f = fixture().await;
    let (id, li) = (&f.id, &f.li);
    // A second session, for ids from another object.
    let other = f.s.demo_session().await;
    let other_li = items(&other)[0]["id"].as_str().unwrap().to_string();
    // The deployment cross-sell is on the cart, so adding it again is a duplicate.
    let added =
        f.s.widget(
            "POST",
            &format!("/api/checkout/{id}/cross-sells"),
            Some(json!({"product": demo::PRODUCT_DEPLOYMENT})),
        )
        .await;
    assert_eq!(added.status, StatusCode::OK);
    let before = f.s.snapshot(id).await;

    let quantity = format!("/api/checkout/{id}/line-items/{li}/quantity");
    let engine_update = format!("/v1/checkout/sessions/{id}");
    let item = |q: Value| json!({"line_items": [{"id": li, "quantity": q}]});
    let many: Vec<Value> = (0..101)
        .map(|_| json!({"price": demo::PRICE_DEPLOYMENT, "quantity": 1}))
        .collect();
    // (method, path, body, engine?, status, code, param)
    let cases: Vec<(&str, String, Value, bool, u16, &str, &str)> = vec![
        // quantities: zero, negative, fractional, huge, strings, null
        (
            "POST",
            quantity.clone(),
            json!({"quantity": 0}),
            false,
            400,
            "quantity_out_of_range",
            "quantity",
        ),
        (
            "POST",
            quantity.clone(),
            json!({"quantity": -1}),
            false,
            400,
            "parameter_invalid",
            "quantity",
        ),
        (
            "POST",
            quantity.clone(),
            json!({"quantity": 1.5}),
            false,
            400,
            "parameter_invalid",
            "quantity",
        ),
        (
            "POST",
            quantity.clone(),
            json!({"quantity": 1e30}),
            false,
            400,
            "parameter_invalid",
            "quantity",
        ),
        (
            "POST",
            quantity.clone(),
            json!({"quantity": 18446744073709551615_u64}),
            false,
            400,
            "quantity_out_of_range",
            "quantity",
        ),
        (
            "POST",
            quantity.clone(),
            json!({"quantity": "3"}),
            false,
            400,
            "parameter_invalid",
            "quantity",
        ),
        (
            "POST",
            quantity.clone(),
            json!({"quantity": null}),
            false,
            400,
            "parameter_invalid",
            "quantity",
        ),
        (
            "POST",
            quantity.clone(),
            json!({}),
            false,
            400,
            "parameter_missing",
            "quantity",
        ),
        (
            "POST",
            engine_update.clone(),
            item(json!(0)),
            true,
            400,
            "quantity_out_of_range",
            "line_items[0][quantity]",
        ),
        (
            "POST",
            engine_update.clone(),
            item(json!(-4)),
            true,
            400,
            "parameter_invalid",
            "line_items[0][quantity]",
        ),
        (
            "POST",
            engine_update.clone(),
            item(json!(2.5)),
            true,
            400,
            "parameter_invalid",
            "line_items[0][quantity]",
        ),
        (
            "POST",
            engine_update.clone(),
            item(json!("2")),
            true,
            400,
            "parameter_invalid",
            "line_items[0][quantity]",
        ),
        // unknown fields (a price or an amount from the browser above all)
        (
            "POST",
            format!("/api/checkout/{id}/upsell"),
            json!({"selected": true, "price": "price_x"}),
            false,
            400,
            "parameter_unknown",
            "price",
        ),
        (
            "POST",
            quantity.clone(),
            json!({"quantity": 2, "unit_amount": 1}),
            false,
            400,
            "parameter_unknown",
            "unit_amount",
        ),
        (
            "POST",
            engine_update.clone(),
            json!({"line_items": [{"id": li, "quantity": 2, "amount": 5}]}),
            true,
            400,
            "parameter_unknown",
            "line_items[0][amount]",
        ),
        // more than 100 line items
        (
            "POST",
            engine_update.clone(),
            json!({"line_items": many}),
            true,
            400,
            "too_many_line_items",
            "line_items",
        ),
        // ids with the wrong prefix, or of another object
        (
            "POST",
            format!("/api/checkout/{id}/cross-sells"),
            json!({"product": demo::PRICE_DEPLOYMENT}),
            false,
            400,
            "cross_sell_not_offered",
            "product",
        ),
        (
            "POST",
            format!("/api/checkout/{id}/cross-sells"),
            json!({"product": f.stranger}),
            false,
            400,
            "cross_sell_not_offered",
            "product",
        ),
        (
            "DELETE",
            format!("/api/checkout/{id}/cross-sells/{li}"),
            Value::Null,
            false,
            400,
            "cross_sell_not_added",
            "product",
        ),
        (
            "POST",
            format!("/api/checkout/{id}/line-items/{other_li}/quantity"),
            json!({"quantity": 2}),
            false,
            404,
            "resource_missing",
            "line_item",
        ),
        (
            "POST",
            format!(
                "/api/checkout/{id}/line-items/{}/quantity",
                demo::PRICE_MONTHLY
            ),
            json!({"quantity": 2}),
            false,
            404,
            "resource_missing",
            "line_item",
        ),
        (
            "POST",
            engine_update.clone(),
            json!({"line_items": [{"id": other_li, "quantity": 1}]}),
            true,
            400,
            "line_item_unknown",
            "line_items[0][id]",
        ),
        (
            "POST",
            engine_update.clone(),
            json!({"line_items": [{"id": li}, {"price": demo::PRODUCT_DEPLOYMENT, "quantity": 1}]}),
            true,
            404,
            "resource_missing",
            "line_items[1][price]",
        ),
        // duplicated cross-sell add
        (
            "POST",
            format!("/api/checkout/{id}/cross-sells"),
            json!({"product": demo::PRODUCT_DEPLOYMENT}),
            false,
            409,
            "cross_sell_already_added",
            "product",
        ),
        // a price in another currency
        (
            "POST",
            engine_update.clone(),
            json!({"line_items": [{"id": li}, {"price": f.eur, "quantity": 1}]}),
            true,
            400,
            "currency_mismatch",
            "line_items[1][price]",
        ),
    ];
    for (method, path, body, engine, status, code, param) in cases {
        let body = (!body.is_null()).then_some(body);
        let a =
            f.s.call(method, &path, body.clone(), engine.then_some(KEY))
                .await;
        let what = format!("{method} {path} {body:?}");
        assert_eq!(
            (a.status.as_u16(), a.code()),
            (status, code),
            "{what}: {}",
            a.body
        );
        assert_eq!(a.body["error"]["param"], param, "{what}");
        assert!(
            a.body["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty()),
            "{what}"
        );
        assert_eq!(f.s.snapshot(id).await, before, "{what} changed the session");
    }

    // A body over 64 KB: 413 on both APIs.
    let big = json!({"selected": true, "pad": "x".repeat(70 * 1024)}).to_string();
    for (path, engine) in [
        (format!("/api/checkout/{id}/upsell"), false),
        (engine_update.clone(), true),
    ] {
        let mut req = Request::post(&path).header("content-type", "application/json");
        if engine {
            req = req.header("authorization", format!("Bearer {KEY}"));
        }
        let a = f.s.raw(req.body(Body::from(big.clone())).unwrap()).await;
        assert_eq!(
            (a.status, a.code()),
            (StatusCode::PAYLOAD_TOO_LARGE, "body_too_large"),
            "{path}"
        );
    }
    assert_eq!(f.s.snapshot(id).await, before);
}

/// Any JSON value: the fields the endpoints know mixed with noise.
fn any_json() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        Just("selected"),
        Just("product"),
        Just("quantity"),
        Just("line_items"),
        Just("id"),
        Just("price"),
        Just("adjustable_quantity"),
        Just("enabled"),
        Just("minimum"),
        Just("maximum"),
        Just("unit_amount"),
        Just("currency"),
        Just("x"),
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        (0_u64..200).prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f)
            .map(Value::Number)
            .unwrap_or(Value::Null)),
        prop_oneof![
            Just(demo::PRODUCT_DEPLOYMENT.to_string()),
            Just(demo::PRICE_DEPLOYMENT.to_string()),
            Just(demo::PRICE_YEARLY.to_string()),
            Just(demo::PRICE_MONTHLY.to_string()),
            "[a-z_]{0,12}",
            ".{0,8}",
        ]
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 5, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::from),
            prop::collection::vec((key.clone(), inner), 0..5).prop_map(|kv| {
                Value::Object(kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
            }),
        ]
    })
}

#[test]
fn random_json_at_every_mutation_endpoint_never_fails_the_server_or_changes_on_refusal() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let f = rt.block_on(fixture());
    let cases: u32 = std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let mut runner = TestRunner::new(Config {
        cases,
        ..Config::default()
    });
    let endpoint = 0_usize..7;
    let segment = prop_oneof![Just(None), "[a-z_0-9]{0,10}".prop_map(Some)];
    let raw = prop::collection::vec(any::<u8>(), 0..40);
    runner
        .run(
            &(endpoint, any_json(), segment, raw, any::<bool>()),
            |(e, body, seg, raw, send_raw)| {
                rt.block_on(async {
                    let (id, li) = (&f.id, &f.li);
                    let seg = seg.unwrap_or_else(|| li.clone());
                    let (method, path, engine) = match e {
                        0 => ("POST", format!("/api/checkout/{id}/upsell"), false),
                        1 => ("POST", format!("/api/checkout/{id}/cross-sells"), false),
                        2 => (
                            "DELETE",
                            format!("/api/checkout/{id}/cross-sells/{seg}"),
                            false,
                        ),
                        3 => (
                            "POST",
                            format!("/api/checkout/{id}/line-items/{seg}/quantity"),
                            false,
                        ),
                        4 => ("POST", format!("/v1/checkout/sessions/{id}"), true),
                        5 => ("POST", "/v1/checkout/sessions".to_string(), true),
                        _ => ("POST", format!("/v1/prices/{seg}"), true),
                    };
                    let before = f.s.snapshot(id).await;
                    let mut req = Request::builder()
                        .method(method)
                        .uri(&path)
                        .header("content-type", "application/json");
                    if engine {
                        req = req.header("authorization", format!("Bearer {KEY}"));
                    }
                    let bytes = if send_raw {
                        raw
                    } else {
                        body.to_string().into_bytes()
                    };
                    let a = f.s.raw(req.body(Body::from(bytes)).unwrap()).await;
                    prop_assert!(
                        a.status.as_u16() < 500,
                        "{method} {path} {body}: {} {}",
                        a.status,
                        a.body
                    );
                    if a.status != StatusCode::OK {
                        prop_assert!(a.body["error"]["code"].is_string(), "§4 body: {}", a.body);
                        prop_assert_eq!(
                            f.s.snapshot(id).await,
                            before,
                            "a refusal changed the session"
                        );
                    }
                    Ok(())
                })
            },
        )
        .unwrap();
}
