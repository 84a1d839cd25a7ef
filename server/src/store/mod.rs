//! The store: every read and write of the catalog, the sessions, the idempotency keys and
//! the webhook outbox goes through here. One interface ([`Tx`], one transaction) and one
//! backend per database:
//!
//! - [`sqlite`]: the embedded default (`DATABASE_PATH`), one writer thread with group
//!   commit, snapshot reads on a pool of `query_only` connections;
//! - [`postgres`]: for several server instances on one database (`DATABASE_URL`), a pool
//!   of connections on blocking threads; every promise of docs/security.md holds across
//!   instances (row locks for sessions, advisory locks for idempotency keys and the
//!   demo seed, `FOR UPDATE SKIP LOCKED` leases for webhook deliveries).
//!
//! Handlers, the webhook worker and the demo see only [`Store`] and [`Tx`]. Each concern
//! has its own file here (its part of `Tx` and the backend-neutral logic on top of it), and
//! each backend implements every part in its own folder, with its migrations as files
//! under `server/migrations/<backend>/`.

pub mod catalog;
pub mod copy;
pub mod dashboard;
pub mod idempotency;
pub mod insights;
pub mod outbox;
pub mod postgres;
pub mod promotion;
pub mod sessions;
pub mod sqlite;
pub mod views;

use crate::error::AppError;
use std::path::PathBuf;
use std::sync::Arc;

pub use catalog::{CatalogCache, CatalogTx, StoreCatalog};
pub use dashboard::DashboardTx;
pub use idempotency::{Idempotency, IdempotencyTx, IDEMPOTENCY_KEY_LIFETIME_SECS};
pub use insights::InsightsTx;
pub use outbox::{
    Delivery, DeliveryOutcome, DeliveryState, DeliveryStatus, EventStatus, OutboxTx, Resend,
};
pub use promotion::PromotionTx;
pub use sessions::{change_session, found, get_session, SessionTx};

/// One transaction of either backend, as the handlers see it.
pub trait Tx:
    CatalogTx + SessionTx + IdempotencyTx + OutboxTx + DashboardTx + InsightsTx + PromotionTx
{
    /// Runs SQL that both backends read the same way and that answers nothing
    /// (`SAVEPOINT change`, `RELEASE change`, `ROLLBACK TO SAVEPOINT change`).
    fn exec(&self, sql: &str) -> Result<(), AppError>;
    /// Holds the named lock until this transaction ends: at most one transaction of any
    /// instance holds it at a time (PostgreSQL: an advisory transaction lock; SQLite:
    /// every write transaction is exclusive already).
    fn exclusive(&self, name: &str) -> Result<(), AppError>;
    /// A value of the `meta` table (demo seed markers and the like).
    fn meta(&self, key: &str) -> Result<Option<String>, AppError>;
    fn set_meta(&self, key: &str, value: &str) -> Result<(), AppError>;
}

/// Where the data lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Database {
    /// A SQLite file (created with its migrations when missing).
    Sqlite(PathBuf),
    /// A PostgreSQL connection URL (`postgres://user@host:port/db?...`).
    Postgres(String),
}

impl Database {
    /// `DATABASE_URL` when it is a `postgres://` or `postgresql://` URL, otherwise the
    /// SQLite file at `DATABASE_PATH` (default `data/checkout.sqlite3`).
    pub fn from_env_values(url: Option<String>, path: Option<String>) -> Result<Database, String> {
        match url {
            Some(u) if u.starts_with("postgres://") || u.starts_with("postgresql://") => {
                Ok(Database::Postgres(u))
            }
            Some(u) => Err(format!(
                "DATABASE_URL must be a postgres:// or postgresql:// URL, not `{}`",
                u.split(':').next().unwrap_or("")
            )),
            None => Ok(Database::Sqlite(PathBuf::from(
                path.unwrap_or_else(|| "data/checkout.sqlite3".into()),
            ))),
        }
    }

    /// What to print about it: the file, or the URL without its password.
    pub fn describe(&self) -> String {
        match self {
            Database::Sqlite(p) => format!("SQLite file {}", p.display()),
            Database::Postgres(u) => format!("PostgreSQL {}", postgres::redact_url(u)),
        }
    }
}

/// One page of a newest-first list (Stripe's `limit`, `starting_after`, `ending_before`).
/// Lists are ordered by `(created, id)`, newest first; a cursor is an object of the
/// list, and the page is the rows next to it, walking away from it.
#[derive(Debug, Clone)]
pub struct Page {
    /// How many rows to read (a page's size and one more, to know whether more follow).
    pub rows: i64,
    pub cursor: Option<Cursor>,
}

