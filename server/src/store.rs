//! The store: every read and write of the catalog and the sessions goes through here.
//! SQLite (WAL) is the embedded default. The SQL is portable (TEXT/INTEGER columns, no
//! SQLite-only syntax in the queries), so a PostgreSQL store can implement the same
//! functions without touching the rules in checkout-core.

use crate::error::AppError;
use checkout_core::catalog::{Coupon, Price, Product};
use checkout_core::session::{Catalog, Session};
use checkout_core::{Code, RuleError};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tokio::sync::Semaphore;

/// Schema migrations, applied in order at start; each runs once.
const MIGRATIONS: &[&str] = &[
    // 1: catalog and sessions
    "CREATE TABLE products (id TEXT PRIMARY KEY, data TEXT NOT NULL, created INTEGER NOT NULL);
     CREATE TABLE prices (id TEXT PRIMARY KEY, product TEXT NOT NULL REFERENCES products(id),
                          active INTEGER NOT NULL, data TEXT NOT NULL, created INTEGER NOT NULL);
     CREATE INDEX prices_by_product ON prices (product, active);
     CREATE TABLE coupons (id TEXT PRIMARY KEY, data TEXT NOT NULL, created INTEGER NOT NULL);
     CREATE TABLE sessions (id TEXT PRIMARY KEY, version INTEGER NOT NULL, data TEXT NOT NULL,
                            created INTEGER NOT NULL, updated INTEGER NOT NULL);
     CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);",
    // 2: idempotency keys: the first answer to each (scope, key), kept 24 hours
    "CREATE TABLE idempotency_keys (scope TEXT NOT NULL, key TEXT NOT NULL,
                                    fingerprint TEXT NOT NULL, status INTEGER NOT NULL,
                                    body TEXT NOT NULL, created INTEGER NOT NULL,
                                    PRIMARY KEY (scope, key));
     CREATE INDEX idempotency_keys_by_created ON idempotency_keys (created);",
    // 3: webhooks: endpoints, the event outbox and one delivery per (event, endpoint)
    "CREATE TABLE webhook_endpoints (id TEXT PRIMARY KEY, url TEXT NOT NULL, events TEXT NOT NULL,
                                     secret TEXT NOT NULL, created INTEGER NOT NULL);
     CREATE TABLE events (id TEXT PRIMARY KEY, type TEXT NOT NULL, created INTEGER NOT NULL,
                          body TEXT NOT NULL);
     CREATE TABLE deliveries (event TEXT NOT NULL REFERENCES events(id),
                              endpoint TEXT NOT NULL REFERENCES webhook_endpoints(id),
                              attempts INTEGER NOT NULL, next_attempt INTEGER NOT NULL,
                              delivered INTEGER, failed INTEGER, last_status INTEGER,
                              last_error TEXT, PRIMARY KEY (event, endpoint));
     CREATE INDEX deliveries_due ON deliveries (next_attempt)
       WHERE delivered IS NULL AND failed IS NULL;",
    // 4: the catalog's generation, moved by every change to products, prices and coupons
    // (by this server or any other program), so reads may share catalog rows while it
    // holds (see CatalogCache).
    "CREATE TABLE catalog_generation (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL);
     INSERT INTO catalog_generation (id, n) VALUES (1, 0);
     CREATE TRIGGER products_inserted AFTER INSERT ON products BEGIN UPDATE catalog_generation SET n = n + 1; END;
     CREATE TRIGGER products_updated AFTER UPDATE ON products BEGIN UPDATE catalog_generation SET n = n + 1; END;
     CREATE TRIGGER products_deleted AFTER DELETE ON products BEGIN UPDATE catalog_generation SET n = n + 1; END;
     CREATE TRIGGER prices_inserted AFTER INSERT ON prices BEGIN UPDATE catalog_generation SET n = n + 1; END;
     CREATE TRIGGER prices_updated AFTER UPDATE ON prices BEGIN UPDATE catalog_generation SET n = n + 1; END;
     CREATE TRIGGER prices_deleted AFTER DELETE ON prices BEGIN UPDATE catalog_generation SET n = n + 1; END;
     CREATE TRIGGER coupons_inserted AFTER INSERT ON coupons BEGIN UPDATE catalog_generation SET n = n + 1; END;
     CREATE TRIGGER coupons_updated AFTER UPDATE ON coupons BEGIN UPDATE catalog_generation SET n = n + 1; END;
     CREATE TRIGGER coupons_deleted AFTER DELETE ON coupons BEGIN UPDATE catalog_generation SET n = n + 1; END;",
];

