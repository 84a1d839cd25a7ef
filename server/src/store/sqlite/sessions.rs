//! Sessions on SQLite.

use super::{load, page_data, page_sql, SqliteTx};
use crate::error::AppError;
use crate::store::sessions::SessionTx;
use crate::store::{Page, PageSql};
use checkout_core::session::Session;
use rusqlite::{params, OptionalExtension};

impl SessionTx for SqliteTx<'_> {
    fn session(&self, id: &str, _for_update: bool) -> Result<Option<Session>, AppError> {
        // A write transaction here is IMMEDIATE: it holds the database's write lock.
        load(self.0, "SELECT data FROM sessions WHERE id = ?1", id)
    }

    fn session_text_at_generation(&self, id: &str) -> Result<(Option<String>, i64), AppError> {
        Ok(self
            .0
            .prepare_cached(
                "SELECT s.data, g.n FROM catalog_generation g LEFT JOIN sessions s ON s.id = ?1 WHERE g.id = 1",
            )?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?)
    }

    fn locked_session_at_generation(&self, id: &str) -> Result<Option<(Session, i64)>, AppError> {
        // A write transaction here is IMMEDIATE: it holds the database's write lock.
        let row: Option<(String, i64)> = self
            .0
            .prepare_cached(
                "SELECT s.data, g.n FROM sessions s, catalog_generation g WHERE s.id = ?1 AND g.id = 1",
            )?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        row.map(|(d, g)| Ok((serde_json::from_str(&d)?, g)))
            .transpose()
    }

    fn insert_session(&self, s: &Session, now: i64) -> Result<(), AppError> {
        self.0
            .prepare_cached(
                "INSERT INTO sessions (id, version, data, created, updated) VALUES (?1, ?2, ?3, ?4, ?4)",
            )?
            .execute(params![s.id, s.version as i64, serde_json::to_string(s)?, now])?;
        Ok(())
    }

    fn recent_sessions(&self, page: &Page) -> Result<Vec<Session>, AppError> {
        const SQL: PageSql = page_sql!("data", "sessions", "?3 IS NULL");
        page_data(self.0, &SQL, "checkout session", page, None)
    }

    fn update_session(
        &self,
        s: &Session,
        expected_version: u64,
        now: i64,
    ) -> Result<bool, AppError> {
        let rows = self
            .0
            .prepare_cached(
                "UPDATE sessions SET version = ?2, data = ?3, updated = ?4 WHERE id = ?1 AND version = ?5",
            )?
            .execute(params![
                s.id,
                s.version as i64,
                serde_json::to_string(s)?,
                now,
                expected_version as i64
            ])?;
        Ok(rows == 1)
    }
}
