//! §11: optional items: offered beside the cart, added as a line item the buyer changes
//! within its range and removes (then offered again), never also a cross-sell; every
//! refusal changes nothing. Runs on SQLite, and on PostgreSQL with `TEST_DATABASE_URL`.

mod common;
use axum::http::StatusCode;
use checkout_server::demo;
use common::*;
use serde_json::json;

#[tokio::test]
async fn the_buyer_adds_an_optional_item_raises_it_to_three_and_removes_it() {
    let s = server().await;
    let book = s.product("Handbook").await;
    let book_price = s.one_time(&book, "usd", 1_500).await;
    let v = s
        .session(json!({"mode": "subscription",
            "line_items": [{"price": demo::PRICE_MONTHLY, "quantity": 1}],
            "optional_items": [
                {"price": book_price, "quantity": 1, "adjustable_quantity": {"enabled": true, "minimum": 0, "maximum": 5}},
                {"price": demo::PRICE_DEPLOYMENT, "quantity": 1}
            ]}))
        .await;
    let id = v["id"].as_str().unwrap().to_string();
    let view = s
        .widget("GET", &format!("/api/checkout/{id}"), None)
        .await
        .body;
    let offered: Vec<_> = view["optional_items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["price"]["id"].clone())
        .collect();
    assert_eq!(offered, [json!(book_price), json!(demo::PRICE_DEPLOYMENT)]);
    // Deployment is the demo product's cross-sell; as an optional item it is not offered twice.
    assert!(
        offered_cross_sells(&view)
            .iter()
            .all(|p| p != demo::PRODUCT_DEPLOYMENT),
        "{view}"
    );

    let (s, id) = (&s, &id);
    let add = |price: String| async move {
        s.widget(
            "POST",
            &format!("/api/checkout/{id}/optional-items"),
            Some(json!({ "price": price })),
        )
        .await
    };
    let added = add(book_price.clone()).await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.body);
    let line = added.body["line_items"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(
        (&line["source"], &line["quantity"]),
        (&json!("optional_item"), &json!(1))
    );
    assert_eq!(added.body["optional_items"][0]["added"], true);
    assert_eq!(added.body["amount_total"], 11_500);
    let again = add(book_price.clone()).await;
    assert_eq!(
        (again.status, again.code()),
        (StatusCode::CONFLICT, "optional_item_already_added")
    );
    let three = s
        .widget(
            "POST",
            &format!(
                "/api/checkout/{id}/line-items/{}/quantity",
                line["id"].as_str().unwrap()
            ),
            Some(json!({"quantity": 3})),
        )
        .await;
    assert_eq!(
        (three.status, &three.body["amount_total"]),
        (StatusCode::OK, &json!(14_500))
    );
    let six = s
        .widget(
            "POST",
            &format!(
                "/api/checkout/{id}/line-items/{}/quantity",
                line["id"].as_str().unwrap()
            ),
            Some(json!({"quantity": 6})),
        )
        .await;
    assert_eq!(six.code(), "quantity_out_of_range");
    let removed = s
        .widget(
            "DELETE",
            &format!("/api/checkout/{id}/optional-items/{book_price}"),
            None,
        )
        .await;
    assert_eq!(removed.status, StatusCode::OK);
    assert_eq!(removed.body["line_items"].as_array().unwrap().len(), 1);
    assert_eq!(
        (
            &removed.body["optional_items"][0]["added"],
            &removed.body["amount_total"]
        ),
        (&json!(false), &json!(10_000))
    );
    // Refusals change nothing.
    let before = s.snapshot(id).await;
    let not_added = s
        .widget(
            "DELETE",
            &format!("/api/checkout/{id}/optional-items/{book_price}"),
            None,
        )
        .await;
    assert_eq!(not_added.code(), "optional_item_not_added");
    let not_offered = add(demo::PRICE_YEARLY.to_string()).await;
    assert_eq!(
        (
            not_offered.code(),
            not_offered.body["error"]["param"].as_str()
        ),
        ("optional_item_not_offered", Some("price"))
    );
    assert_eq!(s.snapshot(id).await, before);
    // The merchant's view has them too.
    let v1 = s
        .engine("GET", &format!("/v1/checkout/sessions/{id}"), json!(null))
        .await;
    assert_eq!(v1["optional_items"].as_array().unwrap().len(), 2);
}

fn offered_cross_sells(view: &serde_json::Value) -> Vec<String> {
    view["cross_sells"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["product"]["id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn optional_items_are_checked_at_create_and_make_nothing_when_refused() {
    let s = server().await;
    let eur = s.product("Euro thing").await;
    let eur_price = s.one_time(&eur, "eur", 900).await;
    let base = |optional: serde_json::Value| {
        json!({"mode": "subscription",
        "line_items": [{"price": demo::PRICE_MONTHLY, "quantity": 1}], "optional_items": optional})
    };
    let eleven: Vec<_> = (0..11)
        .map(|_| json!({"price": demo::PRICE_DEPLOYMENT, "quantity": 1}))
        .collect();
    for (optional, code, param) in [
        (
            json!([{"price": eur_price, "quantity": 1}]),
            "currency_mismatch",
            "optional_items[0][price]",
        ),
        (
            json!([{"price": demo::PRICE_YEARLY, "quantity": 1}]),
            "recurring_interval_mismatch",
            "optional_items[0][price]",
        ),
        (
            json!([{"price": demo::PRICE_DEPLOYMENT, "quantity": 9,
            "adjustable_quantity": {"enabled": true, "minimum": 0, "maximum": 5}}]),
            "quantity_out_of_range",
            "optional_items[0][quantity]",
        ),
        (
            json!([{"price": demo::PRICE_MONTHLY, "quantity": 1}]),
            "parameter_invalid",
            "optional_items[0][price]",
        ),
        (json!(eleven), "too_many_optional_items", "optional_items"),
    ] {
        let a = s
            .engine_err("POST", "/v1/checkout/sessions", base(optional.clone()))
            .await;
        assert_eq!(
            (a.code(), a.body["error"]["param"].as_str()),
            (code, Some(param)),
            "{optional}"
        );
    }
    let listed = s.engine("GET", "/v1/checkout/sessions", json!(null)).await;
    assert_eq!(listed["data"], json!([]), "no session was made");
}