/// How long an `Idempotency-Key` replays its first answer: 24 hours.
pub const IDEMPOTENCY_KEY_LIFETIME_SECS: i64 = 24 * 60 * 60;

/// A mutation's `Idempotency-Key`: `scope` keeps keys of different callers apart (the
/// engine API, or one session on the widget API); `fingerprint` identifies the request
/// (a digest of method, path and body).
#[derive(Debug, Clone)]
pub struct Idempotency {
    pub scope: String,
    pub key: String,
    pub fingerprint: String,
}

/// A mutation's answer: status and JSON body, and whether it is a replay of a stored one.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub body: String,
    pub replayed: bool,
}

impl Reply {
    /// A 200 answer carrying `value` as JSON. Written into one buffer sized for a client
    /// view (~2 KB for a one-line cart), where axum's `Json` starts at 128 bytes and
    /// writes through `BytesMut`'s `io::Write`.
    pub fn json<T: serde::Serialize>(value: &T) -> Result<Reply, AppError> {
        Ok(Reply {
            status: 200,
            body: json_text(value)?,
            replayed: false,
        })
    }
}

/// `value` as JSON text, written into one buffer sized for a client view.
pub fn json_text<T: serde::Serialize>(value: &T) -> Result<String, AppError> {
    let mut out = Vec::with_capacity(4096);
    serde_json::to_writer(&mut out, value)?;
    String::from_utf8(out).map_err(AppError::internal)
}

/// The time source (unix seconds); tests move it forward.
pub type Clock = Arc<dyn Fn() -> i64 + Send + Sync>;

/// Reads go through a small pool of SQLite connections on blocking threads; writes go to
/// one writer thread with its own connection (see [`writer_loop`]).
#[derive(Clone)]
pub struct Store {
    conns: Arc<Mutex<Vec<Connection>>>,
    /// The writer's queue. Writers queue here (FIFO), so SQLite never makes one wait in
    /// its busy handler, whose sleeps (up to 100 ms) would dominate tail latency.
    writer: std::sync::mpsc::Sender<Work>,
    permits: Arc<Semaphore>,
    path: Arc<PathBuf>,
    clock: Clock,
    catalog: Arc<CatalogCache>,
}

fn open_connection(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    // FULL: every commit syncs the WAL before the answer goes out, so an acknowledged
    // change survives a crash of the process and of the machine (NORMAL may lose the last
    // commits on power loss). See docs/security.md.
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(conn)
}

/// A connection of the read pool: it refuses writes (`query_only`).
fn open_reader(path: &Path) -> rusqlite::Result<Connection> {
    let conn = open_connection(path)?;
    conn.pragma_update(None, "query_only", true)?;
    Ok(conn)
}

/// Runs `f` in a deferred transaction, ended whether `f` succeeded or not. (`BEGIN` and
/// `COMMIT` are cached statements: parsing them each time was ~3 % of a `GET`.)
fn read<T>(
    conn: &Connection,
    f: impl FnOnce(&Connection) -> Result<T, AppError>,
) -> Result<T, AppError> {
    conn.prepare_cached("BEGIN")?.execute([])?;
    let out = f(conn);
    let end = if out.is_ok() { "COMMIT" } else { "ROLLBACK" };
    let ended = conn.prepare_cached(end).and_then(|mut s| s.execute([]));
    let out = out?;
    ended?;
    Ok(out)
}

pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

