//! The connection pool (r2d2): connections that keep their prepared statements, replaced
//! when broken; a checkout waits at most [`CHECKOUT_TIMEOUT`].

use crate::error::AppError;
use postgres::{Client, NoTls, Statement};
use std::collections::HashMap;
use std::time::Duration;

/// Longest wait for a connection (new or pooled) before a request answers 503.
pub const CHECKOUT_TIMEOUT: Duration = Duration::from_secs(3);
/// Longest wait for the database to accept a new connection.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);
/// Longest a statement may run (or wait for a lock) before it is cancelled.
pub const STATEMENT_TIMEOUT_MS: u32 = 10_000;

/// A pooled connection and its prepared statements.
pub struct PgConn {
    pub client: Client,
    pub statements: HashMap<&'static str, Statement>,
}

pub struct Manager {
    config: postgres::Config,
}

impl r2d2::ManageConnection for Manager {
    type Connection = PgConn;
    type Error = postgres::Error;

    fn connect(&self) -> Result<PgConn, postgres::Error> {
        Ok(PgConn {
            client: self.config.connect(NoTls)?,
            statements: HashMap::new(),
        })
    }

    fn is_valid(&self, conn: &mut PgConn) -> Result<(), postgres::Error> {
        conn.client.simple_query("").map(drop)
    }

    fn has_broken(&self, conn: &mut PgConn) -> bool {
        conn.client.is_closed()
    }
}

/// `url` as a driver config with the store's timeouts and keepalives (settings the URL
/// gives itself win).
pub fn config(url: &str) -> Result<postgres::Config, AppError> {
    let mut config: postgres::Config = url
        .parse()
        .map_err(|e| AppError::internal(format!("DATABASE_URL: {e}")))?;
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(CONNECT_TIMEOUT);
    }
    if config.get_application_name().is_none() {
        config.application_name("checkout-server");
    }
    let options = config.get_options().unwrap_or("").to_string();
    if !options.contains("statement_timeout") {
        config.options(format!("{options} -c statement_timeout={STATEMENT_TIMEOUT_MS}").trim());
    }
    config.keepalives(true);
    config.keepalives_idle(Duration::from_secs(30));
    Ok(config)
}

/// The pool, shared by the store's clones. A `postgres::Client` owns a small runtime of
/// its own, which must not be dropped on an async worker thread: the last holder hands
/// the pool to a plain thread to close it.
#[derive(Clone)]
pub struct Pool(std::sync::Arc<Holder>);

pub struct Holder(Option<r2d2::Pool<Manager>>);

impl Drop for Holder {
    fn drop(&mut self) {
        if let Some(pool) = self.0.take() {
            let _ = std::thread::Builder::new()
                .name("postgres-pool-close".into())
                .spawn(move || drop(pool));
        }
    }
}

impl Pool {
    pub fn open(config: postgres::Config, size: usize) -> Result<Pool, AppError> {
        let pool = r2d2::Pool::builder()
            .max_size(size.max(1) as u32)
            .min_idle(Some(1))
            .connection_timeout(CHECKOUT_TIMEOUT)
            // Not checked on checkout (a round trip per request): see PgStore::run.
            .test_on_check_out(false)
            .error_handler(Box::new(r2d2::NopErrorHandler))
            .build(Manager { config })
            .map_err(|e| AppError::Unavailable(format!("postgres pool: {e}")))?;
        Ok(Pool(std::sync::Arc::new(Holder(Some(pool)))))
    }

    /// Most connections the pool holds.
    pub fn max_size(&self) -> u32 {
        (self.0).0.as_ref().map_or(1, |p| p.max_size())
    }

    /// A connection within [`CHECKOUT_TIMEOUT`], or 503 `store_unavailable`.
    pub fn get(&self) -> Result<r2d2::PooledConnection<Manager>, AppError> {
        let pool = (self.0)
            .0
            .as_ref()
            .ok_or_else(|| AppError::internal("pool closed"))?;
        pool.get()
            .map_err(|e| AppError::Unavailable(format!("no database connection: {e}")))
    }
}
