//! The SQLite backend: the embedded default. One writer thread owns the only writing
//! connection (group commit: mutations queued at the same moment share one transaction,
//! each in its own savepoint, and one sync of the WAL); reads run on a pool of
//! `query_only` connections, each inside one read transaction (one snapshot). Several
//! processes on one file stay correct (every write transaction is `IMMEDIATE`, so
//! SQLite's write lock orders them), but one machine is its limit: for more, PostgreSQL.

mod catalog;
mod dashboard;
mod idempotency;
mod insights;
mod migrate;
mod outbox;
mod pool;
mod promotion;
mod sessions;
mod writer;

pub use migrate::MIGRATIONS;

use super::{Idempotency, Page, PageSql, Reply, Tx};
use crate::error::AppError;
use rusqlite::{Connection, OptionalExtension};
use std::path::Path;
use std::sync::Arc;

/// One transaction on a SQLite connection.
pub struct SqliteTx<'c>(pub &'c Connection);

#[derive(Clone)]
pub struct SqliteStore {
    readers: Arc<pool::Readers>,
    writer: writer::Writer,
}

/// Opens a connection with the store's settings.
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

impl SqliteStore {
    /// Opens (creating if missing) the database file and applies pending migrations.
    pub fn open(path: &Path, pool_size: usize) -> Result<SqliteStore, AppError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| AppError::internal(format!("create {}: {e}", dir.display())))?;
        }
        let mut first = open_connection(path)?;
        migrate::migrate(&mut first)?;
        Ok(SqliteStore {
            writer: writer::Writer::start(first)?,
            readers: Arc::new(pool::Readers::open(path, pool_size)?),
        })
    }

    pub async fn read<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn Tx) -> Result<T, AppError> + Send + 'static,
    {
        self.readers.read(f).await
    }

    pub async fn read_point<T, F>(&self, f: F) -> Result<T, AppError>
    where
        F: FnOnce(&dyn Tx) -> Result<T, AppError>,
    {
        self.readers.read_point(f).await
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
        self.writer.mutate(idem, now, f).await
    }

    pub async fn write<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn Tx) -> Result<T, AppError> + Send + 'static,
    {
        self.writer.alone(f).await
    }
}

impl Tx for SqliteTx<'_> {
    fn exec(&self, sql: &str) -> Result<(), AppError> {
        self.0.prepare_cached(sql)?.execute([])?;
        Ok(())
    }

    fn exclusive(&self, _name: &str) -> Result<(), AppError> {
        // Every write transaction here is IMMEDIATE: it holds the database's one write
        // lock from its start, across processes.
        Ok(())
    }

    fn meta(&self, key: &str) -> Result<Option<String>, AppError> {
        Ok(self
            .0
            .prepare_cached("SELECT value FROM meta WHERE key = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()?)
    }

    fn set_meta(&self, key: &str, value: &str) -> Result<(), AppError> {
        self.0
            .prepare_cached("INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)")?
            .execute([key, value])?;
        Ok(())
    }
}

/// The [`PageSql`] of a list of `$table` on SQLite: `?1` is the row count, `?2` the
/// cursor's id, and `$filter` reads `?3` (a list without a filter says `?3 IS NULL`).
macro_rules! page_sql {
    ($cols:literal, $table:literal, $filter:literal) => {
        crate::store::page_sql!("?1", "?2", "?2 IS NULL"; $cols, $table, $filter)
    };
}
pub(crate) use page_sql;

/// One page of a list (see [`Page`]), each row read by `row`; `filter` binds `?3`.
fn page_rows<T>(
    conn: &Connection,
    sql: &PageSql,
    kind: &str,
    page: &Page,
    filter: Option<&str>,
    mut row: impl FnMut(&rusqlite::Row<'_>) -> Result<T, AppError>,
) -> Result<Vec<T>, AppError> {
    let (cursor, before) = page.cursor();
    let mut stmt = conn.prepare_cached(if before { sql.before } else { sql.from })?;
    let mut rows = stmt.query(rusqlite::params![page.rows, cursor, filter])?;
    let mut out = vec![];
    while let Some(r) = rows.next()? {
        out.push(row(r)?);
    }
    if let (true, Some(id)) = (out.is_empty(), cursor) {
        let found = conn
            .prepare_cached(sql.exists)?
            .query_row([id], |_| Ok(()))
            .optional()?;
        if found.is_none() {
            return Err(page.missing_cursor(kind));
        }
    }
    Ok(out)
}

/// One page of a list of objects stored whole in `data` (see [`page_rows`]).
fn page_data<T: serde::de::DeserializeOwned>(
    conn: &Connection,
    sql: &PageSql,
    kind: &str,
    page: &Page,
    filter: Option<&str>,
) -> Result<Vec<T>, AppError> {
    page_rows(conn, sql, kind, page, filter, |r| {
        Ok(serde_json::from_str(&r.get::<_, String>(0)?)?)
    })
}

/// The JSON `data` column of the row `sql` selects by `id`, parsed.
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

/// The JSON `data` column of every row `sql` selects with one parameter, parsed.
fn load_all<T: serde::de::DeserializeOwned>(
    conn: &Connection,
    sql: &str,
    param: impl rusqlite::ToSql,
) -> Result<Vec<T>, AppError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([param], |r| r.get::<_, String>(0))?;
    rows.map(|d| Ok(serde_json::from_str(&d?)?)).collect()
}

fn is_unique_violation(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY)
}
