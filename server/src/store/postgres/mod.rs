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
use std::cell::RefCell;
use std::collections::HashMap;

/// The [`PageSql`] of a list of `$table` on PostgreSQL: `$1` is the row count, `$2` the
/// cursor's id, and `$filter` reads `$3` (a list without a filter says `$3::text IS NULL`).
macro_rules! page_sql {
    ($cols:literal, $table:literal, $filter:literal) => {
        crate::store::page_sql!("$1", "$2", "$2::text IS NULL"; $cols, $table, $filter)
    };
}
pub(crate) use page_sql;

/// One transaction on a pooled connection, with that connection's prepared statements.
pub struct PgTx<'a> {
    t: RefCell<postgres::Transaction<'a>>,
    statements: RefCell<&'a mut HashMap<&'static str, Statement>>,
}

type Params<'p> = &'p [&'p (dyn ToSql + Sync)];

impl<'a> PgTx<'a> {
    fn statement(&self, sql: &'static str) -> Result<Statement, AppError> {
        if let Some(s) = self.statements.borrow().get(sql) {
            return Ok(s.clone());
        }
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
        Ok(self.t.into_inner().commit()?)
    }
}

impl Tx for PgTx<'_> {
    fn exec(&self, sql: &str) -> Result<(), AppError> {
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
}

/// How a transaction begins.
#[derive(Clone, Copy)]
enum Kind {
    Read,
    Write,
}

impl PgStore {
    /// Connects, migrates (once across instances) and fills the pool.
    pub fn open(url: &str, pool_size: usize) -> Result<PgStore, AppError> {
        let config = pool::config(url)?;
        migrate::migrate(&config)?;
        Ok(PgStore {
            pool: pool::Pool::open(config, pool_size)?,
        })
    }

    /// Runs `f` in one transaction of `kind` on a pooled connection, on a blocking
    /// thread; commits when `commit(&out)` says so, else rolls back.
    async fn run<T, F>(
        &self,
        kind: Kind,
        f: F,
        commit: fn(&Result<T, AppError>) -> bool,
    ) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&PgTx) -> Result<T, AppError> + Send + 'static,
    {
        let pool = self.pool.clone();
        let joined = tokio::task::spawn_blocking(move || {
            let mut f = Some(f);
            // A pooled connection is not checked before use (a round trip per request):
            // one the database closed since (a restart) fails at `BEGIN`, before anything
            // ran, and is dropped from the pool; the transaction then starts on the next
            // one, until the pool makes a fresh connection (or cannot, within its
            // checkout timeout: the database is down).
            let tries = pool.max_size() + 1;
            for attempt in 1..=tries {
                let mut conn = pool.get()?;
                let pool::PgConn { client, statements } = &mut *conn;
                let started = match kind {
                    Kind::Read => client
                        .build_transaction()
                        .isolation_level(postgres::IsolationLevel::RepeatableRead)
                        .read_only(true)
                        .start(),
                    Kind::Write => client.transaction(),
                };
                let t = match started.map_err(AppError::from) {
                    Ok(t) => t,
                    Err(AppError::Unavailable(_)) if attempt < tries => continue,
                    Err(e) => return Err(e),
                };
                let tx = PgTx {
                    t: RefCell::new(t),
                    statements: RefCell::new(statements),
                };
                let f = f.take().ok_or_else(|| AppError::internal("ran twice"))?;
                let out = f(&tx);
                if commit(&out) {
                    tx.commit()?;
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

    pub async fn read<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn Tx) -> Result<T, AppError> + Send + 'static,
    {
        self.run(Kind::Read, |tx| f(tx), |out| out.is_ok()).await
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
        // A refusal is committed too: its savepoint was rolled back, and its answer is
        // remembered for the key.
        self.run(
            Kind::Write,
            move |tx| super::idempotency::run_mutation(tx, idem.as_ref(), now, f),
            |out| matches!(out, Ok(_) | Err(AppError::Rule(_))),
        )
        .await
    }

    pub async fn write<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn Tx) -> Result<T, AppError> + Send + 'static,
    {
        self.run(Kind::Write, |tx| f(tx), |out| out.is_ok()).await
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