/// Where a page starts: after this object (older ones) or before it (newer ones).
#[derive(Debug, Clone)]
pub enum Cursor {
    After(String),
    Before(String),
}

impl Page {
    /// The first `rows` rows, newest first.
    pub fn first(rows: i64) -> Page {
        Page { rows, cursor: None }
    }

    /// The cursor's id, and whether the page walks towards newer rows (`ending_before`):
    /// then the backend answers them oldest first, and the caller turns them round.
    pub fn cursor(&self) -> (Option<&str>, bool) {
        match &self.cursor {
            None => (None, false),
            Some(Cursor::After(id)) => (Some(id), false),
            Some(Cursor::Before(id)) => (Some(id), true),
        }
    }

    /// The refusal when the cursor names no object of the list (`resource_missing`,
    /// naming the parameter, as the line-item list answers).
    pub fn missing_cursor(&self, kind: &str) -> AppError {
        let (param, id) = match &self.cursor {
            Some(Cursor::After(id)) => ("starting_after", id.as_str()),
            Some(Cursor::Before(id)) => ("ending_before", id.as_str()),
            None => ("starting_after", ""),
        };
        AppError::with_param(
            checkout_core::Code::ResourceMissing,
            format!("{param}: no such {kind}: {id}"),
            param,
        )
    }
}

/// A list's three statements for [`Page`]s, written per backend by its `page_sql!`:
/// from the newest or after the cursor, before the cursor (oldest first), and whether
/// the cursor is an object of the list (asked only when a page comes back empty).
pub struct PageSql {
    pub from: &'static str,
    pub before: &'static str,
    pub exists: &'static str,
}

/// The three statements of a [`PageSql`] for one backend's placeholders: `$rows` the
/// row count, `$cursor` the cursor's id (`$no_cursor` tests it for none).
macro_rules! page_sql {
    ($rows:literal, $cursor:literal, $no_cursor:literal; $cols:literal, $table:literal, $filter:literal) => {
        crate::store::PageSql {
            from: concat!(
                "SELECT ",
                $cols,
                " FROM ",
                $table,
                " WHERE ",
                $filter,
                " AND (",
                $no_cursor,
                " OR (created, id) < (SELECT created, id FROM ",
                $table,
                " WHERE id = ",
                $cursor,
                ")) ORDER BY created DESC, id DESC LIMIT ",
                $rows
            ),
            before: concat!(
                "SELECT ",
                $cols,
                " FROM ",
                $table,
                " WHERE ",
                $filter,
                " AND (created, id) > (SELECT created, id FROM ",
                $table,
                " WHERE id = ",
                $cursor,
                ") ORDER BY created, id LIMIT ",
                $rows
            ),
            // Its one parameter, the cursor, is the first.
            exists: concat!("SELECT 1 FROM ", $table, " WHERE id = ", $rows),
        }
    };
}
pub(crate) use page_sql;

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

pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

#[derive(Clone)]
enum Backend {
    Sqlite(sqlite::SqliteStore),
    Postgres(postgres::PgStore),
}

/// The store of one server process: a backend, the clock and the catalog rows that
/// reads share.
#[derive(Clone)]
pub struct Store {
    backend: Backend,
    clock: Clock,
    catalog: Arc<CatalogCache>,
    views: Arc<views::ViewCache>,
}

