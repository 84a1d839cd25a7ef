//! Engine objects as at Stripe (DESIGN §9): `object`, `created` and `livemode` on every
//! product, price and coupon, and `metadata` with Stripe's limits that an update merges
//! key by key; the buyer's view never carries the merchant's metadata.

mod common;
use axum::http::StatusCode;
use common::*;
use serde_json::{json, Value};
use std::sync::atomic::Ordering;

#[tokio::test]
async fn catalog_objects_carry_object_created_livemode_and_metadata() {
    let s = server().await;
    let at = s.clock.0.load(Ordering::SeqCst);
    let product = s
        .engine(
            "POST",
            "/v1/products",
            json!({"name": "Pro", "metadata": {"order": "42"}}),
        )
        .await;
    let price = s
        .price(json!({"product": product["id"], "currency": "usd", "unit_amount": 900, "metadata": {"plan": "pro"}}))
        .await;
    let coupon = s
        .engine(
            "POST",
            "/v1/coupons",
            json!({"percent_off": 10, "duration": "once", "metadata": {"campaign": "spring"}}),
        )
        .await;
    for (object, kind, metadata) in [
        (&product, "product", json!({"order": "42"})),
        (&price, "price", json!({"plan": "pro"})),
        (&coupon, "coupon", json!({"campaign": "spring"})),
    ] {
        assert_eq!(object["object"], kind);
        assert_eq!(object["created"], at, "{object}");
        assert_eq!(object["livemode"], false);
        assert_eq!(object["metadata"], metadata);
        // Read back, alone and in its list, the same.
        let path = format!("/v1/{kind}s");
        let id = object["id"].as_str().unwrap();
        assert_eq!(
            &s.engine("GET", &format!("{path}/{id}"), Value::Null).await,
            object
        );
        let list = s.engine("GET", &path, Value::Null).await;
        assert!(list["data"].as_array().unwrap().contains(object), "{list}");
    }
    // An object made without metadata has an empty map, as at Stripe.
    let bare = s.product("Bare").await;
    let bare = s
        .engine("GET", &format!("/v1/products/{bare}"), Value::Null)
        .await;
    assert_eq!(bare["metadata"], json!({}));
}

#[tokio::test]
async fn an_update_merges_metadata_key_by_key() {
    let s = server().await;
    let id = s
        .engine(
            "POST",
            "/v1/products",
            json!({"name": "Pro", "metadata": {"order": "42", "team": "a", "keep": "yes"}}),
        )
        .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let path = format!("/v1/products/{id}");
    let merged = s
        .engine(
            "POST",
            &path,
            json!({"metadata": {"order": "43", "team": null, "new": "x"}}),
        )
        .await;
    assert_eq!(
        merged["metadata"],
        json!({"order": "43", "keep": "yes", "new": "x"})
    );
    // `""` removes a key too (what a form's empty value sends).
    let emptied = s
        .engine("POST", &path, json!({"metadata": {"new": ""}}))
        .await;
    assert_eq!(emptied["metadata"], json!({"order": "43", "keep": "yes"}));
    // Updating something else leaves it.
    let renamed = s.engine("POST", &path, json!({"name": "Pro 2"})).await;
    assert_eq!(renamed["metadata"], json!({"order": "43", "keep": "yes"}));
    // `null` for the whole map removes every key.
    let cleared = s.engine("POST", &path, json!({"metadata": null})).await;
    assert_eq!(cleared["metadata"], json!({}));
    // Prices merge the same way.
    let product = s.product("Main").await;
    let price = s
        .price(json!({"product": product, "currency": "usd", "unit_amount": 900, "metadata": {"a": "1"}}))
        .await;
    let updated = s
        .engine(
            "POST",
            &format!("/v1/prices/{}", price["id"].as_str().unwrap()),
            json!({"metadata": {"b": "2"}}),
        )
        .await;
    assert_eq!(updated["metadata"], json!({"a": "1", "b": "2"}));
}

