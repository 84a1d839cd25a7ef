//! A server on a real database, driven in-process: a SQLite file in a temporary
//! directory, or, when `TEST_DATABASE_URL` names a PostgreSQL server
//! (`postgres://user@host:port`, as scripts/test starts one), a fresh database on it for
//! each test. The whole suite runs once per backend.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use checkout_server::guard::Guard;
use checkout_server::store::{Database, Store};
use checkout_server::{app, demo, AppState};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use tower::ServiceExt;

pub const KEY: &str = "sk_test_http_tests";

pub struct Server {
    pub app: Router,
    pub state: AppState,
    pub dir: tempfile::TempDir,
    pub clock: TestClock,
    /// The test's own database (SQLite file or PostgreSQL database).
    pub database: Database,
}

pub struct Answer {
    pub status: StatusCode,
    pub body: Value,
    pub raw: Vec<u8>,
    pub headers: axum::http::HeaderMap,
}

impl Answer {
    pub fn code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or("")
    }
}

/// A request with these headers and, when given, a JSON body.
pub fn request(
    method: &str,
    uri: &str,
    body: Option<Value>,
    headers: &[(&str, &str)],
) -> Request<Body> {
    let mut req = Request::builder().method(method).uri(uri);
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    match body {
        Some(b) => req
            .header("content-type", "application/json")
            .body(Body::from(b.to_string())),
        None => req.body(Body::empty()),
    }
    .unwrap()
}

pub async fn server() -> Server {
    server_with(Guard {
        rate: None,
        ..Guard::default()
    })
    .await
}

/// A test clock: starts at the real time; `advance` moves it.
#[derive(Clone)]
pub struct TestClock(pub Arc<AtomicI64>);

impl TestClock {
    pub fn advance(&self, secs: i64) {
        self.0.fetch_add(secs, Ordering::SeqCst);
    }
}

/// A server with this guard (origins, rate limit) and a clock the test moves.
pub async fn server_with(guard: Guard) -> Server {
    server_custom(guard, Arc::new(checkout_server::payments::TestMode)).await
}

/// A server with this guard and payment step, and a clock the test moves.
pub async fn server_custom(
    guard: Guard,
    payments: Arc<dyn checkout_server::payments::PaymentStep>,
) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let database = test_database(dir.path());
    server_on(dir, database, guard, payments).await
}

/// A server on `database` (files in `dir`), with a clock the test moves.
pub async fn server_on(
    dir: tempfile::TempDir,
    database: Database,
    guard: Guard,
    payments: Arc<dyn checkout_server::payments::PaymentStep>,
) -> Server {
    let clock = TestClock(Arc::new(AtomicI64::new(checkout_server::store::now())));
    let c = clock.0.clone();
    let store = Store::open(&database, 4)
        .await
        .unwrap()
        .with_clock(Arc::new(move || c.load(Ordering::SeqCst)));
    let state = AppState {
        store,
        secret_key: Arc::new(KEY.into()),
        demo: true,
        guard: Arc::new(guard),
        payments,
    };
    demo::seed(&state).await.unwrap();
    Server {
        app: app(state.clone(), None),
        state,
        dir,
        clock,
        database,
    }
}

/// The PostgreSQL server the suite runs against (`TEST_DATABASE_URL`), if any.
pub fn postgres_server() -> Option<String> {
    std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
        .map(|u| u.trim_end_matches('/').to_string())
}

/// A fresh, empty database for one test: a SQLite file in `dir`, or a new database on
/// the `TEST_DATABASE_URL` server.
pub fn test_database(dir: &std::path::Path) -> Database {
    match postgres_server() {
        None => Database::Sqlite(dir.join("checkout.sqlite3")),
        Some(server) => Database::Postgres(create_postgres_database(&server)),
    }
}

/// A throwaway PostgreSQL cluster of one test's own (scripts/postgres), stopped and
/// deleted when dropped.
pub struct PgCluster {
    pub url: String,
    dir: tempfile::TempDir,
}

