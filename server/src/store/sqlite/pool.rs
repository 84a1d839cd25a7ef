//! The read pool: `query_only` connections on blocking threads, each read in one
//! transaction.

use super::{open_connection, SqliteTx};
use crate::error::AppError;
use crate::store::Tx;
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tokio::sync::Semaphore;

pub struct Readers {
    conns: Arc<Mutex<Vec<Connection>>>,
    permits: Semaphore,
    path: PathBuf,
}

/// A connection of the read pool: it refuses writes (`query_only`).
fn open_reader(path: &Path) -> rusqlite::Result<Connection> {
    let conn = open_connection(path)?;
    conn.pragma_update(None, "query_only", true)?;
    Ok(conn)
}

/// Runs `f` in a deferred transaction, ended whether `f` succeeded or not. (`BEGIN` and
/// `COMMIT` are cached statements: parsing them each time was ~3 % of a `GET`.)
fn in_read_transaction<T>(
    conn: &Connection,
    f: impl FnOnce(&dyn Tx) -> Result<T, AppError>,
) -> Result<T, AppError> {
    conn.prepare_cached("BEGIN")?.execute([])?;
    let out = f(&SqliteTx(conn));
    let end = if out.is_ok() { "COMMIT" } else { "ROLLBACK" };
    let ended = conn.prepare_cached(end).and_then(|mut s| s.execute([]));
    let out = out?;
    ended?;
    Ok(out)
}

impl Readers {
    pub fn open(path: &Path, size: usize) -> Result<Readers, AppError> {
        let mut conns = vec![];
        for _ in 0..size.max(1) {
            conns.push(open_reader(path)?);
        }
        Ok(Readers {
            permits: Semaphore::new(conns.len()),
            conns: Arc::new(Mutex::new(conns)),
            path: path.to_path_buf(),
        })
    }

    /// Runs the read `f` with a pooled connection on a blocking thread, inside one read
    /// transaction: every statement of `f` sees the same snapshot, and SQLite takes its
    /// WAL read lock once instead of once per statement. Pooled connections are
    /// `query_only`: a write here fails instead of bypassing the writer.
    pub async fn read<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn Tx) -> Result<T, AppError> + Send + 'static,
    {
        let _permit = self.permits.acquire().await.map_err(AppError::internal)?;
        let conn = self.take()?;
        let (path, conns) = (self.path.clone(), self.conns.clone());
        match tokio::task::spawn_blocking(move || run(conn, &path, &conns, f)).await {
            Ok(out) => out,
            // The worker panicked: its connection is gone; the next call opens a fresh one.
            Err(e) => Err(AppError::internal(format!("worker failed: {e}"))),
        }
    }

    /// [`Readers::read`] on the calling thread: for a read of a few rows by key, which
    /// SQLite answers from its page cache in microseconds, less than the hand-off to a
    /// blocking thread and back costs (most of a widget `GET`'s time; BENCHMARKS.md, stop
    /// 36). Never for a read whose size the caller does not bound (lists, insights).
    pub async fn read_point<T, F>(&self, f: F) -> Result<T, AppError>
    where
        F: FnOnce(&dyn Tx) -> Result<T, AppError>,
    {
        let _permit = self.permits.acquire().await.map_err(AppError::internal)?;
        let conn = self.take()?;
        run(conn, &self.path, &self.conns, f)
    }

    fn take(&self) -> Result<Option<Connection>, AppError> {
        Ok(self
            .conns
            .lock()
            .map_err(|_| AppError::internal("pool poisoned"))?
            .pop())
    }
}

/// Runs `f` in a read transaction on a pooled connection (a fresh one when the pool had
/// none) and gives the connection back.
fn run<T>(
    conn: Option<Connection>,
    path: &Path,
    conns: &Mutex<Vec<Connection>>,
    f: impl FnOnce(&dyn Tx) -> Result<T, AppError>,
) -> Result<T, AppError> {
    let conn = match conn {
        Some(c) => c,
        None => open_reader(path)?,
    };
    let out = in_read_transaction(&conn, f);
    // A connection still inside a transaction (its end failed) is closed, which rolls it
    // back, rather than pooled: the next read would see this snapshot.
    if conn.is_autocommit() {
        if let Ok(mut pool) = conns.lock() {
            pool.push(conn);
        }
    }
    out
}
