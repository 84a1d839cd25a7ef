//! Dashboard sessions on SQLite.

use super::SqliteTx;
use crate::error::AppError;
use crate::store::dashboard::DashboardTx;
use rusqlite::{params, OptionalExtension};

impl DashboardTx for SqliteTx<'_> {
    fn insert_dashboard_session(
        &self,
        token_digest: &str,
        created: i64,
        expires: i64,
    ) -> Result<(), AppError> {
        // Signing in also forgets sessions that ended long ago.
        self.0
            .prepare_cached("DELETE FROM dashboard_sessions WHERE expires < ?1")?
            .execute([created])?;
        self.0
            .prepare_cached(
                "INSERT INTO dashboard_sessions (token_digest, created, expires) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![token_digest, created, expires])?;
        Ok(())
    }

    fn dashboard_session_expiry(&self, token_digest: &str) -> Result<Option<i64>, AppError> {
        Ok(self
            .0
            .prepare_cached("SELECT expires FROM dashboard_sessions WHERE token_digest = ?1")?
            .query_row([token_digest], |r| r.get(0))
            .optional()?)
    }

    fn delete_dashboard_session(&self, token_digest: &str) -> Result<(), AppError> {
        self.0
            .prepare_cached("DELETE FROM dashboard_sessions WHERE token_digest = ?1")?
            .execute([token_digest])?;
        Ok(())
    }
}
