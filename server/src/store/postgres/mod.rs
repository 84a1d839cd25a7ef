//! The PostgreSQL backend: for any number of server instances on one database. The
//! synchronous `postgres` driver runs on tokio's blocking threads (the rules read the
//! catalog in the middle of a change, synchronously), with an r2d2 pool of connections,
//! each keeping its prepared statements. Every promise of the SQLite backend holds across
//! instances:
//!
//! - reads: one `REPEATABLE READ, READ ONLY` transaction each (one snapshot);
//! - a session's changes: `SELECT … FOR UPDATE` on its row, so they form one serial order;
//! - idempotency keys: an advisory transaction lock per (scope, key), then the replay;
//! - webhook deliveries: claimed with `FOR UPDATE SKIP LOCKED` and a lease;
//! - migrations: under a session advisory lock, so instances starting together migrate
//!   an empty database once;
//! - a database that does not answer: `store_unavailable` (503) within a few seconds
//!   (connect timeout, pool checkout timeout, statement timeout), and the pool replaces
//!   broken connections by itself when it is back (a connection the database closed
//!   fails at `BEGIN`, before anything ran, and the transaction starts again on another).

mod catalog;
mod dashboard;
mod idempotency;
mod insights;
mod migrate;
mod outbox;
mod pool;
mod promotion;
mod sessions;

pub use migrate::{migrate, MIGRATIONS};
pub use pool::config;

use super::{Idempotency, Page, PageSql, Reply, Tx};
use crate::error::AppError;
use postgres::types::ToSql;
use postgres::{Row, Statement};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// The [`PageSql`] of a list of `$table` on PostgreSQL: `$1` is the row count, `$2` the
/// cursor's id, and `$filter` reads `$3` (a list without a filter says `$3::text IS NULL`).
macro_rules! page_sql {
    ($cols:literal, $table:literal, $filter:literal) => {
        crate::store::page_sql!("$1", "$2", "$2::text IS NULL"; $cols, $table, $filter)
    };
}
pub(crate) use page_sql;

/// One transaction on a pooled connection, with that connection's prepared statements;
/// or, for a point read, one statement alone (see [`PgStore::read_point`]).
pub struct PgTx<'a> {
    t: RefCell<Conn<'a>>,
    statements: RefCell<&'a mut HashMap<&'static str, Statement>>,
    /// Counts every exchange with the database (see [`PgStore::round_trips`]).
    round_trips: &'a AtomicU64,
    /// A point read: no transaction, so at most one statement (one snapshot). Set when a
    /// second one was asked for; the read then runs again in a transaction.
    point: Option<Cell<PointRead>>,
}

/// How far a point read went.
#[derive(Clone, Copy, PartialEq, Eq)]
enum PointRead {
    Fresh,
    Ran,
    NeedsSnapshot,
}

/// What a [`PgTx`] runs its statements on.
enum Conn<'a> {
    Tx(postgres::Transaction<'a>),
    /// No transaction: each statement is its own (autocommit).
    Alone(&'a mut postgres::Client),
}

impl Conn<'_> {
    fn prepare(&mut self, sql: &str) -> Result<Statement, postgres::Error> {
        match self {
            Conn::Tx(t) => t.prepare(sql),
            Conn::Alone(c) => c.prepare(sql),
        }
    }

    fn query(&mut self, s: &Statement, params: Params) -> Result<Vec<Row>, postgres::Error> {
        match self {
            Conn::Tx(t) => t.query(s, params),
            Conn::Alone(c) => c.query(s, params),
        }
    }

    fn query_opt(&mut self, s: &Statement, params: Params) -> Result<Option<Row>, postgres::Error> {
        match self {
            Conn::Tx(t) => t.query_opt(s, params),
            Conn::Alone(c) => c.query_opt(s, params),
        }
    }

    fn execute(&mut self, s: &Statement, params: Params) -> Result<u64, postgres::Error> {
        match self {
            Conn::Tx(t) => t.execute(s, params),
            Conn::Alone(c) => c.execute(s, params),
        }
    }

    fn batch_execute(&mut self, sql: &str) -> Result<(), postgres::Error> {
        match self {
            Conn::Tx(t) => t.batch_execute(sql),
            Conn::Alone(c) => c.batch_execute(sql),
        }
    }
}

