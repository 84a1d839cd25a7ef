//! Several server instances on one database, as a merchant runs them behind a load
//! balancer (DESIGN §6): three real `checkout-server` processes on one PostgreSQL database
//! (with `TEST_DATABASE_URL`, on a cluster of the test's own, since the test stops and
//! restarts it), or on one SQLite file otherwise. Every promise of docs/security.md holds
//! across them: migrations and the demo seed happen once, changes to a session form one
//! serial order, an idempotency key makes one change, a catalog change shows everywhere,
//! each webhook event reaches its endpoint once, a SIGKILLed instance loses no
//! acknowledged change, and a database outage is 503 `store_unavailable` (never a hang)
//! until the instances recover by themselves.

mod common;
use checkout_server::store::Database;
use common::binary::{self, Running, BINARY_KEY as KEY};
use common::*;
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The database the instances share: a PostgreSQL cluster of this test's own (it stops
/// and restarts it) when the suite runs on PostgreSQL, else one SQLite file.
struct Shared {
    database: Database,
    _dir: tempfile::TempDir,
    cluster: Option<PgCluster>,
}

impl Shared {
    fn new() -> Shared {
        let dir = tempfile::tempdir().unwrap();
        if postgres_server().is_none() {
            return Shared {
                database: Database::Sqlite(dir.path().join("shared.sqlite3")),
                _dir: dir,
                cluster: None,
            };
        }
        let cluster = PgCluster::start();
        Shared {
            database: Database::Postgres(create_postgres_database(&cluster.url)),
            _dir: dir,
            cluster: Some(cluster),
        }
    }
}

/// Starts `n` instances at the same moment.
fn start_instances(db: &Database, n: usize, env: &[(&str, &str)]) -> Vec<Running> {
    std::thread::scope(|s| {
        let starts: Vec<_> = (0..n).map(|_| s.spawn(|| binary::start(db, env))).collect();
        starts.into_iter().map(|h| h.join().unwrap()).collect()
    })
}

fn count(db: &Database, sql: &str) -> i64 {
    outside_sql(db, sql)[0].parse().unwrap()
}

async fn send(req: reqwest::RequestBuilder) -> (u16, Value, reqwest::header::HeaderMap) {
    let res = req.send().await.expect("the instance answers");
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    (status, res.json().await.unwrap_or(Value::Null), headers)
}

async fn new_session(http: &reqwest::Client, base: &str) -> Value {
    let (status, v, _) = send(
        http.post(format!("{base}/v1/checkout/sessions"))
            .bearer_auth(KEY)
            .json(&json!({"mode": "subscription", "line_items": [{"price": "price_pro_monthly", "quantity": 1,
                "adjustable_quantity": {"enabled": true, "minimum": 1, "maximum": 99}}], "expand": ["line_items"]})),
    )
    .await;
    assert_eq!(status, 200, "{v}");
    v
}

/// The cart of a session as either API answers it (the widget's line items, or the
/// engine's expanded list of `item`s): each line's id, price and quantity.
fn lines(v: &Value) -> Vec<(Value, Value, Value)> {
    let lines = match &v["line_items"] {
        Value::Array(a) => a,
        _ => items(v),
    };
    lines
        .iter()
        .map(|l| {
            (
                l["id"].clone(),
                l["price"]["id"].clone(),
                l["quantity"].clone(),
            )
        })
        .collect()
}

