//! Sessions on PostgreSQL.

use super::{page_sql, PgTx};
use crate::error::AppError;
use crate::store::sessions::SessionTx;
use crate::store::{Page, PageSql};
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

    fn session_text_at_generation(&self, id: &str) -> Result<(Option<String>, i64), AppError> {
        let row = self
            .query_opt(
                "SELECT s.data, g.n FROM catalog_generation g LEFT JOIN sessions s ON s.id = $1 WHERE g.id = 1",
                &[&id],
            )?
            .ok_or_else(|| AppError::internal("catalog_generation has no row"))?;
        Ok((row.try_get(0)?, row.try_get(1)?))
    }

    fn locked_session_at_generation(&self, id: &str) -> Result<Option<(Session, i64)>, AppError> {
        // The session's row is held to the commit (see `session`).
        self.query_opt(
            "SELECT s.data, g.n FROM sessions s CROSS JOIN catalog_generation g WHERE s.id = $1 AND g.id = 1 FOR UPDATE OF s",
            &[&id],
        )?
        .map(|row| Ok((serde_json::from_str(row.try_get::<_, &str>(0)?)?, row.try_get(1)?)))
        .transpose()
    }

    fn insert_session(&self, s: &Session, now: i64) -> Result<(), AppError> {
        self.execute(
            "INSERT INTO sessions (id, version, data, created, updated) VALUES ($1, $2, $3, $4, $4)",
            &[&s.id, &(s.version as i64), &serde_json::to_string(s)?, &now],
        )?;
        Ok(())
    }

    fn recent_sessions(&self, page: &Page) -> Result<Vec<Session>, AppError> {
        const SQL: PageSql = page_sql!("data", "sessions", "$3::text IS NULL");
        self.page_data(&SQL, "checkout session", page, None)
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