impl Store {
    /// Opens the database (a SQLite file is created when missing) and applies pending
    /// migrations, once, however many instances start at the same moment.
    /// `pool_size`: connections for reads (SQLite) or for everything (PostgreSQL).
    /// Connecting and migrating block, so they run on a blocking thread.
    pub async fn open(db: &Database, pool_size: usize) -> Result<Store, AppError> {
        let db = db.clone();
        let backend = tokio::task::spawn_blocking(move || -> Result<Backend, AppError> {
            Ok(match &db {
                Database::Sqlite(path) => {
                    Backend::Sqlite(sqlite::SqliteStore::open(path, pool_size)?)
                }
                Database::Postgres(url) => {
                    Backend::Postgres(postgres::PgStore::open(url, pool_size)?)
                }
            })
        })
        .await
        .map_err(AppError::internal)??;
        Ok(Store {
            backend,
            clock: Arc::new(now),
            catalog: Arc::default(),
            views: Arc::default(),
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

    /// The catalog rows reads share (pass it to [`StoreCatalog::shared`] inside
    /// [`Store::read`]).
    pub fn catalog_cache(&self) -> Arc<CatalogCache> {
        self.catalog.clone()
    }

    /// The encoded client views the widget's reads share (see [`views`]).
    pub fn view_cache(&self) -> Arc<views::ViewCache> {
        self.views.clone()
    }

    /// Runs the read `f` in one read-only transaction on a blocking thread: every
    /// statement of `f` sees the same snapshot (a view never mixes a session with a
    /// catalog changed between two of its statements). A write inside fails.
    pub async fn read<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn Tx) -> Result<T, AppError> + Send + 'static,
    {
        match &self.backend {
            Backend::Sqlite(s) => s.read(f).await,
            Backend::Postgres(p) => p.read(f).await,
        }
    }

    /// [`Store::read`] for a read of a few rows by key (a session and the catalog rows of
    /// its view). On SQLite it runs on the calling worker: the page cache answers it in
    /// microseconds, less than the hand-off to a blocking thread costs. On PostgreSQL,
    /// whose statements each wait for the network, `f`'s first statement runs alone
    /// (without `BEGIN` and `COMMIT`), and `f` runs again in a transaction if it needs a
    /// second: so `f` may run twice, and reads only.
    pub async fn read_point<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: Fn(&dyn Tx) -> Result<T, AppError> + Send + 'static,
    {
        match &self.backend {
            Backend::Sqlite(s) => s.read_point(f).await,
            Backend::Postgres(p) => p.read_point(f).await,
        }
    }

    /// The PostgreSQL store's exchanges with the database so far (see
    /// [`postgres::PgStore::round_trips`]); `None` on SQLite, which has none.
    pub fn round_trips(&self) -> Option<u64> {
        match &self.backend {
            Backend::Sqlite(_) => None,
            Backend::Postgres(p) => Some(p.round_trips()),
        }
    }

    /// Runs one mutation in a write transaction (see [`idempotency::run_mutation`]): `f`
    /// answers the JSON body of a success. With an `Idempotency-Key`, a request seen in
    /// the last 24 hours is answered with the stored first answer and `f` does not run;
    /// the same key with another request is refused (400 `idempotency_key_reused`, Stripe's `idempotency_error`); two
    /// requests with one key, on any instances, run one after the other. A success is
    /// remembered in the same transaction as the change; a refusal after its savepoint is
    /// rolled back; an internal error is not, so a retry can succeed. Nothing is answered
    /// before the transaction committed.
    pub async fn mutate<F>(&self, idem: Option<Idempotency>, f: F) -> Result<Reply, AppError>
    where
        F: FnOnce(&dyn Tx, i64) -> Result<String, AppError> + Send + 'static,
    {
        let now = self.now();
        match &self.backend {
            Backend::Sqlite(s) => s.mutate(idem, now, f).await,
            Backend::Postgres(p) => p.mutate(idem, now, f).await,
        }
    }

    /// Runs `f` alone in one write transaction, committed when `f` succeeds and rolled
    /// back when it fails.
    pub async fn write<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn Tx) -> Result<T, AppError> + Send + 'static,
    {
        match &self.backend {
            Backend::Sqlite(s) => s.write(f).await,
            Backend::Postgres(p) => p.write(f).await,
        }
    }

    /// Whether the database answers now (`GET /readyz`): a trivial read, within a few
    /// seconds.
    pub async fn ping(&self) -> Result<(), AppError> {
        self.read(|tx| tx.meta("ping").map(drop)).await
    }

    /// Deletes idempotency keys older than 24 hours; answers how many went.
    pub async fn prune(&self) -> Result<usize, AppError> {
        let cutoff = self.now() - IDEMPOTENCY_KEY_LIFETIME_SECS;
        self.write(move |tx| tx.prune_idempotency_keys(cutoff))
            .await
    }
}

/// Catalog, session and other helpers that answer "missing" as a 404.
pub use catalog::{get_coupon, get_price, get_product};

#[cfg(test)]
mod tests {
    /// The migration files on disk, in order.
    fn files(backend: &str) -> Vec<String> {
        let dir = format!("{}/migrations/{backend}", env!("CARGO_MANIFEST_DIR"));
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.ends_with(".sql"))
            .collect();
        names.sort();
        names
    }

    #[test]
    fn every_migration_file_is_applied_in_order_and_both_backends_have_the_same_steps() {
        let sqlite: Vec<&str> = super::sqlite::MIGRATIONS.iter().map(|m| m.0).collect();
        let postgres: Vec<&str> = super::postgres::MIGRATIONS.iter().map(|m| m.0).collect();
        assert_eq!(
            files("sqlite"),
            sqlite,
            "server/migrations/sqlite vs the list"
        );
        assert_eq!(
            files("postgres"),
            postgres,
            "server/migrations/postgres vs the list"
        );
        assert_eq!(
            sqlite, postgres,
            "the backends' migrations are numbered alike"
        );
        for (i, name) in sqlite.iter().enumerate() {
            assert!(name.starts_with(&format!("{:04}_", i + 1)), "{name}");
        }
    }
}