fn log_of(i: &Running) -> String {
    i.log.lock().unwrap().clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_instances_on_one_database_keep_every_promise() {
    let shared = Shared::new();
    let db = &shared.database;
    let (receiver, hook) = Receiver::start(0).await;
    let mut instances = start_instances(
        db,
        3,
        &[("DEMO_WEBHOOK_URL", hook.as_str()), ("RUST_LOG", "warn")],
    );
    let bases: Vec<String> = instances.iter().map(|i| i.base.clone()).collect();
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(15))
        .build()
        .unwrap();

    // Started together on an empty database: migrated once, seeded once, the demo
    // receiver registered once (one instance printed its secret).
    assert_eq!(
        count(db, "SELECT count(*) FROM schema_migrations"),
        checkout_server::store::sqlite::MIGRATIONS.len() as i64
    );
    assert_eq!(count(db, "SELECT count(*) FROM products"), 2);
    assert_eq!(count(db, "SELECT count(*) FROM webhook_endpoints"), 1);
    let registered = instances
        .iter()
        .filter(|i| log_of(i).contains("its signing secret"))
        .count();
    assert_eq!(
        registered, 1,
        "the demo receiver was registered by one instance"
    );
    for base in &bases {
        let res = http.get(format!("{base}/readyz")).send().await.unwrap();
        assert_eq!(res.status(), 200, "{base} is ready");
    }

    // One serial order per session: 30 changes at once, spread over the instances, each
    // to a quantity no other asks for. None is refused; each got its own version.
    let session = new_session(&http, &bases[0]).await;
    let id = session["id"].as_str().unwrap().to_string();
    let li = items(&session)[0]["id"].as_str().unwrap().to_string();
    let mut tasks = vec![];
    for q in 2..32_u64 {
        let req = http
            .post(format!(
                "{}/api/checkout/{id}/line-items/{li}/quantity",
                bases[q as usize % 3]
            ))
            .json(&json!({ "quantity": q }));
        tasks.push(tokio::spawn(send(req)));
    }
    let mut versions = HashMap::new();
    for t in tasks {
        let (status, v, _) = t.await.unwrap();
        assert_eq!(status, 200, "a change was refused: {v}");
        let q = v["line_items"][0]["quantity"].as_u64().unwrap();
        assert!(
            versions.insert(v["version"].as_u64().unwrap(), q).is_none(),
            "two answers share a version: {v}"
        );
    }
    assert_eq!(versions.len(), 30);
    for base in &bases {
        let (_, v, _) = send(http.get(format!("{base}/api/checkout/{id}"))).await;
        assert_eq!(v["version"], 31, "every change landed once");
        assert_eq!(
            v["line_items"][0]["quantity"].as_u64(),
            versions.get(&31).copied()
        );
    }

    // An idempotency key sent to two instances at once makes one change; both callers
    // get the same answer, one of them replayed.
    for round in 0..5 {
        let s = new_session(&http, &bases[round % 3]).await;
        let sid = s["id"].as_str().unwrap().to_string();
        let key = format!("add-services-{round}");
        let twice: Vec<_> = [1, 2]
            .iter()
            .map(|i| {
                tokio::spawn(send(
                    http.post(format!("{}/api/checkout/{sid}/cross-sells", bases[*i]))
                        .header("idempotency-key", key.clone())
                        .json(&json!({"product": "prod_deployment"})),
                ))
            })
            .collect();
        let mut answers = vec![];
        for t in twice {
            answers.push(t.await.unwrap());
        }
        assert_eq!((answers[0].0, answers[1].0), (200, 200));
        assert_eq!(
            answers[0].1, answers[1].1,
            "both callers got the same answer"
        );
        let replayed = answers
            .iter()
            .filter(|a| a.2.get("idempotent-replayed").is_some_and(|v| v == "true"))
            .count();
        assert_eq!(replayed, 1);
        let (_, v, _) = send(http.get(format!("{}/api/checkout/{sid}", bases[0]))).await;
        assert_eq!(
            v["line_items"].as_array().unwrap().len(),
            2,
            "one change: {v}"
        );
        assert_eq!(v["version"], 2);
    }

    // A catalog change through one instance, or by another program, shows in the next
    // view on every instance.
    let (status, _, _) = send(
        http.post(format!("{}/v1/products/prod_togethere_pro", bases[0]))
            .bearer_auth(KEY)
            .json(&json!({"name": "Togethere Team"})),
    )
    .await;
    assert_eq!(status, 200);
    for base in &bases {
        let (_, v, _) = send(http.get(format!("{base}/api/checkout/{id}"))).await;
        assert_eq!(
            v["line_items"][0]["product"]["name"], "Togethere Team",
            "{base}"
        );
    }
    let rename = match db {
        Database::Sqlite(_) => "UPDATE products SET data = json_set(data, '$.name', 'Renamed elsewhere') WHERE id = 'prod_togethere_pro'",
        Database::Postgres(_) => "UPDATE products SET data = jsonb_set(data::jsonb, '{name}', '\"Renamed elsewhere\"')::text WHERE id = 'prod_togethere_pro'",
    };
    outside_sql(db, rename);
    for base in &bases {
        let (_, v, _) = send(http.get(format!("{base}/api/checkout/{id}"))).await;
        assert_eq!(
            v["line_items"][0]["product"]["name"], "Renamed elsewhere",
            "{base}"
        );
    }

    // Six completions through the three instances, whose three workers all poll the
    // outbox: each event reaches the receiver exactly once.
    for n in 0..6 {
        let s = new_session(&http, &bases[n % 3]).await;
        let sid = s["id"].as_str().unwrap();
        let (status, v, _) = send(
            http.post(format!("{}/api/checkout/{sid}/confirm", bases[(n + 1) % 3]))
                .json(&json!({"expected_version": 1, "email": "anna@example.com"})),
        )
        .await;
        assert_eq!(status, 200, "{v}");
    }
    let started = Instant::now();
    while count(
        db,
        "SELECT count(*) FROM deliveries WHERE delivered IS NULL",
    ) > 0
        || count(db, "SELECT count(*) FROM deliveries") < 6
    {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "deliveries are stuck"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let got = receiver.deliveries();
    let ids: Vec<String> = got
        .iter()
        .map(|(_, body)| {
            serde_json::from_str::<Value>(body).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let distinct: HashSet<&String> = ids.iter().collect();
    assert_eq!(distinct.len(), 6, "six events: {ids:?}");
    assert_eq!(
        ids.len(),
        6,
        "an event was delivered more than once: {ids:?}"
    );

    // A stream of changes through all three; one instance is SIGKILLed in the middle.
    // Every change an instance acknowledged is in the database afterwards.
    let acked: Arc<Mutex<HashMap<String, Value>>> = Arc::default();
    let done = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut clients = vec![];
    for c in 0..6_usize {
        let (http, bases, acked, done) = (http.clone(), bases.clone(), acked.clone(), done.clone());
        clients.push(tokio::spawn(async move {
            let base = &bases[c % 3];
            loop {
                let Ok(res) = http
                    .post(format!("{base}/v1/checkout/sessions"))
                    .bearer_auth(KEY)
                    .json(&json!({"mode": "subscription", "line_items": [{"price": "price_pro_monthly", "quantity": 1,
                        "adjustable_quantity": {"enabled": true, "minimum": 1, "maximum": 99}}], "expand": ["line_items"]}))
                    .send()
                    .await
                else {
                    return;
                };
                let Ok(v) = res.json::<Value>().await else { return };
                let sid = v["id"].as_str().unwrap().to_string();
                let li = items(&v)[0]["id"].as_str().unwrap().to_string();
                acked.lock().unwrap().insert(sid.clone(), v);
                for q in 2..12 {
                    let Ok(res) = http
                        .post(format!("{base}/api/checkout/{sid}/line-items/{li}/quantity"))
                        .json(&json!({ "quantity": q }))
                        .send()
                        .await
                    else {
                        return;
                    };
                    let ok = res.status().is_success();
                    let Ok(v) = res.json::<Value>().await else { return };
                    assert!(ok, "refused while all instances run: {v}");
                    acked.lock().unwrap().insert(sid.clone(), v);
                    done.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                }
            }
        }));
    }
    let started = Instant::now();
    while done.load(std::sync::atomic::Ordering::SeqCst) < 150 {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the stream stalled"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    instances[0].child.kill().expect("SIGKILL");
    instances[0].child.wait().unwrap();
    // The clients of the killed instance stop; the others go on a little, then stop.
    tokio::time::sleep(Duration::from_millis(300)).await;
    for c in &clients {
        c.abort();
    }
    for c in clients {
        if let Err(e) = c.await {
            assert!(e.is_cancelled(), "a client failed: {e}");
        }
    }
    let acked = acked.lock().unwrap().clone();
    assert!(acked.len() >= 6, "the stream ran: {} sessions", acked.len());
    for (sid, last) in &acked {
        let (status, now, _) = send(http.get(format!("{}/api/checkout/{sid}", bases[1]))).await;
        assert_eq!(status, 200, "{sid} loads after the kill");
        let (v_now, v_acked) = (
            now["version"].as_i64().unwrap(),
            last["version"].as_i64().unwrap(),
        );
        assert!(
            v_now == v_acked || v_now == v_acked + 1,
            "{sid}: stored {v_now}, acknowledged {v_acked}"
        );
        if v_now == v_acked {
            assert_eq!(lines(&now), lines(last), "{sid}");
        }
    }

    // The database goes away: requests answer 503 store_unavailable with Retry-After
    // within a few seconds, /readyz says so; when it is back, the instances recover by
    // themselves and nothing acknowledged is lost.
    if let Some(cluster) = &shared.cluster {
        cluster.pause();
        for base in &bases[1..] {
            let asked = Instant::now();
            let (status, v, headers) = send(http.get(format!("{base}/api/checkout/{id}"))).await;
            let waited = asked.elapsed();
            assert_eq!(
                (status, v["error"]["code"].as_str()),
                (503, Some("store_unavailable")),
                "{v}"
            );
            assert!(headers.get("retry-after").is_some());
            assert!(
                waited < Duration::from_secs(10),
                "answered after {waited:?}"
            );
            eprintln!("database down: {base} answered 503 after {waited:?}");
            let (status, v, _) = send(
                http.post(format!("{base}/api/checkout/{id}/line-items/{li}/quantity"))
                    .json(&json!({"quantity": 50})),
            )
            .await;
            assert_eq!(
                (status, v["error"]["code"].as_str()),
                (503, Some("store_unavailable"))
            );
            let ready = http.get(format!("{base}/readyz")).send().await.unwrap();
            assert_eq!(ready.status(), 503);
        }
        cluster.resume();
        for base in &bases[1..] {
            let started = Instant::now();
            loop {
                let ready = http.get(format!("{base}/readyz")).send().await.unwrap();
                if ready.status() == 200 {
                    break;
                }
                assert!(
                    started.elapsed() < Duration::from_secs(30),
                    "{base} did not recover"
                );
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            let (status, v, _) = send(http.get(format!("{base}/api/checkout/{id}"))).await;
            assert_eq!(status, 200, "{v}");
            assert_eq!(
                v["version"], 31,
                "the outage lost nothing and changed nothing"
            );
        }
        let (status, v, _) = send(
            http.post(format!(
                "{}/api/checkout/{id}/line-items/{li}/quantity",
                bases[2]
            ))
            .json(&json!({"quantity": 50})),
        )
        .await;
        assert_eq!((status, v["version"].as_i64()), (200, Some(32)), "{v}");
    }
    for i in instances.iter_mut().skip(1) {
        i.child.kill().unwrap();
        i.child.wait().unwrap();
    }
}

/// `PAYMENTS=merchant` on three instances: a cart confirmed through one is frozen on all,
/// and the merchant's server completing it through all three at once completes it once,
/// with one event and one Insights record (docs/security.md across instances).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_instances_complete_a_session_awaiting_payment_once() {
    let shared = Shared::new();
    let db = &shared.database;
    let instances = start_instances(db, 3, &[("PAYMENTS", "merchant")]);
    let bases: Vec<String> = instances.iter().map(|i| i.base.clone()).collect();
    let http = reqwest::Client::new();
    for round in 0..4 {
        let s = new_session(&http, &bases[round % 3]).await;
        let sid = s["id"].as_str().unwrap().to_string();
        let (status, v, _) = send(
            http.post(format!(
                "{}/api/checkout/{sid}/confirm",
                bases[(round + 1) % 3]
            ))
            .json(&json!({"expected_version": 1, "email": "anna@example.com"})),
        )
        .await;
        assert_eq!((status, &v["awaiting_payment"]), (200, &json!(true)), "{v}");
        let (status, v, _) = send(
            http.post(format!(
                "{}/api/checkout/{sid}/upsell",
                bases[(round + 2) % 3]
            ))
            .json(&json!({"selected": true})),
        )
        .await;
        assert_eq!(
            (status, v["error"]["code"].as_str()),
            (409, Some("session_awaiting_payment"))
        );
        let answers = futures_util::future::join_all((0..6).map(|n| {
            send(
                http.post(format!(
                    "{}/v1/checkout/sessions/{sid}/complete",
                    bases[n % 3]
                ))
                .bearer_auth(KEY)
                .json(&json!({"payment_reference": format!("pi_{n}")})),
            )
        }))
        .await;
        let ok: Vec<&Value> = answers
            .iter()
            .filter(|a| a.0 == 200)
            .map(|a| &a.1)
            .collect();
        assert_eq!(ok.len(), 1, "{answers:?}");
        assert_eq!(ok[0]["payment_status"], "paid");
        for (status, v, _) in answers.iter().filter(|a| a.0 != 200) {
            assert_eq!(
                (*status, v["error"]["code"].as_str()),
                (409, Some("session_not_open"))
            );
        }
        let like = format!("SELECT count(*) FROM events WHERE body LIKE '%{sid}%'");
        assert_eq!(count(db, &like), 1, "one event for {sid}");
        let completions = format!("SELECT count(*) FROM completions WHERE session = '{sid}'");
        assert_eq!(count(db, &completions), 1);
    }
    for i in &instances {
        assert!(!log_of(i).contains("ERROR"), "{}", log_of(i));
    }
}

/// A promotion code's last redemption, wanted by two sessions confirmed through two
/// instances at the same moment, goes to one of them (§11): the other is refused
/// `promotion_code_exhausted` and stays open, and the code counts one redemption.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_instances_give_a_codes_last_redemption_to_one_completion() {
    let shared = Shared::new();
    let db = &shared.database;
    let instances = start_instances(db, 3, &[]);
    let bases: Vec<String> = instances.iter().map(|i| i.base.clone()).collect();
    let http = reqwest::Client::new();
    let post = |base: &str, path: &str, body: Value| {
        http.post(format!("{base}{path}"))
            .bearer_auth(KEY)
            .json(&body)
    };
    let (_, coupon, _) = send(post(
        &bases[0],
        "/v1/coupons",
        json!({"percent_off": 10, "duration": "once"}),
    ))
    .await;
    for round in 0..4 {
        let code = format!("LAST{round}");
        let (status, p, _) = send(post(
            &bases[round % 3],
            "/v1/promotion_codes",
            json!({"coupon": coupon["id"], "code": code, "max_redemptions": 1}),
        ))
        .await;
        assert_eq!(status, 200, "{p}");
        let mut sessions = vec![];
        for n in 0..2 {
            let (_, s, _) = send(post(
                &bases[n],
                "/v1/checkout/sessions",
                json!({"mode": "subscription",
                "allow_promotion_codes": true,
                "line_items": [{"price": "price_pro_monthly", "quantity": 1}]}),
            ))
            .await;
            let sid = s["id"].as_str().unwrap().to_string();
            let (status, v, _) = send(
                http.post(format!("{}/api/checkout/{sid}/promotion-code", bases[2]))
                    .json(&json!({"code": code.to_lowercase()})),
            )
            .await;
            assert_eq!(status, 200, "{v}");
            sessions.push(sid);
        }
        let answers =
            futures_util::future::join_all(sessions.iter().enumerate().map(|(n, sid)| {
                send(
                    http.post(format!(
                        "{}/api/checkout/{sid}/confirm",
                        bases[(n + round) % 3]
                    ))
                    .json(&json!({"expected_version": 2, "email": "anna@example.com"})),
                )
            }))
            .await;
        let complete = answers
            .iter()
            .filter(|a| a.0 == 200 && a.1["status"] == "complete")
            .count();
        let exhausted = answers
            .iter()
            .filter(|a| a.0 == 400 && a.1["error"]["code"] == "promotion_code_exhausted")
            .count();
        assert_eq!((complete, exhausted), (1, 1), "{answers:?}");
        let (_, counted, _) = send(
            http.get(format!(
                "{}/v1/promotion_codes/{}",
                bases[1],
                p["id"].as_str().unwrap()
            ))
            .bearer_auth(KEY),
        )
        .await;
        assert_eq!(counted["times_redeemed"], 1);
    }
    for i in &instances {
        assert!(!log_of(i).contains("ERROR"), "{}", log_of(i));
    }
}
