//! Crash safety against the real binary: SIGKILL during a stream of changes, restart on
//! the same database (SQLite file or PostgreSQL), and every acknowledged change is there;
//! a SQLite file passes `PRAGMA integrity_check`; every session loads. The same run checks that the logs never
//! carry a session id or the secret key.

use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

mod common;
use checkout_server::store::Database;
use common::binary::{start, BINARY_KEY as KEY};

/// What both APIs answer of a session: the widget's client view (an array of line
/// items) and the engine's create (a list of `item`s, expanded).
fn normalized(v: &Value) -> Value {
    let lines = match &v["line_items"] {
        Value::Array(_) => &v["line_items"],
        _ => &v["line_items"]["data"],
    };
    let items: Vec<Value> = lines
        .as_array()
        .unwrap()
        .iter()
        .map(|li| json!([li["id"], li["price"]["id"], li["quantity"]]))
        .collect();
    json!({"items": items, "version": v["version"], "total": v["amount_total"]})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn acknowledged_changes_survive_sigkill() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::test_database(dir.path());
    let mut first = start(&db, &[]);
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let base = first.base.clone();

    // The acknowledged state of each session (by id): its last answer.
    let acked: Arc<Mutex<HashMap<String, Value>>> = Arc::default();
    let count = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut clients = vec![];
    for c in 0..6_u64 {
        let (http, base, acked, count) = (http.clone(), base.clone(), acked.clone(), count.clone());
        clients.push(tokio::spawn(async move {
            let mut rng = 0x1234_5678_u64 + c;
            loop {
                // A new session, then changes to it, until the server is gone.
                let created = http
                    .post(format!("{base}/v1/checkout/sessions"))
                    .bearer_auth(KEY)
                    .json(&json!({"mode": "subscription", "line_items": [{"price": "price_pro_monthly", "quantity": 1,
                        "adjustable_quantity": {"enabled": true, "minimum": 1, "maximum": 50}}], "expand": ["line_items"]}))
                    .send()
                    .await;
                let Ok(res) = created else { return };
                let Ok(v) = res.json::<Value>().await else { return };
                let id = v["id"].as_str().unwrap().to_string();
                let li = v["line_items"]["data"][0]["id"].as_str().unwrap().to_string();
                acked.lock().unwrap().insert(id.clone(), v);
                count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                for _ in 0..8 {
                    rng = rng.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    let req = match (rng >> 33) % 3 {
                        0 => http.post(format!("{base}/api/checkout/{id}/upsell")).json(&json!({"selected": (rng >> 40) % 2 == 0})),
                        1 => http.post(format!("{base}/api/checkout/{id}/cross-sells")).json(&json!({"product": "prod_deployment"})),
                        _ => http
                            .post(format!("{base}/api/checkout/{id}/line-items/{li}/quantity"))
                            .json(&json!({"quantity": 1 + (rng >> 45) % 50})),
                    };
                    let Ok(res) = req.send().await else { return };
                    let ok = res.status().is_success();
                    let Ok(v) = res.json::<Value>().await else { return };
                    if ok {
                        acked.lock().unwrap().insert(id.clone(), v);
                        count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    }
                }
            }
        }));
    }
    // Kill it mid-stream, once a few hundred changes were acknowledged.
    let started = Instant::now();
    while count.load(std::sync::atomic::Ordering::SeqCst) < 300
        && started.elapsed() < Duration::from_secs(60)
    {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    first.child.kill().expect("SIGKILL"); // Child::kill is SIGKILL on Unix
    first.child.wait().unwrap();
    for c in clients {
        c.await.unwrap();
    }
    let acked = acked.lock().unwrap().clone();
    assert!(
        acked.len() >= 10,
        "the stream ran: {} sessions",
        acked.len()
    );

    // The database is sound and every session loads.
    if let Database::Sqlite(_) = db {
        assert_eq!(common::outside_sql(&db, "PRAGMA integrity_check"), ["ok"]);
    }
    let mut second = start(&db, &[]);
    let base = second.base.clone();
    for (id, last) in &acked {
        let res = http
            .get(format!("{base}/api/checkout/{id}"))
            .send()
            .await
            .unwrap();
        assert!(res.status().is_success(), "{id} loads after the crash");
        let now: Value = res.json().await.unwrap();
        let (v_now, v_acked) = (
            now["version"].as_i64().unwrap(),
            last["version"].as_i64().unwrap(),
        );
        // An in-flight change may have landed unacknowledged: at most one per session (its
        // client sends one request at a time).
        assert!(
            v_now == v_acked || v_now == v_acked + 1,
            "{id}: stored {v_now}, acknowledged {v_acked}"
        );
        if v_now == v_acked {
            assert_eq!(
                normalized(&now),
                normalized(last),
                "{id}: the acknowledged state is the stored one"
            );
        }
    }
    let ids = common::outside_sql(&db, "SELECT id FROM sessions");
    assert!(ids.len() >= acked.len());
    for id in &ids {
        let res = http
            .get(format!("{base}/api/checkout/{id}"))
            .send()
            .await
            .unwrap();
        assert!(res.status().is_success(), "stored session {id} loads");
    }
    second.child.kill().unwrap();
    second.child.wait().unwrap();

    // The logs of both runs: one line per request, never a whole session id or the key.
    let logs = first.log.lock().unwrap().clone() + &second.log.lock().unwrap();
    assert!(
        logs.contains("method=POST route=/api/checkout/{session}/line-items/{line_item}/quantity"),
        "requests are logged by route: {}",
        &logs[..logs.len().min(2000)]
    );
    assert!(logs.contains("status=200"), "with their status");
    assert!(!logs.contains(KEY), "the secret key is never logged");
    for id in &ids {
        assert!(
            !logs.contains(id.as_str()),
            "a whole session id was logged: {id}"
        );
    }
}