#[tokio::test]
async fn metadata_beyond_stripes_limits_is_refused_and_changes_nothing() {
    let s = server().await;
    let fifty: serde_json::Map<String, Value> =
        (0..50).map(|i| (format!("k{i:02}"), json!("v"))).collect();
    let id = s
        .engine(
            "POST",
            "/v1/products",
            json!({"name": "Pro", "metadata": fifty}),
        )
        .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let path = format!("/v1/products/{id}");
    let before = s.engine("GET", &path, Value::Null).await;
    for (body, param) in [
        (json!({"metadata": {"one_more": "v"}}), "metadata[one_more]"),
        (
            json!({"metadata": {"k".repeat(41): "v"}}),
            &*format!("metadata[{}]", "k".repeat(41)),
        ),
        (
            json!({"metadata": {"k00": "v".repeat(501)}}),
            "metadata[k00]",
        ),
        (
            json!({"name": "Renamed", "metadata": {"a[b]": "v"}}),
            "metadata",
        ),
    ] {
        let a = s.engine_err("POST", &path, body.clone()).await;
        assert_eq!(
            (a.status, a.code()),
            (StatusCode::BAD_REQUEST, "parameter_invalid"),
            "{body}: {}",
            a.body
        );
        assert_eq!(a.body["error"]["param"], param, "{body}");
    }
    assert_eq!(s.engine("GET", &path, Value::Null).await, before);
    let refused = s
        .engine_err(
            "POST",
            "/v1/coupons",
            json!({"percent_off": 10, "duration": "once", "metadata": {"x": "v".repeat(501)}}),
        )
        .await;
    assert_eq!(refused.code(), "parameter_invalid");
    assert_eq!(
        s.engine("GET", "/v1/coupons", Value::Null).await["data"],
        json!([])
    );
}

#[tokio::test]
async fn the_buyers_view_never_carries_the_merchants_metadata() {
    let s = server().await;
    let product = s
        .engine(
            "POST",
            "/v1/products",
            json!({"name": "Pro", "metadata": {"internal_cost": "310"}}),
        )
        .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let price = s
        .price(json!({"product": product, "currency": "usd", "unit_amount": 900, "metadata": {"margin": "secret"}}))
        .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let session = s
        .session(json!({"mode": "payment", "line_items": [{"price": price, "quantity": 1}]}))
        .await;
    let id = session["id"].as_str().unwrap();
    let view = s.widget("GET", &format!("/api/checkout/{id}"), None).await;
    assert_eq!(view.status, StatusCode::OK);
    let text = String::from_utf8(view.raw).unwrap();
    for secret in ["metadata", "internal_cost", "margin", "secret"] {
        assert!(
            !text.contains(secret),
            "{secret} in the buyer's view: {text}"
        );
    }
}

/// A product stored before objects carried `created` (migration 0009): the migration
/// writes the row's own creation time into it, on both stores.
#[tokio::test]
async fn a_row_from_before_migration_0009_answers_its_creation_time() {
    let s = server().await;
    let legacy = r#"{"id":"prod_legacy","object":"product","name":"Legacy","description":null,"images":[],"active":true,"cross_sells":[]}"#;
    outside_sql(
        &s.database,
        &format!("INSERT INTO products (id, data, created) VALUES ('prod_legacy', '{legacy}', 1700000000)"),
    );
    let before = s
        .engine("GET", "/v1/products/prod_legacy", Value::Null)
        .await;
    assert_eq!(
        before["created"], 0,
        "the row as an older engine wrote it: {before}"
    );
    let migration = match s.database {
        checkout_server::store::Database::Sqlite(_) => {
            include_str!("../migrations/sqlite/0009_object_created.sql")
        }
        checkout_server::store::Database::Postgres(_) => {
            include_str!("../migrations/postgres/0009_object_created.sql")
        }
    };
    outside_sql(&s.database, migration);
    let after = s
        .engine("GET", "/v1/products/prod_legacy", Value::Null)
        .await;
    assert_eq!(after["created"], 1_700_000_000, "{after}");
    assert_eq!(after["name"], "Legacy");
    assert_eq!(after["metadata"], json!({}));
    // Rows that already carry it keep theirs.
    let fresh = s
        .engine("POST", "/v1/products", json!({"name": "New"}))
        .await;
    let id = fresh["id"].as_str().unwrap();
    outside_sql(&s.database, migration);
    assert_eq!(
        s.engine("GET", &format!("/v1/products/{id}"), Value::Null)
            .await,
        fresh
    );
}