type Params<'p> = &'p [&'p (dyn ToSql + Sync)];

impl<'a> PgTx<'a> {
    /// `sql`'s prepared statement (prepared once per connection), once this transaction
    /// may run it: a point read runs one statement only.
    fn statement(&self, sql: &'static str) -> Result<Statement, AppError> {
        if let Some(point) = &self.point {
            if point.get() != PointRead::Fresh {
                point.set(PointRead::NeedsSnapshot);
                return Err(AppError::internal("a point read ran a second statement"));
            }
            point.set(PointRead::Ran);
        }
        self.round_trips.fetch_add(1, Ordering::Relaxed);
        if let Some(s) = self.statements.borrow().get(sql) {
            return Ok(s.clone());
        }
        self.round_trips.fetch_add(1, Ordering::Relaxed);
        let s = self.t.borrow_mut().prepare(sql)?;
        self.statements.borrow_mut().insert(sql, s.clone());
        Ok(s)
    }

    fn query(&self, sql: &'static str, params: Params) -> Result<Vec<Row>, AppError> {
        let s = self.statement(sql)?;
        Ok(self.t.borrow_mut().query(&s, params)?)
    }

    fn query_opt(&self, sql: &'static str, params: Params) -> Result<Option<Row>, AppError> {
        let s = self.statement(sql)?;
        Ok(self.t.borrow_mut().query_opt(&s, params)?)
    }

    fn execute(&self, sql: &'static str, params: Params) -> Result<u64, AppError> {
        let s = self.statement(sql)?;
        Ok(self.t.borrow_mut().execute(&s, params)?)
    }

    /// [`PgTx::execute`] with the driver's own error handed back, to tell a constraint's
    /// refusal from a failure (run it in a savepoint: a refused statement aborts the rest
    /// of a transaction).
    fn execute_checked(
        &self,
        sql: &'static str,
        params: Params,
    ) -> Result<Result<u64, postgres::Error>, AppError> {
        let s = self.statement(sql)?;
        Ok(self.t.borrow_mut().execute(&s, params))
    }

    /// The JSON `data` column of the row `sql` selects, parsed.
    fn load<T: serde::de::DeserializeOwned>(
        &self,
        sql: &'static str,
        params: Params,
    ) -> Result<Option<T>, AppError> {
        match self.query_opt(sql, params)? {
            None => Ok(None),
            Some(row) => Ok(Some(serde_json::from_str(row.try_get::<_, &str>(0)?)?)),
        }
    }

    /// One page of a list (see [`Page`]); `filter` binds `$3`.
    fn page_rows(
        &self,
        sql: &PageSql,
        kind: &str,
        page: &Page,
        filter: Option<&str>,
    ) -> Result<Vec<Row>, AppError> {
        let (cursor, before) = page.cursor();
        let statement = if before { sql.before } else { sql.from };
        let rows = self.query(statement, &[&page.rows, &cursor, &filter])?;
        if let (true, Some(id)) = (rows.is_empty(), cursor) {
            if self.query_opt(sql.exists, &[&id])?.is_none() {
                return Err(page.missing_cursor(kind));
            }
        }
        Ok(rows)
    }

    /// One page of a list of objects stored whole in `data` (see [`PgTx::page_rows`]).
    fn page_data<T: serde::de::DeserializeOwned>(
        &self,
        sql: &PageSql,
        kind: &str,
        page: &Page,
        filter: Option<&str>,
    ) -> Result<Vec<T>, AppError> {
        self.page_rows(sql, kind, page, filter)?
            .iter()
            .map(|row| Ok(serde_json::from_str(row.try_get::<_, &str>(0)?)?))
            .collect()
    }

    /// The JSON `data` column of every row `sql` selects, parsed.
    fn load_all<T: serde::de::DeserializeOwned>(
        &self,
        sql: &'static str,
        params: Params,
    ) -> Result<Vec<T>, AppError> {
        self.query(sql, params)?
            .iter()
            .map(|row| Ok(serde_json::from_str(row.try_get::<_, &str>(0)?)?))
            .collect()
    }

    fn commit(self) -> Result<(), AppError> {
        match self.t.into_inner() {
            Conn::Tx(t) => {
                self.round_trips.fetch_add(1, Ordering::Relaxed);
                Ok(t.commit()?)
            }
            Conn::Alone(_) => Ok(()),
        }
    }
}

impl Tx for PgTx<'_> {
    fn exec(&self, sql: &str) -> Result<(), AppError> {
        if self.point.is_some() {
            return Err(AppError::internal("a point read cannot run a batch"));
        }
        self.round_trips.fetch_add(1, Ordering::Relaxed);
        Ok(self.t.borrow_mut().batch_execute(sql)?)
    }

    fn exclusive(&self, name: &str) -> Result<(), AppError> {
        self.query(
            "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
            &[&name],
        )?;
        Ok(())
    }

    fn meta(&self, key: &str) -> Result<Option<String>, AppError> {
        Ok(self
            .query_opt("SELECT value FROM meta WHERE key = $1", &[&key])?
            .map(|r| r.try_get(0))
            .transpose()?)
    }

    fn set_meta(&self, key: &str, value: &str) -> Result<(), AppError> {
        self.execute(
            "INSERT INTO meta (key, value) VALUES ($1, $2)
             ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            &[&key, &value],
        )?;
        Ok(())
    }
}

