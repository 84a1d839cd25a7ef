//! The read pool: each read sees one snapshot of the database and cannot write; the
//! catalog rows reads share never outlive a change to the catalog, whoever makes it.

mod common;
use checkout_core::session::Catalog;
use checkout_server::error::AppError;
use checkout_server::store::SqlCatalog;
use checkout_server::{api, demo};
use common::*;
use rusqlite::Connection;
use serde_json::json;

fn version(c: &Connection, id: &str) -> Result<i64, AppError> {
    Ok(
        c.query_row("SELECT version FROM sessions WHERE id = ?1", [id], |r| {
            r.get(0)
        })?,
    )
}

#[tokio::test]
async fn a_read_sees_one_snapshot_even_when_a_write_commits_in_the_middle() {
    let s = server().await;
    let id = s.demo_session().await["id"].as_str().unwrap().to_string();
    let path = s.dir.path().join("checkout.sqlite3");
    let (before, during, after) = s
        .state
        .store
        .run(move |c| {
            let before = version(c, &id)?;
            // Another connection commits a change between two statements of this read.
            let other = Connection::open(&path)?;
            other.execute(
                "UPDATE sessions SET version = version + 1 WHERE id = ?1",
                [&id],
            )?;
            let during = version(c, &id)?;
            Ok((before, during, version(&other, &id)?))
        })
        .await
        .unwrap();
    assert_eq!(
        during, before,
        "the second statement saw a change committed after the first"
    );
    assert_eq!(after, before + 1, "the other connection's change committed");
}

#[tokio::test]
async fn the_read_pool_refuses_writes_and_changes_nothing() {
    let s = server().await;
    let id = s.demo_session().await["id"].as_str().unwrap().to_string();
    let before = s.snapshot(&id).await;
    let err = s
        .state
        .store
        .run(|c| Ok(c.execute("DELETE FROM sessions", [])?))
        .await
        .unwrap_err();
    assert!(
        format!("{err:?}").contains("readonly"),
        "unexpected error: {err:?}"
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

    // An operator edits the file directly, not through this server.
    let other = Connection::open(s.dir.path().join("checkout.sqlite3")).unwrap();
    other
        .execute(
            "UPDATE products SET data = json_set(data, '$.name', 'Renamed elsewhere') WHERE id = ?1",
            [demo::PRODUCT_PRO],
        )
        .unwrap();
    assert_eq!(product_name(&view(&s, &id).await), "Renamed elsewhere");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_that_began_before_a_catalog_change_does_not_bring_the_old_row_back() {
    let s = server().await;
    let id = s.demo_session().await["id"].as_str().unwrap().to_string();
    let path = s.dir.path().join("checkout.sqlite3");
    let (state, cache, rt) = (
        s.state.clone(),
        s.state.store.catalog_cache(),
        tokio::runtime::Handle::current(),
    );
    let (old_read, new_read) = s
        .state
        .store
        .run(move |c| {
            // This read's snapshot starts here, before the change.
            let slow = SqlCatalog::shared(c, &cache)?;
            Connection::open(&path)?.execute(
                "UPDATE products SET data = json_set(data, '$.name', 'New name') WHERE id = ?1",
                [demo::PRODUCT_PRO],
            )?;
            // A read that starts after the change fills the shared cache first...
            let new_view = rt.block_on(api::widget::view(&state, id))?;
            // ...then the slow read looks the product up in its own snapshot.
            let old = slow.product(demo::PRODUCT_PRO).unwrap().name;
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
        .run({
            let cache = s.state.store.catalog_cache();
            move |c| {
                Ok(SqlCatalog::shared(c, &cache)?
                    .product(demo::PRODUCT_PRO)
                    .unwrap()
                    .name)
            }
        })
        .await
        .unwrap();
    assert_eq!(again, "New name");
}