impl Store {
    /// Opens (creating if missing) the database file and applies pending migrations.
    pub fn open(path: &Path, pool_size: usize) -> Result<Store, AppError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| AppError::internal(format!("create {}: {e}", dir.display())))?;
        }
        let mut first = open_connection(path)?;
        migrate(&mut first)?;
        let (writer, queue) = std::sync::mpsc::channel();
        std::thread::Builder::new()
            .name("sqlite-writer".into())
            .spawn(move || writer_loop(first, queue))
            .map_err(|e| AppError::internal(format!("start the writer: {e}")))?;
        let mut conns = vec![];
        for _ in 0..pool_size.max(1) {
            conns.push(open_reader(path)?);
        }
        Ok(Store {
            permits: Arc::new(Semaphore::new(conns.len())),
            writer,
            conns: Arc::new(Mutex::new(conns)),
            path: Arc::new(path.to_path_buf()),
            clock: Arc::new(now),
            catalog: Arc::default(),
        })
    }

    /// The same store reading time from `clock` (tests use it to let sessions expire).
    pub fn with_clock(mut self, clock: Clock) -> Store {
        self.clock = clock;
        self
    }

    /// Unix seconds, from the store's clock.
    pub fn now(&self) -> i64 {
        (self.clock)()
    }

    /// The catalog rows reads share (pass it to [`SqlCatalog::shared`] inside [`Store::run`]).
    pub fn catalog_cache(&self) -> Arc<CatalogCache> {
        self.catalog.clone()
    }

    /// Runs one mutation on the writer, inside an IMMEDIATE transaction it may share with
    /// other mutations queued at the same moment (group commit: one sync of the WAL for
    /// the batch; each mutation in its own savepoint). `f` answers the JSON body of a
    /// success. With an `Idempotency-Key`, a request seen in the last 24 hours is
    /// answered with the stored first answer (status and body) and `f` does not run; the
    /// same key with another request is refused (409 `idempotency_key_reused`). A success
    /// is remembered in the same transaction as the change (a crash cannot keep one
    /// without the other); a refusal is remembered after its savepoint is rolled back; an
    /// internal error is not, so a retry can succeed. Nothing is answered before the
    /// transaction committed.
    pub async fn mutate<F>(&self, idem: Option<Idempotency>, f: F) -> Result<Reply, AppError>
    where
        F: FnOnce(&Connection, i64) -> Result<String, AppError> + Send + 'static,
    {
        let (reply, answer) = tokio::sync::oneshot::channel();
        let job = MutationJob {
            f: Some(f),
            idem,
            now: self.now(),
            out: None,
            reply,
        };
        self.writer
            .send(Work::Batched(Box::new(job)))
            .map_err(|_| AppError::internal("the writer has stopped"))?;
        answer
            .await
            .map_err(|_| AppError::internal("the writer dropped a mutation"))?
    }

    /// Deletes idempotency keys older than 24 hours; answers how many went.
    pub async fn prune(&self) -> Result<usize, AppError> {
        let cutoff = self.now() - IDEMPOTENCY_KEY_LIFETIME_SECS;
        self.write(move |conn| {
            Ok(conn.execute("DELETE FROM idempotency_keys WHERE created <= ?1", [cutoff])?)
        })
        .await
    }

    /// Runs `f` on the writer's connection, alone (it manages its own transactions).
    pub async fn write<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, AppError> + Send + 'static,
    {
        let (reply, answer) = tokio::sync::oneshot::channel();
        let job = move |conn: &mut Connection| {
            let _ = reply.send(f(conn));
        };
        self.writer
            .send(Work::Alone(Box::new(job)))
            .map_err(|_| AppError::internal("the writer has stopped"))?;
        answer
            .await
            .map_err(|_| AppError::internal("the writer dropped a write"))?
    }

    /// Runs the read `f` with a pooled connection on a blocking thread, inside one read
    /// transaction: every statement of `f` sees the same snapshot (a view never mixes a
    /// session with a catalog changed between two of its statements), and SQLite takes
    /// its WAL read lock once instead of once per statement. Pooled connections are
    /// `query_only`: a write here fails instead of bypassing the writer.
    pub async fn run<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, AppError> + Send + 'static,
    {
        let _permit = self.permits.acquire().await.map_err(AppError::internal)?;
        let conn = self
            .conns
            .lock()
            .map_err(|_| AppError::internal("pool poisoned"))?
            .pop();
        let path = self.path.clone();
        let conns = self.conns.clone();
        let joined = tokio::task::spawn_blocking(move || {
            let conn = match conn {
                Some(c) => c,
                None => open_reader(&path)?,
            };
            let out = read(&conn, f);
            // A connection still inside a transaction (its end failed) is closed, which
            // rolls it back, rather than pooled: the next read would see this snapshot.
            if conn.is_autocommit() {
                if let Ok(mut pool) = conns.lock() {
                    pool.push(conn);
                }
            }
            out
        })
        .await;
        match joined {
            Ok(out) => out,
            // The worker panicked: its connection is gone; the next call opens a fresh one.
            Err(e) => Err(AppError::internal(format!("worker failed: {e}"))),
        }
    }
}