/// The PostgreSQL store of one instance.
#[derive(Clone)]
pub struct PgStore {
    pool: pool::Pool,
    round_trips: Arc<AtomicU64>,
}

/// How a transaction begins.
#[derive(Clone, Copy)]
enum Kind {
    Read,
    Write,
    /// No transaction: one statement alone (see [`PgStore::read_point`]).
    Point,
}

impl PgStore {
    /// Connects, migrates (once across instances) and fills the pool.
    pub fn open(url: &str, pool_size: usize) -> Result<PgStore, AppError> {
        let config = pool::config(url)?;
        migrate::migrate(&config)?;
        Ok(PgStore {
            pool: pool::Pool::open(config, pool_size)?,
            round_trips: Arc::default(),
        })
    }

    /// The exchanges with the database so far: each statement, prepare, `BEGIN` and
    /// `COMMIT` is one (a test counts them per request).
    pub fn round_trips(&self) -> u64 {
        self.round_trips.load(Ordering::Relaxed)
    }

    /// Runs `f` in one transaction of `kind` on a pooled connection, on a blocking
    /// thread; commits when `commit(&out)` says so, else rolls back. A point read that
    /// needs a second statement runs again as a [`Kind::Read`] on the same connection.
    async fn run<T, F>(
        &self,
        kind: Kind,
        f: F,
        commit: impl Fn(&Result<T, AppError>) -> bool + Send + 'static,
    ) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnMut(&PgTx) -> Result<T, AppError> + Send + 'static,
    {
        let pool = self.pool.clone();
        let round_trips = self.round_trips.clone();
        let joined = tokio::task::spawn_blocking(move || {
            let mut f = f;
            let mut kind = kind;
            // A pooled connection is not checked before use (a round trip per request):
            // one the database closed since (a restart) fails at its first exchange
            // (`BEGIN`, or a point read's one statement), before anything ran, and is
            // dropped from the pool; the request then starts on the next one, until the
            // pool makes a fresh connection (or cannot, within its checkout timeout: the
            // database is down).
            let tries = pool.max_size() + 1;
            let mut attempt = 0;
            while attempt < tries {
                attempt += 1;
                let mut conn = pool.get()?;
                let pool::PgConn { client, statements } = &mut *conn;
                if let Kind::Point = kind {
                    let tx = PgTx {
                        t: RefCell::new(Conn::Alone(client)),
                        statements: RefCell::new(statements),
                        round_trips: &round_trips,
                        point: Some(Cell::new(PointRead::Fresh)),
                    };
                    let out = f(&tx);
                    let needs_snapshot =
                        tx.point.as_ref().map(Cell::get) == Some(PointRead::NeedsSnapshot);
                    drop(tx);
                    match out {
                        _ if needs_snapshot => {
                            kind = Kind::Read;
                            attempt -= 1;
                            continue;
                        }
                        Err(AppError::Unavailable(_)) if attempt < tries && client.is_closed() => {
                            continue
                        }
                        out => return out,
                    }
                }
                round_trips.fetch_add(1, Ordering::Relaxed);
                let started = match kind {
                    Kind::Read => client
                        .build_transaction()
                        .isolation_level(postgres::IsolationLevel::RepeatableRead)
                        .read_only(true)
                        .start(),
                    Kind::Write | Kind::Point => client.transaction(),
                };
                let t = match started.map_err(AppError::from) {
                    Ok(t) => t,
                    Err(AppError::Unavailable(_)) if attempt < tries => continue,
                    Err(e) => return Err(e),
                };
                let tx = PgTx {
                    t: RefCell::new(Conn::Tx(t)),
                    statements: RefCell::new(statements),
                    round_trips: &round_trips,
                    point: None,
                };
                let out = f(&tx);
                if commit(&out) {
                    tx.commit()?;
                } else {
                    // Dropping the transaction rolls it back.
                    round_trips.fetch_add(1, Ordering::Relaxed);
                }
                return out;
            }
            Err(AppError::internal("no transaction started"))
        })
        .await;
        match joined {
            Ok(out) => out,
            Err(e) => Err(AppError::internal(format!("worker failed: {e}"))),
        }
    }

