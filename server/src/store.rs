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
];

/// How many times a change is retried when another writer bumped the version under it.
const VERSION_RETRIES: usize = 5;

/// A small pool of SQLite connections used from blocking worker threads.
#[derive(Clone)]
pub struct Store {
    conns: Arc<Mutex<Vec<Connection>>>,
    /// Writers queue here (FIFO) so SQLite never makes one wait in its busy handler,
    /// whose sleeps (up to 100 ms) would dominate tail latency under load.
    writer: Arc<tokio::sync::Mutex<()>>,
    permits: Arc<Semaphore>,
    path: Arc<PathBuf>,
}

fn open_connection(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(conn)
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
        let mut conns = vec![first];
        for _ in 1..pool_size.max(1) {
            conns.push(open_connection(path)?);
        }
        Ok(Store {
            permits: Arc::new(Semaphore::new(conns.len())),
            writer: Arc::new(tokio::sync::Mutex::new(())),
            conns: Arc::new(Mutex::new(conns)),
            path: Arc::new(path.to_path_buf()),
        })
    }

    /// Runs `f`, which writes, with a connection on a blocking thread, one writer at a time.
    pub async fn write<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, AppError> + Send + 'static,
    {
        let _turn = self.writer.lock().await;
        self.run(f).await
    }

    /// Runs `f` with a connection on a blocking thread.
    pub async fn run<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, AppError> + Send + 'static,
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
            let mut conn = match conn {
                Some(c) => c,
                None => open_connection(&path)?,
            };
            let out = f(&mut conn);
            if let Ok(mut pool) = conns.lock() {
                pool.push(conn);
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

// ---------- catalog ----------

fn load<T: serde::de::DeserializeOwned>(
    conn: &Connection,
    sql: &str,
    id: &str,
) -> Result<Option<T>, AppError> {
    let data: Option<String> = conn.query_row(sql, [id], |r| r.get(0)).optional()?;
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

/// The catalog as the rules see it, read through one connection, memoised per request.
pub struct SqlCatalog<'c> {
    conn: &'c Connection,
    prices: RefCell<HashMap<String, Option<Price>>>,
    products: RefCell<HashMap<String, Option<Product>>>,
    active: RefCell<HashMap<String, Vec<Price>>>,
    /// The first storage failure met while reading (the trait answers `None` meanwhile).
    pub failure: RefCell<Option<String>>,
}

impl<'c> SqlCatalog<'c> {
    pub fn new(conn: &'c Connection) -> Self {
        SqlCatalog {
            conn,
            prices: RefCell::default(),
            products: RefCell::default(),
            active: RefCell::default(),
            failure: RefCell::default(),
        }
    }

    fn note<T>(&self, r: Result<Option<T>, AppError>) -> Option<T> {
        r.unwrap_or_else(|e| {
            self.failure
                .borrow_mut()
                .get_or_insert_with(|| format!("{e:?}"));
            None
        })
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
        if let Some(p) = self.prices.borrow().get(id) {
            return p.clone();
        }
        let p = self.note(load(self.conn, "SELECT data FROM prices WHERE id = ?1", id));
        self.prices.borrow_mut().insert(id.to_string(), p.clone());
        p
    }

    fn product(&self, id: &str) -> Option<Product> {
        if let Some(p) = self.products.borrow().get(id) {
            return p.clone();
        }
        let p = self.note(load(
            self.conn,
            "SELECT data FROM products WHERE id = ?1",
            id,
        ));
        self.products.borrow_mut().insert(id.to_string(), p.clone());
        p
    }

    fn active_prices(&self, product: &str) -> Vec<Price> {
        if let Some(p) = self.active.borrow().get(product) {
            return p.clone();
        }
        let p = self
            .note(active_prices(self.conn, product).map(Some))
            .unwrap_or_default();
        self.active
            .borrow_mut()
            .insert(product.to_string(), p.clone());
        p
    }

    fn coupon(&self, id: &str) -> Option<Coupon> {
        self.note(load(
            self.conn,
            "SELECT data FROM coupons WHERE id = ?1",
            id,
        ))
    }
}

// ---------- sessions ----------

pub fn get_session(conn: &Connection, id: &str) -> Result<Session, AppError> {
    load(conn, "SELECT data FROM sessions WHERE id = ?1", id)?.ok_or_else(|| {
        AppError::with_param(Code::ResourceMissing, "no such checkout session", "session")
    })
}

pub fn insert_session(conn: &Connection, s: &Session) -> Result<(), AppError> {
    let t = now();
    conn.execute(
        "INSERT INTO sessions (id, version, data, created, updated) VALUES (?1, ?2, ?3, ?4, ?4)",
        params![s.id, s.version as i64, serde_json::to_string(s)?, t],
    )?;
    Ok(())
}

/// Applies `change` to a session in one transaction. The write only lands if the stored
/// version is still the one that was read (optimistic check); if another writer got
/// there first, the change is re-applied to the fresh session, so no write is lost.
/// A refusal changes nothing. `finish` turns the result into the answer inside the
/// same transaction (so the answer is exactly what was stored).
pub fn change_session<T>(
    conn: &mut Connection,
    id: &str,
    change: &dyn Fn(&Session, &SqlCatalog) -> Result<Session, RuleError>,
    finish: &dyn Fn(&Session, &SqlCatalog) -> Result<T, AppError>,
) -> Result<T, AppError> {
    for _ in 0..VERSION_RETRIES {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (answer, landed) = {
            let catalog = SqlCatalog::new(&tx);
            let current = get_session(&tx, id)?;
            let result = change(&current, &catalog);
            catalog.check()?;
            let next = result?;
            if next == current {
                (finish(&current, &catalog)?, true)
            } else {
                let rows = tx.execute(
                    "UPDATE sessions SET version = ?2, data = ?3, updated = ?4 WHERE id = ?1 AND version = ?5",
                    params![id, next.version as i64, serde_json::to_string(&next)?, now(), current.version as i64],
                )?;
                let answer = finish(&next, &catalog)?;
                catalog.check()?;
                (answer, rows == 1)
            }
        };
        if landed {
            tx.commit()?;
            return Ok(answer);
        }
        tx.rollback()?;
    }
    Err(AppError::new(
        Code::SessionConflict,
        "the session kept changing; fetch it again and retry",
    ))
}