/// Most mutations committed together.
const MAX_BATCH: usize = 64;

/// What the writer thread runs.
enum Work {
    /// A mutation that can share a transaction (in its own savepoint).
    Batched(Box<dyn BatchJob>),
    /// A write that runs alone and manages its own transactions.
    Alone(Box<dyn FnOnce(&mut Connection) + Send>),
}

trait BatchJob: Send {
    /// Runs inside the batch transaction; false when its work must be rolled back.
    fn run(&mut self, conn: &Connection) -> bool;
    /// Answers once the batch is committed (or with the commit's failure).
    fn finish(self: Box<Self>, committed: Result<(), String>);
}

struct MutationJob<F> {
    f: Option<F>,
    idem: Option<Idempotency>,
    now: i64,
    out: Option<Result<Reply, AppError>>,
    reply: tokio::sync::oneshot::Sender<Result<Reply, AppError>>,
}

impl<F> BatchJob for MutationJob<F>
where
    F: FnOnce(&Connection, i64) -> Result<String, AppError> + Send,
{
    fn run(&mut self, conn: &Connection) -> bool {
        let Some(f) = self.f.take() else { return false };
        let (idem, now) = (self.idem.as_ref(), self.now);
        let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            mutate_in(conn, idem, now, f)
        }))
        .unwrap_or_else(|_| Err(AppError::internal("a mutation panicked")));
        let keep = !matches!(out, Err(AppError::Internal(_)));
        self.out = Some(out);
        keep
    }

    fn finish(self: Box<Self>, committed: Result<(), String>) {
        let answer = match committed {
            Ok(()) => self
                .out
                .unwrap_or_else(|| Err(AppError::internal("a mutation did not run"))),
            Err(e) => Err(AppError::internal(format!("commit failed: {e}"))),
        };
        let _ = self.reply.send(answer);
    }
}

/// One mutation inside the batch transaction (see [`Store::mutate`]).
fn mutate_in<F>(
    conn: &Connection,
    idem: Option<&Idempotency>,
    now: i64,
    f: F,
) -> Result<Reply, AppError>
where
    F: FnOnce(&Connection, i64) -> Result<String, AppError>,
{
    if let Some(i) = idem {
        if let Some(reply) = replay(conn, i, now)? {
            return Ok(reply);
        }
    }
    conn.execute_batch("SAVEPOINT change")?;
    match f(conn, now) {
        Ok(body) => {
            conn.execute_batch("RELEASE change")?;
            if let Some(i) = idem {
                remember(conn, i, 200, &body, now)?;
            }
            Ok(Reply {
                status: 200,
                body,
                replayed: false,
            })
        }
        Err(AppError::Rule(refusal)) => {
            conn.execute_batch("ROLLBACK TO change; RELEASE change")?;
            if let Some(i) = idem {
                let (status, body) = crate::error::refusal_body(&refusal);
                remember(conn, i, status, &body, now)?;
            }
            Err(AppError::Rule(refusal))
        }
        Err(e) => Err(e),
    }
}

/// The writer thread: takes the next piece of work, and with it every mutation already
/// waiting (up to [`MAX_BATCH`]); runs them in one IMMEDIATE transaction, each in its own
/// savepoint, commits once (one WAL sync under `synchronous=FULL`), then answers them
/// all. Under load this turns many small commits into few; alone, a mutation commits at
/// once (it never waits for company).
fn writer_loop(mut conn: Connection, queue: std::sync::mpsc::Receiver<Work>) {
    let mut next = queue.recv().ok();
    while let Some(work) = next.take() {
        let mut batch: Vec<Box<dyn BatchJob>> = vec![];
        let mut alone = None;
        let mut item = Some(work);
        while let Some(w) = item.take() {
            match w {
                Work::Batched(job) => batch.push(job),
                Work::Alone(f) => {
                    alone = Some(f);
                    break;
                }
            }
            if batch.len() < MAX_BATCH {
                item = queue.try_recv().ok();
            }
        }
        commit_batch(&mut conn, batch);
        if let Some(f) = alone {
            if std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(&mut conn))).is_err() {
                let _ = conn.execute_batch("ROLLBACK");
            }
        }
        next = queue.recv().ok();
    }
}

