//! PostgreSQL's exchanges per request, counted by the store itself (each statement,
//! prepare, `BEGIN` and `COMMIT` is one round trip to the database): a view is one
//! statement once its catalog rows are cached; a change without an `Idempotency-Key`
//! has no savepoint. Runs on the suite's PostgreSQL server, or on a cluster of its own.

mod common;
use checkout_server::demo;
use checkout_server::guard::Guard;
use common::*;
use serde_json::json;
use std::sync::Arc;

/// A server on a fresh PostgreSQL database, and the cluster it runs on when the suite has
/// none.
async fn postgres() -> (Server, Option<PgCluster>) {
    let cluster = postgres_server().is_none().then(PgCluster::start);
    let url = postgres_server().unwrap_or_else(|| cluster.as_ref().unwrap().url.clone());
    let database = checkout_server::store::Database::Postgres(create_postgres_database(&url));
    let s = server_on(
        tempfile::tempdir().unwrap(),
        database,
        Guard {
            rate: None,
            ..Guard::default()
        },
        Arc::new(checkout_server::payments::TestMode),
    )
    .await;
    (s, cluster)
}

/// The round trips of one call of `method uri` (after four like it, which prepare its
/// statements on every pooled connection it may land on), and its answer.
async fn counted(
    s: &Server,
    method: &str,
    uri: &str,
    body: Option<serde_json::Value>,
) -> (u64, Answer) {
    for _ in 0..4 {
        s.widget(method, uri, body.clone()).await;
    }
    let before = s
        .state
        .store
        .round_trips()
        .expect("a PostgreSQL store counts");
    let a = s.widget(method, uri, body).await;
    let after = s.state.store.round_trips().unwrap();
    (after - before, a)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_view_is_one_statement_once_its_catalog_rows_are_cached() {
    let (s, _cluster) = postgres().await;
    let id = s.demo_session().await["id"].as_str().unwrap().to_string();
    let uri = format!("/api/checkout/{id}");
    let (trips, a) = counted(&s, "GET", &uri, None).await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(
        trips, 1,
        "a view with a warm catalog cache: the session and the catalog generation in one statement, no BEGIN or COMMIT"
    );

    // The catalog changes: the next view misses the cache, reads again in one snapshot
    // and shows the change; the one after is one statement again.
    s.engine(
        "PATCH",
        &format!("/v1/products/{}", demo::PRODUCT_PRO),
        json!({"name": "Togethere Team"}),
    )
    .await;
    let before = s.state.store.round_trips().unwrap();
    let a = s.widget("GET", &uri, None).await;
    let missed = s.state.store.round_trips().unwrap() - before;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.body["line_items"][0]["product"]["name"], "Togethere Team");
    assert!(
        missed > 3,
        "a view that missed the cache ran in a transaction ({missed} round trips)"
    );
    let before = s.state.store.round_trips().unwrap();
    assert_eq!(s.widget("GET", &uri, None).await.status, 200);
    assert_eq!(s.state.store.round_trips().unwrap() - before, 1);

    // A session that does not exist: one statement, and 404.
    let (trips, a) = counted(&s, "GET", "/api/checkout/cs_test_missing", None).await;
    assert_eq!(a.status, 404, "{}", a.body);
    assert_eq!(trips, 1);
}

/// The round trips of `POST uri` with `body`, with a fresh `Idempotency-Key` when `keyed`
/// (as the widget sends every change).
async fn counted_post(
    s: &Server,
    uri: &str,
    body: serde_json::Value,
    keyed: bool,
) -> (u64, Answer) {
    let key = keyed.then(|| checkout_server::new_id("key"));
    let before = s.state.store.round_trips().unwrap();
    let a = s
        .call_idem("POST", uri, Some(body), None, key.as_deref())
        .await;
    (s.state.store.round_trips().unwrap() - before, a)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_after_a_view_reads_its_catalog_rows_from_the_cache() {
    let (s, _cluster) = postgres().await;
    let id = s.demo_session().await["id"].as_str().unwrap().to_string();
    // The buyer's first view fills the cache with the rows the upsell switch needs.
    counted(&s, "GET", &format!("/api/checkout/{id}"), None).await;
    let uri = format!("/api/checkout/{id}/upsell");
    for round in 0..4 {
        // Statements prepared on every connection first.
        counted_post(&s, &uri, json!({"selected": round % 2 == 0}), round < 2).await;
    }

    let (trips, a) = counted_post(&s, &uri, json!({"selected": true}), false).await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.body["upsell"]["selected"], true);
    assert_eq!(
        trips, 4,
        "BEGIN, the session locked with the catalog generation, its UPDATE, COMMIT"
    );

    let (trips, a) = counted_post(&s, &uri, json!({"selected": false}), true).await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.body["upsell"]["selected"], false);
    assert_eq!(
        trips, 9,
        "with a key: its lock, its lookup, a savepoint and its release, and the answer kept"
    );

    // A refusal without a key rolls its transaction back whole, and changes nothing.
    let line = a.body["line_items"][0]["id"].as_str().unwrap().to_string();
    let quantity = format!("/api/checkout/{id}/line-items/{line}/quantity");
    let (_, a) = counted_post(&s, &quantity, json!({"quantity": 9}), false).await;
    assert_eq!(a.status, 400, "{}", a.body);
    let view = s.widget("GET", &format!("/api/checkout/{id}"), None).await;
    assert_eq!(view.body["upsell"]["selected"], false);
    assert_eq!(view.body["line_items"][0]["quantity"], 1);
}