    /// [`PgStore::run`] of a transaction that runs once (a point read may run twice),
    /// committed when `f` succeeds.
    async fn once<T, F>(&self, kind: Kind, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn Tx) -> Result<T, AppError> + Send + 'static,
    {
        let mut f = Some(f);
        self.run(
            kind,
            move |tx| f.take().ok_or_else(|| AppError::internal("ran twice"))?(tx),
            |out| out.is_ok(),
        )
        .await
    }

    pub async fn read<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn Tx) -> Result<T, AppError> + Send + 'static,
    {
        self.once(Kind::Read, f).await
    }

    /// A read of a few rows by key ([`super::Store::read_point`]) whose first statement
    /// answers it, as it should when the catalog rows it needs are cached: that statement
    /// runs alone, without `BEGIN` and `COMMIT` (one round trip instead of three; a single
    /// statement sees one snapshot). If `f` asks for a second statement (a catalog row the
    /// cache lacks), it runs again from the start in a `REPEATABLE READ` transaction, so
    /// every statement still shares one snapshot.
    pub async fn read_point<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: Fn(&dyn Tx) -> Result<T, AppError> + Send + 'static,
    {
        self.run(Kind::Point, move |tx| f(tx), |out| out.is_ok())
            .await
    }

    pub async fn mutate<F>(
        &self,
        idem: Option<Idempotency>,
        now: i64,
        f: F,
    ) -> Result<Reply, AppError>
    where
        F: FnOnce(&dyn Tx, i64) -> Result<String, AppError> + Send + 'static,
    {
        // With a key, a refusal is committed too: its savepoint was rolled back, and its
        // answer is remembered for the key. Without one, the mutation is alone in its
        // transaction and a refusal rolls the whole of it back (no savepoint: two round
        // trips fewer).
        let keyed = idem.is_some();
        let mut f = Some(f);
        self.run(
            Kind::Write,
            move |tx| {
                let f = f.take().ok_or_else(|| AppError::internal("ran twice"))?;
                super::idempotency::run_mutation(tx, idem.as_ref(), true, now, f)
            },
            move |out| matches!((out, keyed), (Ok(_), _) | (Err(AppError::Rule(_)), true)),
        )
        .await
    }

    pub async fn write<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn Tx) -> Result<T, AppError> + Send + 'static,
    {
        self.once(Kind::Write, f).await
    }
}

/// `url` with its password replaced by `***`.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (authority, tail) = match rest.find(['/', '?']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split(':').next().unwrap_or("");
            let masked = if userinfo.contains(':') { ":***" } else { "" };
            format!("{scheme}://{user}{masked}@{host}{tail}")
        }
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_never_reach_the_log() {
        assert_eq!(
            super::redact_url(
                "postgres://checkout:s3cret@db.internal:5432/checkout?sslmode=disable"
            ),
            "postgres://checkout:***@db.internal:5432/checkout?sslmode=disable"
        );
        assert_eq!(
            super::redact_url("postgresql://db/checkout"),
            "postgresql://db/checkout"
        );
    }
}