fn commit_batch(conn: &mut Connection, mut batch: Vec<Box<dyn BatchJob>>) {
    if batch.is_empty() {
        return;
    }
    let result = (|| -> rusqlite::Result<()> {
        conn.execute_batch("BEGIN IMMEDIATE")?;
        for job in batch.iter_mut() {
            conn.execute_batch("SAVEPOINT job")?;
            if job.run(conn) {
                conn.execute_batch("RELEASE job")?;
            } else {
                conn.execute_batch("ROLLBACK TO job; RELEASE job")?;
            }
        }
        conn.execute_batch("COMMIT")
    })();
    if result.is_err() {
        let _ = conn.execute_batch("ROLLBACK");
    }
    let committed = result.map_err(|e| e.to_string());
    for job in batch {
        job.finish(committed.clone());
    }
}

fn migrate(conn: &mut Connection) -> Result<(), AppError> {
    conn.execute_batch("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)")?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let applied: i64 = tx.query_row(
        "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
        [],
        |r| r.get(0),
    )?;
    for (i, sql) in MIGRATIONS.iter().enumerate() {
        let version = i as i64 + 1;
        if version > applied {
            tx.execute_batch(sql)?;
            tx.execute(
                "INSERT INTO schema_migrations (version, applied_at) VALUES (?1, ?2)",
                params![version, now()],
            )?;
        }
    }
    tx.commit()?;
    Ok(())
}

// ---------- idempotency ----------