fn scripts_postgres(args: &[&str]) -> String {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../scripts/postgres");
    let out = std::process::Command::new(script)
        .args(args)
        .output()
        .expect("scripts/postgres runs");
    assert!(
        out.status.success(),
        "scripts/postgres {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

impl PgCluster {
    pub fn start() -> PgCluster {
        let dir = tempfile::tempdir().unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port()
            .to_string();
        let url = scripts_postgres(&["start", &Self::data(&dir), &port, "--fast"]);
        PgCluster { url, dir }
    }

    fn data(dir: &tempfile::TempDir) -> String {
        format!("{}/pg", dir.path().display())
    }

    /// Stops the server, keeping its data (a database outage).
    pub fn pause(&self) {
        scripts_postgres(&["pause", &Self::data(&self.dir)]);
    }

    /// Starts it again on the same port.
    pub fn resume(&self) {
        scripts_postgres(&["resume", &Self::data(&self.dir)]);
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        scripts_postgres(&["stop", &Self::data(&self.dir)]);
    }
}

/// Creates an empty database on `server`; answers its URL.
pub fn create_postgres_database(server: &str) -> String {
    let name = checkout_server::new_id("t");
    let admin = format!("{server}/postgres");
    let sql = format!("CREATE DATABASE {name}");
    // The synchronous driver runs its own runtime: not on an async worker thread.
    std::thread::spawn(move || {
        let mut client = postgres::Client::connect(&admin, postgres::NoTls)
            .unwrap_or_else(|e| panic!("TEST_DATABASE_URL {admin}: {e}"));
        client.batch_execute(&sql).unwrap();
    })
    .join()
    .unwrap();
    format!("{server}/{name}")
}

/// Runs SQL on a test database as another program would (not through the store);
/// answers the first column of each row as text.
pub fn outside_sql(database: &Database, sql: &str) -> Vec<String> {
    match database.clone() {
        Database::Sqlite(path) => {
            let conn = rusqlite::Connection::open(path).unwrap();
            conn.busy_timeout(std::time::Duration::from_secs(5))
                .unwrap();
            let mut out = vec![];
            for statement in sql.split(';').filter(|s| !s.trim().is_empty()) {
                let mut stmt = conn.prepare(statement).unwrap();
                let mut rows = stmt.query([]).unwrap();
                while let Some(row) = rows.next().unwrap() {
                    let v: rusqlite::types::Value = row.get(0).unwrap();
                    out.push(match v {
                        rusqlite::types::Value::Integer(i) => i.to_string(),
                        rusqlite::types::Value::Text(t) => t,
                        other => format!("{other:?}"),
                    });
                }
            }
            out
        }
        Database::Postgres(url) => {
            let sql = sql.to_string();
            std::thread::spawn(move || {
                let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
                let mut out = vec![];
                for m in client.simple_query(&sql).unwrap() {
                    if let postgres::SimpleQueryMessage::Row(r) = m {
                        out.push(r.get(0).unwrap_or("").to_string());
                    }
                }
                out
            })
            .join()
            .unwrap()
        }
    }
}

impl Server {
    pub async fn raw(&self, req: Request<Body>) -> Answer {
        let res = self.app.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let raw = res.into_body().collect().await.unwrap().to_bytes().to_vec();
        let body = serde_json::from_slice(&raw).unwrap_or(Value::Null);
        Answer {
            status,
            body,
            raw,
            headers,
        }
    }

    pub async fn call(
        &self,
        method: &str,
        uri: &str,
        body: Option<Value>,
        key: Option<&str>,
    ) -> Answer {
        self.call_idem(method, uri, body, key, None).await
    }

    /// A call with an `Idempotency-Key` header (when given).
    pub async fn call_idem(
        &self,
        method: &str,
        uri: &str,
        body: Option<Value>,
        key: Option<&str>,
        idempotency_key: Option<&str>,
    ) -> Answer {
        let auth = key.map(|k| format!("Bearer {k}"));
        let mut headers = Vec::new();
        if let Some(k) = idempotency_key {
            headers.push(("idempotency-key", k));
        }
        if let Some(a) = &auth {
            headers.push(("authorization", a.as_str()));
        }
        self.raw(request(method, uri, body, &headers)).await
    }

    /// Engine API call that must succeed.
    pub async fn engine(&self, method: &str, uri: &str, body: Value) -> Value {
        let body = if method == "GET" { None } else { Some(body) };
        let a = self.call(method, uri, body, Some(KEY)).await;
        assert_eq!(a.status, StatusCode::OK, "{method} {uri}: {}", a.body);
        a.body
    }

    /// Engine API call that must be refused; answers it.
    pub async fn engine_err(&self, method: &str, uri: &str, body: Value) -> Answer {
        let a = self.call(method, uri, Some(body), Some(KEY)).await;
        assert!(
            a.status.is_client_error(),
            "{method} {uri} should be refused: {}",
            a.body
        );
        a
    }

    /// Widget API call.
    pub async fn widget(&self, method: &str, uri: &str, body: Option<Value>) -> Answer {
        self.call(method, uri, body, None).await
    }

    pub async fn product(&self, name: &str) -> String {
        self.engine("POST", "/v1/products", json!({ "name": name }))
            .await["id"]
            .as_str()
            .unwrap()
            .to_string()
    }

    pub async fn price(&self, body: Value) -> Value {
        self.engine("POST", "/v1/prices", body).await
    }

    pub async fn one_time(&self, product: &str, currency: &str, amount: i64) -> String {
        self.price(json!({"product": product, "currency": currency, "unit_amount": amount, "type": "one_time"})).await["id"]
            .as_str()
            .unwrap()
            .to_string()
    }

    pub async fn recurring(
        &self,
        product: &str,
        amount: i64,
        interval: &str,
        count: u32,
    ) -> String {
        self.price(json!({"product": product, "currency": "usd", "unit_amount": amount, "type": "recurring",
                          "recurring": {"interval": interval, "interval_count": count}}))
            .await["id"]
            .as_str()
            .unwrap()
            .to_string()
    }

    /// Creates a session on the engine API, its line items expanded (§9).
    pub async fn session(&self, mut body: Value) -> Value {
        if body.get("expand").is_none() {
            body["expand"] = json!(["line_items"]);
        }
        self.engine("POST", "/v1/checkout/sessions", body).await
    }

    pub async fn demo_session(&self) -> Value {
        self.session(json!({"mode": "subscription", "line_items": [{"price": demo::PRICE_MONTHLY, "quantity": 1,
            "adjustable_quantity": {"enabled": true, "minimum": 1, "maximum": 5}}]}))
            .await
    }

    /// The session's raw stored view, for byte-for-byte comparisons.
    pub async fn snapshot(&self, id: &str) -> Vec<u8> {
        let a = self
            .widget("GET", &format!("/api/checkout/{id}"), None)
            .await;
        assert_eq!(a.status, StatusCode::OK);
        a.raw
    }
}

/// The line items of a session the engine API answered with `expand[]=line_items`: a
/// Stripe list of `item`s (panics on any other shape).
pub fn items(session: &Value) -> &Vec<Value> {
    let list = &session["line_items"];
    assert_eq!(
        list["object"], "list",
        "line_items is not an expanded list: {session}"
    );
    assert_eq!(list["has_more"], false);
    let data = list["data"].as_array().expect("line_items.data");
    assert!(data.iter().all(|i| i["object"] == "item"), "{list}");
    data
}

pub fn offered(session: &Value) -> Vec<String> {
    session["cross_sells"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| !c["added"].as_bool().unwrap())
        .map(|c| c["product"]["id"].as_str().unwrap().to_string())
        .collect()
}

impl Answer {
    /// True when the server answered from its idempotency store.
    pub fn replayed(&self) -> bool {
        self.headers
            .get("idempotent-replayed")
            .is_some_and(|v| v == "true")
    }
}

/// A local HTTP receiver: records every delivery; answers 500 to the first `fail` ones.
#[derive(Clone, Default)]
pub struct Receiver {
    got: Arc<std::sync::Mutex<Vec<(axum::http::HeaderMap, String)>>>,
    fail: Arc<std::sync::atomic::AtomicUsize>,
}

impl Receiver {
    pub async fn start(fail: usize) -> (Receiver, String) {
        let r = Receiver::default();
        r.fail.store(fail, std::sync::atomic::Ordering::SeqCst);
        let state = r.clone();
        let app = axum::Router::new().route(
            "/hook",
            axum::routing::post(move |headers: axum::http::HeaderMap, body: String| {
                let state = state.clone();
                async move {
                    state.got.lock().unwrap().push((headers, body));
                    let left = state.fail.load(std::sync::atomic::Ordering::SeqCst);
                    if left > 0 {
                        state
                            .fail
                            .store(left - 1, std::sync::atomic::Ordering::SeqCst);
                        axum::http::StatusCode::INTERNAL_SERVER_ERROR
                    } else {
                        axum::http::StatusCode::OK
                    }
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        (r, url)
    }

    pub fn deliveries(&self) -> Vec<(axum::http::HeaderMap, String)> {
        self.got.lock().unwrap().clone()
    }
}

/// The real server binary, started on a file.
pub mod binary {
    use checkout_server::store::Database;
    use std::io::{BufRead, BufReader};
    use std::process::{Child, Command, Stdio};
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    /// The engine API key the binary runs with.
    pub const BINARY_KEY: &str = "sk_test_binary_run_4f1c";

    pub struct Running {
        pub child: Child,
        pub base: String,
        pub log: Arc<Mutex<String>>,
    }

    /// Starts the server binary on `db` (port chosen by the OS) and waits until it listens.
    pub fn start(db: &Database, env: &[(&str, &str)]) -> Running {
        let mut command = Command::new(env!("CARGO_BIN_EXE_checkout-server"));
        match db {
            Database::Sqlite(path) => command.env("DATABASE_PATH", path),
            Database::Postgres(url) => command.env("DATABASE_URL", url),
        };
        let mut child = command
            .env("PORT", "0")
            .env("HOST", "127.0.0.1")
            .env("WIDGET_DIR", "/nonexistent")
            .env("CHECKOUT_SECRET_KEY", BINARY_KEY)
            .env("SEED_DEMO", "1")
            .env("RATE_LIMIT_PER_SECOND", "0")
            .env("RUST_LOG", "info")
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the server binary starts");
        let log = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        for stream in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let (log, tx) = (log.clone(), tx.clone());
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    if let Some(url) = line.strip_prefix("checkout server listening on ") {
                        let _ = tx.send(url.trim_end_matches('/').to_string());
                    }
                    log.lock().unwrap().push_str(&(line + "\n"));
                }
            });
        }
        let base = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("the server listens");
        Running { child, base, log }
    }
}
