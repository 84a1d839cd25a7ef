//! Sessions on PostgreSQL.

use super::PgTx;
use crate::error::AppError;
use crate::store::sessions::SessionTx;
use checkout_core::session::Session;

impl SessionTx for PgTx<'_> {
    fn session(&self, id: &str, for_update: bool) -> Result<Option<Session>, AppError> {
        if for_update {
            // Held to the commit: a second change of this session, on any instance,
            // waits here and then reads this one's result.
            self.load("SELECT data FROM sessions WHERE id = $1 FOR UPDATE", &[&id])
        } else {
            self.load("SELECT data FROM sessions WHERE id = $1", &[&id])
        }
    }

    fn insert_session(&self, s: &Session, now: i64) -> Result<(), AppError> {
        self.execute(
            "INSERT INTO sessions (id, version, data, created, updated) VALUES ($1, $2, $3, $4, $4)",
            &[&s.id, &(s.version as i64), &serde_json::to_string(s)?, &now],
        )?;
        Ok(())
    }

    fn recent_sessions(&self, limit: i64) -> Result<Vec<Session>, AppError> {
        self.load_all(
            "SELECT data FROM sessions ORDER BY created DESC, id LIMIT $1",
            &[&limit],
        )
    }

    fn update_session(
        &self,
        s: &Session,
        expected_version: u64,
        now: i64,
    ) -> Result<bool, AppError> {
        let rows = self.execute(
            "UPDATE sessions SET version = $2, data = $3, updated = $4 WHERE id = $1 AND version = $5",
            &[
                &s.id,
                &(s.version as i64),
                &serde_json::to_string(s)?,
                &now,
                &(expected_version as i64),
            ],
        )?;
        Ok(rows == 1)
    }
}