fn replay(conn: &Connection, i: &Idempotency, now: i64) -> Result<Option<Reply>, AppError> {
    let row: Option<(String, u16, String)> = conn
        .prepare_cached(
            "SELECT fingerprint, status, body FROM idempotency_keys
             WHERE scope = ?1 AND key = ?2 AND created > ?3",
        )?
        .query_row(
            params![i.scope, i.key, now - IDEMPOTENCY_KEY_LIFETIME_SECS],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    match row {
        None => Ok(None),
        Some((fingerprint, status, body)) if fingerprint == i.fingerprint => Ok(Some(Reply {
            status,
            body,
            replayed: true,
        })),
        Some(_) => Err(AppError::with_param(
            Code::IdempotencyKeyReused,
            "this Idempotency-Key was already used with a different request; use a fresh key for a new request",
            "Idempotency-Key",
        )),
    }
}

fn remember(
    conn: &Connection,
    i: &Idempotency,
    status: u16,
    body: &str,
    now: i64,
) -> Result<(), AppError> {
    // REPLACE: a row still here but older than 24 hours no longer counts.
    conn.prepare_cached(
        "INSERT OR REPLACE INTO idempotency_keys (scope, key, fingerprint, status, body, created)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![i.scope, i.key, i.fingerprint, status, body, now])?;
    Ok(())
}

// ---------- catalog ----------

fn load<T: serde::de::DeserializeOwned>(
    conn: &Connection,
    sql: &str,
    id: &str,
) -> Result<Option<T>, AppError> {
    // A cached statement: every view reads a session and its prices and products, and
    // parsing the SQL each time was ~3 % of a `GET` in a profile.
    let data: Option<String> = conn
        .prepare_cached(sql)?
        .query_row([id], |r| r.get(0))
        .optional()?;
    data.map(|d| serde_json::from_str(&d).map_err(AppError::from))
        .transpose()
}

fn list<T: serde::de::DeserializeOwned>(
    conn: &Connection,
    sql: &str,
    limit: i64,
) -> Result<Vec<T>, AppError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([limit], |r| r.get::<_, String>(0))?;
    rows.map(|d| Ok(serde_json::from_str(&d?)?)).collect()
}

fn missing(kind: &str, id: &str) -> AppError {
    AppError::with_param(Code::ResourceMissing, format!("no such {kind}: {id}"), "id")
}

fn exists(kind: &str, id: &str) -> AppError {
    AppError::with_param(
        Code::ResourceExists,
        format!("a {kind} with id {id} already exists"),
        "id",
    )
}

pub fn get_product(conn: &Connection, id: &str) -> Result<Product, AppError> {
    load(conn, "SELECT data FROM products WHERE id = ?1", id)?.ok_or_else(|| missing("product", id))
}

pub fn get_price(conn: &Connection, id: &str) -> Result<Price, AppError> {
    load(conn, "SELECT data FROM prices WHERE id = ?1", id)?.ok_or_else(|| missing("price", id))
}

pub fn get_coupon(conn: &Connection, id: &str) -> Result<Coupon, AppError> {
    load(conn, "SELECT data FROM coupons WHERE id = ?1", id)?.ok_or_else(|| missing("coupon", id))
}

pub fn list_products(conn: &Connection, limit: i64) -> Result<Vec<Product>, AppError> {
    list(
        conn,
        "SELECT data FROM products ORDER BY created DESC, id LIMIT ?1",
        limit,
    )
}

pub fn list_prices(conn: &Connection, limit: i64) -> Result<Vec<Price>, AppError> {
    list(
        conn,
        "SELECT data FROM prices ORDER BY created DESC, id LIMIT ?1",
        limit,
    )
}

pub fn list_coupons(conn: &Connection, limit: i64) -> Result<Vec<Coupon>, AppError> {
    list(
        conn,
        "SELECT data FROM coupons ORDER BY created DESC, id LIMIT ?1",
        limit,
    )
}

pub fn active_prices(conn: &Connection, product: &str) -> Result<Vec<Price>, AppError> {
    let mut stmt = conn
        .prepare_cached("SELECT data FROM prices WHERE product = ?1 AND active = 1 ORDER BY id")?;
    let rows = stmt.query_map([product], |r| r.get::<_, String>(0))?;
    rows.map(|d| Ok(serde_json::from_str(&d?)?)).collect()
}

fn is_unique_violation(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY)
}

pub fn insert_product(conn: &Connection, p: &Product) -> Result<(), AppError> {
    conn.execute(
        "INSERT INTO products (id, data, created) VALUES (?1, ?2, ?3)",
        params![p.id, serde_json::to_string(p)?, now()],
    )
    .map_err(|e| {
        if is_unique_violation(&e) {
            exists("product", &p.id)
        } else {
            e.into()
        }
    })?;
    Ok(())
}

pub fn save_product(conn: &Connection, p: &Product) -> Result<(), AppError> {
    conn.execute(
        "UPDATE products SET data = ?2 WHERE id = ?1",
        params![p.id, serde_json::to_string(p)?],
    )?;
    Ok(())
}

pub fn insert_price(conn: &Connection, p: &Price) -> Result<(), AppError> {
    conn.execute(
        "INSERT INTO prices (id, product, active, data, created) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![p.id, p.product, p.active, serde_json::to_string(p)?, now()],
    )
    .map_err(|e| {
        if is_unique_violation(&e) {
            exists("price", &p.id)
        } else {
            e.into()
        }
    })?;
    Ok(())
}

pub fn save_price(conn: &Connection, p: &Price) -> Result<(), AppError> {
    conn.execute(
        "UPDATE prices SET active = ?2, data = ?3 WHERE id = ?1",
        params![p.id, p.active, serde_json::to_string(p)?],
    )?;
    Ok(())
}

pub fn insert_coupon(conn: &Connection, c: &Coupon) -> Result<(), AppError> {
    conn.execute(
        "INSERT INTO coupons (id, data, created) VALUES (?1, ?2, ?3)",
        params![c.id, serde_json::to_string(c)?, now()],
    )
    .map_err(|e| {
        if is_unique_violation(&e) {
            exists("coupon", &c.id)
        } else {
            e.into()
        }
    })?;
    Ok(())
}

pub fn get_meta(conn: &Connection, key: &str) -> Result<Option<String>, AppError> {
    Ok(conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()?)
}

