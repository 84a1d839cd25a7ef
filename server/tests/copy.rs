//! `checkout-server copy-to-postgres` moves a SQLite installation to PostgreSQL
//! (docs/operations.md): a server started on the copy answers exactly what the SQLite one
//! answered, replays its idempotency keys, and takes further changes. Always runs against
//! a real PostgreSQL: the suite's (`TEST_DATABASE_URL`) or a cluster of its own.

mod common;
use checkout_server::store::Database;
use common::binary::{self, BINARY_KEY as KEY};
use common::*;
use serde_json::{json, Value};
use std::process::Command;

fn copy(from: &std::path::Path, to: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_checkout-server"))
        .arg("copy-to-postgres")
        .env("DATABASE_PATH", from)
        .env("DATABASE_URL", to)
        .output()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sqlite_installation_moves_to_postgres_whole() {
    let own_cluster = postgres_server().is_none().then(PgCluster::start);
    let server = postgres_server().unwrap_or_else(|| own_cluster.as_ref().unwrap().url.clone());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("shop.sqlite3");
    let http = reqwest::Client::new();

    // A SQLite installation with a catalog, sessions in several states, an idempotency
    // key and a webhook endpoint with an event waiting for delivery.
    let mut old = binary::start(&Database::Sqlite(file.clone()), &[]);
    let base = old.base.clone();
    let (status, endpoint) = post(
        &http,
        &format!("{base}/v1/webhook_endpoints"),
        json!({"url": "http://127.0.0.1:9/hook", "events": ["*"]}),
        None,
    )
    .await;
    assert_eq!(status, 200, "{endpoint}");
    let mut sessions = vec![];
    for n in 0..3 {
        let (_, s) = post(&http, &format!("{base}/v1/checkout/sessions"), json!({"mode": "subscription", "line_items": [{"price": "price_pro_monthly", "quantity": 1 + n}]}), None).await;
        sessions.push(s["id"].as_str().unwrap().to_string());
    }
    let (status, added) = post(
        &http,
        &format!("{base}/api/checkout/{}/cross-sells", sessions[0]),
        json!({"product": "prod_deployment"}),
        Some("add-1"),
    )
    .await;
    assert_eq!(status, 200, "{added}");
    let (status, _) = post(
        &http,
        &format!("{base}/api/checkout/{}/upsell", sessions[1]),
        json!({"selected": true}),
        None,
    )
    .await;
    assert_eq!(status, 200);
    let (status, _) = post(
        &http,
        &format!("{base}/api/checkout/{}/confirm", sessions[2]),
        json!({"expected_version": 1, "email": "anna@example.com"}),
        None,
    )
    .await;
    assert_eq!(status, 200);
    let mut before = vec![];
    for id in &sessions {
        before.push(get(&http, &format!("{base}/api/checkout/{id}")).await);
    }
    let products = get(&http, &format!("{base}/v1/products?limit=100")).await;
    old.child.kill().unwrap();
    old.child.wait().unwrap();

    // The copy.
    let url = create_postgres_database(&server);
    let out = copy(&file, &url);
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{printed}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(printed.contains("sessions: 3 rows"), "{printed}");
    assert!(printed.contains("deliveries: 1 rows"), "{printed}");

    // A server on PostgreSQL answers what the SQLite one answered.
    let db = Database::Postgres(url.clone());
    let mut new = binary::start(&db, &[]);
    let base = new.base.clone();
    for (id, was) in sessions.iter().zip(&before) {
        assert_eq!(
            &get(&http, &format!("{base}/api/checkout/{id}")).await,
            was,
            "{id}"
        );
    }
    assert_eq!(
        get(&http, &format!("{base}/v1/products?limit=100")).await,
        products
    );
    // The idempotency key replays its first answer; the cart takes further changes.
    let (status, replay) = post(
        &http,
        &format!("{base}/api/checkout/{}/cross-sells", sessions[0]),
        json!({"product": "prod_deployment"}),
        Some("add-1"),
    )
    .await;
    assert_eq!((status, &replay), (200, &added));
    let (status, v) = post(
        &http,
        &format!("{base}/api/checkout/{}/upsell", sessions[1]),
        json!({"selected": false}),
        None,
    )
    .await;
    assert_eq!((status, v["version"].as_i64()), (200, Some(3)), "{v}");
    // The event waiting for delivery is still waiting, for the new server's worker.
    assert_eq!(
        outside_sql(
            &db,
            "SELECT count(*) FROM deliveries WHERE delivered IS NULL"
        ),
        ["1"]
    );
    new.child.kill().unwrap();
    new.child.wait().unwrap();

    // A second copy into a database that holds data is refused and changes nothing.
    let out = copy(&file, &url);
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("already holds data") && said.contains("nothing was copied"),
        "{said}"
    );
    assert_eq!(outside_sql(&db, "SELECT count(*) FROM sessions"), ["3"]);
}

async fn post(http: &reqwest::Client, url: &str, body: Value, key: Option<&str>) -> (u16, Value) {
    let mut req = http.post(url).bearer_auth(KEY).json(&body);
    if let Some(k) = key {
        req = req.header("idempotency-key", k);
    }
    let res = req.send().await.unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

async fn get(http: &reqwest::Client, url: &str) -> Value {
    let res = http.get(url).bearer_auth(KEY).send().await.unwrap();
    assert_eq!(res.status(), 200, "{url}");
    res.json().await.unwrap()
}
