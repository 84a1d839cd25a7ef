//! Dashboard sessions on PostgreSQL.

use super::PgTx;
use crate::error::AppError;
use crate::store::dashboard::DashboardTx;

impl DashboardTx for PgTx<'_> {
    fn insert_dashboard_session(
        &self,
        token_digest: &str,
        created: i64,
        expires: i64,
    ) -> Result<(), AppError> {
        // Signing in also forgets sessions that ended long ago.
        self.execute(
            "DELETE FROM dashboard_sessions WHERE expires < $1",
            &[&created],
        )?;
        self.execute(
            "INSERT INTO dashboard_sessions (token_digest, created, expires) VALUES ($1, $2, $3)",
            &[&token_digest, &created, &expires],
        )?;
        Ok(())
    }

    fn dashboard_session_expiry(&self, token_digest: &str) -> Result<Option<i64>, AppError> {
        Ok(self
            .query_opt(
                "SELECT expires FROM dashboard_sessions WHERE token_digest = $1",
                &[&token_digest],
            )?
            .map(|r| r.try_get(0))
            .transpose()?)
    }

    fn delete_dashboard_session(&self, token_digest: &str) -> Result<(), AppError> {
        self.execute(
            "DELETE FROM dashboard_sessions WHERE token_digest = $1",
            &[&token_digest],
        )?;
        Ok(())
    }
}