pub fn set_meta(conn: &Connection, key: &str, value: &str) -> Result<(), AppError> {
    conn.execute("DELETE FROM meta WHERE key = ?1", [key])?;
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)",
        [key, value],
    )?;
    Ok(())
}

/// Most catalog entries a [`CatalogCache`] holds; past it, it starts again empty.
const CATALOG_CACHE_ENTRIES: usize = 10_000;

/// Catalog rows (parsed) shared by the reads of every request while the catalog's
/// generation holds. Each change to products, prices or coupons moves the generation in
/// the same transaction (triggers, migration 4), whoever makes it; a read takes the
/// generation from its own snapshot and uses only entries of that generation, so it never
/// sees a row other than the one its snapshot holds. Only reads fill it: a writer sees
/// changes that may still roll back.
#[derive(Default)]
pub struct CatalogCache {
    inner: Mutex<CacheEntries>,
}

#[derive(Default)]
struct CacheEntries {
    generation: i64,
    len: usize,
    prices: HashMap<String, Option<Price>>,
    products: HashMap<String, Option<Product>>,
    active: HashMap<String, Vec<Price>>,
    coupons: HashMap<String, Option<Coupon>>,
}

/// Which of the maps an entry lives in.
type Pick<T> = fn(&mut CacheEntries) -> &mut HashMap<String, T>;

impl CatalogCache {
    /// The entry for `id` if the cache holds `generation`.
    fn get<T: Clone>(&self, generation: i64, pick: Pick<T>, id: &str) -> Option<T> {
        let mut e = self.inner.lock().ok()?;
        if e.generation != generation {
            return None;
        }
        pick(&mut e).get(id).cloned()
    }

    /// Keeps `value` for `id` under `generation`: a newer generation empties the cache
    /// first; an older one (a read that began before a change) keeps nothing.
    fn put<T>(&self, generation: i64, pick: Pick<T>, id: &str, value: T) {
        let Ok(mut e) = self.inner.lock() else { return };
        if generation < e.generation {
            return;
        }
        if generation > e.generation || e.len >= CATALOG_CACHE_ENTRIES {
            *e = CacheEntries {
                generation,
                ..CacheEntries::default()
            };
        }
        e.len += 1;
        pick(&mut e).insert(id.to_string(), value);
    }
}

/// The catalog as the rules see it, read through one connection, memoised per request
/// and, for reads, shared across requests through a [`CatalogCache`].
pub struct SqlCatalog<'c> {
    conn: &'c Connection,
    shared: Option<(&'c CatalogCache, i64)>,
    prices: RefCell<HashMap<String, Option<Price>>>,
    products: RefCell<HashMap<String, Option<Product>>>,
    active: RefCell<HashMap<String, Vec<Price>>>,
    coupons: RefCell<HashMap<String, Option<Coupon>>>,
    /// The first storage failure met while reading (the trait answers `None` meanwhile).
    pub failure: RefCell<Option<String>>,
}

impl<'c> SqlCatalog<'c> {
    pub fn new(conn: &'c Connection) -> Self {
        SqlCatalog {
            conn,
            shared: None,
            prices: RefCell::default(),
            products: RefCell::default(),
            active: RefCell::default(),
            coupons: RefCell::default(),
            failure: RefCell::default(),
        }
    }

    /// The catalog for a read (inside [`Store::run`]'s transaction), sharing `cache`.
    pub fn shared(conn: &'c Connection, cache: &'c CatalogCache) -> Result<Self, AppError> {
        let generation: i64 = conn
            .prepare_cached("SELECT n FROM catalog_generation WHERE id = 1")?
            .query_row([], |r| r.get(0))?;
        Ok(SqlCatalog {
            shared: Some((cache, generation)),
            ..SqlCatalog::new(conn)
        })
    }

