//! The merchant dashboard's sign-in sessions: a random token in an `HttpOnly` cookie,
//! stored here only as its SHA-256 digest, valid until its expiry (on every instance).

use crate::error::AppError;

/// The dashboard sessions' part of a transaction.
pub trait DashboardTx {
    fn insert_dashboard_session(
        &self,
        token_digest: &str,
        created: i64,
        expires: i64,
    ) -> Result<(), AppError>;
    /// The session's expiry (unix seconds), if it exists.
    fn dashboard_session_expiry(&self, token_digest: &str) -> Result<Option<i64>, AppError>;
    fn delete_dashboard_session(&self, token_digest: &str) -> Result<(), AppError>;
}
