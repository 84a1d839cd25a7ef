//! Reads: each read sees one snapshot of the database and cannot write; the catalog rows
//! reads share never outlive a change to the catalog, whoever makes it. On both backends.

mod common;
use checkout_core::session::Catalog;
use checkout_server::store::{Database, StoreCatalog};
use checkout_server::{api, demo};
use common::*;
use serde_json::json;

/// Another program sets `field` of the JSON object stored in `table`'s row `id`.
fn set_elsewhere(db: &Database, table: &str, id: &str, field: &str, value: &str) {
    let sql = match db {
        Database::Sqlite(_) => format!(
            "UPDATE {table} SET data = json_set(data, '$.{field}', '{value}') WHERE id = '{id}'"
        ),
        Database::Postgres(_) => format!(
            "UPDATE {table} SET data = jsonb_set(data::jsonb, '{{{field}}}', '\"{value}\"')::text WHERE id = '{id}'"
        ),
    };
    outside_sql(db, &sql);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_sees_one_snapshot_even_when_a_write_commits_in_the_middle() {
    let s = server().await;
    let id = s.demo_session().await["id"].as_str().unwrap().to_string();
    let db = s.database.clone();
    let (before, during) = s
        .state
        .store
        .read(move |tx| {
            let before = tx.session(&id, false)?.unwrap().locale;
            // Another program commits a change between two statements of this read.
            set_elsewhere(&db, "sessions", &id, "locale", "fr");
            let during = tx.session(&id, false)?.unwrap().locale;
            Ok((before, during))
        })
        .await
        .unwrap();
    assert_eq!(before, None);
    assert_eq!(
        during, before,
        "the second statement saw a change committed after the first"
    );
    let id = s.demo_session().await["id"].as_str().unwrap().to_string();
    set_elsewhere(&s.database, "sessions", &id, "locale", "fr");
    let after = s
        .state
        .store
        .read(move |tx| Ok(tx.session(&id, false)?.unwrap().locale));
    assert_eq!(
        after.await.unwrap().as_deref(),
        Some("fr"),
        "the other program's change committed"
    );
}

#[tokio::test]
async fn a_read_refuses_writes_and_changes_nothing() {
    let s = server().await;
    let id = s.demo_session().await["id"].as_str().unwrap().to_string();
    let before = s.snapshot(&id).await;
    let err = s
        .state
        .store
        .read(|tx| tx.exec("DELETE FROM sessions"))
        .await
        .unwrap_err();
    let err = format!("{err:?}");
    assert!(
        err.contains("readonly") || err.contains("read-only"),
        "unexpected error: {err}"
    );
    assert_eq!(s.snapshot(&id).await, before);
}

fn product_name(view: &serde_json::Value) -> &str {
    view["line_items"][0]["product"]["name"].as_str().unwrap()
}

async fn view(s: &Server, id: &str) -> serde_json::Value {
    let a = s.widget("GET", &format!("/api/checkout/{id}"), None).await;
    assert_eq!(a.status, 200, "{}", a.body);
    a.body
}

#[tokio::test]
async fn catalog_changes_through_the_engine_api_show_in_the_next_view() {
    let s = server().await;
    let id = s.demo_session().await["id"].as_str().unwrap().to_string();
    let first = view(&s, &id).await;
    assert_eq!(product_name(&first), "Togethere Professional");
    assert_eq!(offered(&first), [demo::PRODUCT_DEPLOYMENT]);

    s.engine(
        "PATCH",
        &format!("/v1/products/{}", demo::PRODUCT_PRO),
        json!({"name": "Togethere Team"}),
    )
    .await;
    s.engine(
        "PATCH",
        &format!("/v1/products/{}", demo::PRODUCT_DEPLOYMENT),
        json!({"active": false}),
    )
    .await;
    let next = view(&s, &id).await;
    assert_eq!(product_name(&next), "Togethere Team");
    assert!(
        offered(&next).is_empty(),
        "an archived product is still offered"
    );
}

#[tokio::test]
async fn catalog_changes_made_by_another_program_show_in_the_next_view() {
    let s = server().await;
    let id = s.demo_session().await["id"].as_str().unwrap().to_string();
    assert_eq!(product_name(&view(&s, &id).await), "Togethere Professional");

    // An operator edits the database directly, not through this server.
    set_elsewhere(
        &s.database,
        "products",
        demo::PRODUCT_PRO,
        "name",
        "Renamed elsewhere",
    );
    assert_eq!(product_name(&view(&s, &id).await), "Renamed elsewhere");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_that_began_before_a_catalog_change_does_not_bring_the_old_row_back() {
    let s = server().await;
    let id = s.demo_session().await["id"].as_str().unwrap().to_string();
    let db = s.database.clone();
    let (state, cache, rt) = (
        s.state.clone(),
        s.state.store.catalog_cache(),
        tokio::runtime::Handle::current(),
    );
    let (old_read, new_read) = s
        .state
        .store
        .read(move |tx| {
            // This read's snapshot starts here, before the change.
            let slow = StoreCatalog::shared(tx, &cache)?;
            set_elsewhere(&db, "products", demo::PRODUCT_PRO, "name", "New name");
            // A read that starts after the change fills the shared cache first...
            let new_view = rt.block_on(api::widget::view(&state, id))?;
            // ...then the slow read looks the product up in its own snapshot.
            let old = slow.product(demo::PRODUCT_PRO).unwrap().unwrap().name;
            Ok((old, new_view.line_items[0].product.name.clone()))
        })
        .await
        .unwrap();
    assert_eq!(
        old_read, "Togethere Professional",
        "a read left its snapshot"
    );
    assert_eq!(new_read, "New name");
    // The slow read's row must not have replaced the new one in the shared cache.
    let again = s
        .state
        .store
        .read({
            let cache = s.state.store.catalog_cache();
            move |tx| {
                Ok(StoreCatalog::shared(tx, &cache)?
                    .product(demo::PRODUCT_PRO)
                    .unwrap()
                    .unwrap()
                    .name)
            }
        })
        .await
        .unwrap();
    assert_eq!(again, "New name");
}

/// The widget's reads share encoded answers (`store::views`); none outlives the session's
/// stored text, the catalog's generation or the moment the session lapses.
#[tokio::test]
async fn a_shared_answer_never_outlives_the_session_or_the_clock() {
    let s = server().await;
    let created = s
        .session(json!({"mode": "subscription", "line_items": [{"price": demo::PRICE_MONTHLY, "quantity": 1}],
                        "expires_at": s.state.store.now() + 1800}))
        .await;
    let id = created["id"].as_str().unwrap().to_string();
    let first = s.snapshot(&id).await;
    assert_eq!(
        s.snapshot(&id).await,
        first,
        "the same session reads the same"
    );

    // Another program changes the session's row: the next read shows it.
    set_elsewhere(&s.database, "sessions", &id, "locale", "fr");
    let changed = view(&s, &id).await;
    assert_eq!(
        changed["locale"], "fr",
        "an answer outlived the session's row"
    );
    assert_eq!(changed["status"], "open");

    // A change through the widget API, then the clock past `expires_at`.
    let upsell = s
        .widget(
            "POST",
            &format!("/api/checkout/{id}/upsell"),
            Some(json!({"selected": true})),
        )
        .await;
    assert_eq!(upsell.status, 200, "{}", upsell.body);
    assert_eq!(view(&s, &id).await["upsell"]["selected"], true);
    s.clock.advance(1799);
    assert_eq!(view(&s, &id).await["status"], "open");
    s.clock.advance(1);
    assert_eq!(
        view(&s, &id).await["status"],
        "expired",
        "an answer outlived the moment its session lapsed"
    );
    assert_eq!(view(&s, &id).await["status"], "expired");
}