    /// `id`'s entry: from this request's memo, else the shared cache, else `fetch`. A
    /// storage failure is noted (see [`SqlCatalog::check`]), answers the default and is
    /// not kept.
    fn memo<T: Clone + Default>(
        &self,
        local: &RefCell<HashMap<String, T>>,
        pick: Pick<T>,
        id: &str,
        fetch: impl FnOnce() -> Result<T, AppError>,
    ) -> T {
        if let Some(v) = local.borrow().get(id) {
            return v.clone();
        }
        let shared = self.shared.and_then(|(c, g)| c.get(g, pick, id));
        let v = match shared {
            Some(v) => v,
            None => match fetch() {
                Ok(v) => {
                    if let Some((cache, generation)) = self.shared {
                        cache.put(generation, pick, id, v.clone());
                    }
                    v
                }
                Err(e) => {
                    self.failure
                        .borrow_mut()
                        .get_or_insert_with(|| format!("{e:?}"));
                    return T::default();
                }
            },
        };
        local.borrow_mut().insert(id.to_string(), v.clone());
        v
    }

    /// Turns a storage failure hidden behind the trait into an internal error.
    pub fn check(&self) -> Result<(), AppError> {
        match self.failure.borrow().as_ref() {
            Some(f) => Err(AppError::internal(f)),
            None => Ok(()),
        }
    }
}

impl Catalog for SqlCatalog<'_> {
    fn price(&self, id: &str) -> Option<Price> {
        self.memo(
            &self.prices,
            |e| &mut e.prices,
            id,
            || load(self.conn, "SELECT data FROM prices WHERE id = ?1", id),
        )
    }

    fn product(&self, id: &str) -> Option<Product> {
        self.memo(
            &self.products,
            |e| &mut e.products,
            id,
            || load(self.conn, "SELECT data FROM products WHERE id = ?1", id),
        )
    }

    fn active_prices(&self, product: &str) -> Vec<Price> {
        self.memo(
            &self.active,
            |e| &mut e.active,
            product,
            || active_prices(self.conn, product),
        )
    }

    fn coupon(&self, id: &str) -> Option<Coupon> {
        self.memo(
            &self.coupons,
            |e| &mut e.coupons,
            id,
            || load(self.conn, "SELECT data FROM coupons WHERE id = ?1", id),
        )
    }
}

// ---------- sessions ----------

/// Loads a session as it stands at `now` (an open session past `expires_at` reads as
/// expired).
pub fn get_session(conn: &Connection, id: &str, now: i64) -> Result<Session, AppError> {
    let mut s: Session =
        load(conn, "SELECT data FROM sessions WHERE id = ?1", id)?.ok_or_else(|| {
            AppError::with_param(Code::ResourceMissing, "no such checkout session", "session")
        })?;
    s.lapse(now);
    Ok(s)
}

pub fn insert_session(conn: &Connection, s: &Session, now: i64) -> Result<(), AppError> {
    conn.execute(
        "INSERT INTO sessions (id, version, data, created, updated) VALUES (?1, ?2, ?3, ?4, ?4)",
        params![s.id, s.version as i64, serde_json::to_string(s)?, now],
    )?;
    Ok(())
}

/// Applies `change` to a session inside the caller's IMMEDIATE transaction and answers
/// `finish` of the result. Because the transaction holds SQLite's write lock from its
/// start, no other writer can change the session between this read and this write;
/// the version check in the `UPDATE` guards that anyway (409 `session_version_conflict`
/// if the stored version moved). A refusal writes nothing.
pub fn change_session<T>(
    conn: &Connection,
    id: &str,
    now: i64,
    change: impl FnOnce(&Session, &SqlCatalog) -> Result<Session, RuleError>,
    finish: impl FnOnce(&Session, &SqlCatalog) -> Result<T, AppError>,
) -> Result<T, AppError> {
    let catalog = SqlCatalog::new(conn);
    let current = get_session(conn, id, now)?;
    let result = change(&current, &catalog);
    catalog.check()?;
    let next = result?;
    if next != current {
        let rows = conn.execute(
            "UPDATE sessions SET version = ?2, data = ?3, updated = ?4 WHERE id = ?1 AND version = ?5",
            params![id, next.version as i64, serde_json::to_string(&next)?, now, current.version as i64],
        )?;
        if rows != 1 {
            return Err(AppError::with_param(
                Code::SessionVersionConflict,
                "the session changed while this update ran; fetch it again and retry",
                "session",
            ));
        }
    }
    let answer = finish(&next, &catalog)?;
    catalog.check()?;
    Ok(answer)
}
