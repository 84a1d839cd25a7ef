//! Checkout sessions: stored whole (JSON) with a version; every change locks the row for
//! its transaction, so changes to one session form one serial order on any instance.

use super::catalog::{CatalogCache, StoreCatalog};
use super::Tx;
use crate::error::AppError;
use checkout_core::session::Session;
use checkout_core::Code;

/// The sessions' part of a transaction.
pub trait SessionTx {
    /// The stored session. `for_update` locks its row until the transaction ends
    /// (PostgreSQL `FOR UPDATE`; SQLite's write transactions are exclusive already).
    fn session(&self, id: &str, for_update: bool) -> Result<Option<Session>, AppError>;
    /// The stored session's text and the catalog's generation, in one statement (so one
    /// snapshot): what a view needs before the catalog rows, which the shared cache holds.
    fn session_text_at_generation(&self, id: &str) -> Result<(Option<String>, i64), AppError>;
    /// [`SessionTx::session_text_at_generation`], the session decoded.
    fn session_at_generation(&self, id: &str) -> Result<(Option<Session>, i64), AppError> {
        let (text, generation) = self.session_text_at_generation(id)?;
        let s = text.map(|t| serde_json::from_str(&t)).transpose()?;
        Ok((s, generation))
    }
    /// [`SessionTx::session`] `for_update`, with the catalog's generation as the same
    /// statement saw it.
    fn locked_session_at_generation(&self, id: &str) -> Result<Option<(Session, i64)>, AppError>;
    fn insert_session(&self, s: &Session, now: i64) -> Result<(), AppError>;
    /// A page of the sessions, newest first by creation (see [`super::Page`]).
    fn recent_sessions(&self, page: &super::Page) -> Result<Vec<Session>, AppError>;
    /// Writes `s` over the stored row if that row is still at `expected_version`;
    /// answers whether it was.
    fn update_session(
        &self,
        s: &Session,
        expected_version: u64,
        now: i64,
    ) -> Result<bool, AppError>;
}

/// Loads a session as it stands at `now` (an open session past `expires_at` reads as
/// expired).
pub fn get_session(tx: &dyn Tx, id: &str, now: i64, for_update: bool) -> Result<Session, AppError> {
    found(tx.session(id, for_update)?, now)
}

/// The 404 of a session id that names none.
pub fn no_such_session() -> AppError {
    AppError::with_param(Code::ResourceMissing, "no such checkout session", "session")
}

/// A session read by id, as it stands at `now`; 404 if there is none.
pub fn found(s: Option<Session>, now: i64) -> Result<Session, AppError> {
    let mut s = s.ok_or_else(no_such_session)?;
    s.lapse(now);
    Ok(s)
}

/// Applies `change` to a session inside the caller's write transaction and answers
/// `finish` of the result. The session's row is locked from this read to the commit, so
/// no other writer, on any instance, changes it in between; the version check in the
/// update guards that anyway (409 `session_version_conflict` if the stored version
/// moved). A refusal writes nothing.
///
/// The rules read the catalog rows `cache` holds for the generation this transaction
/// saw with the session (the rows committed then, as fresh as reading them: see
/// [`StoreCatalog::writing`]); one statement instead of one per row.
pub fn change_session<T>(
    tx: &dyn Tx,
    cache: &CatalogCache,
    id: &str,
    now: i64,
    change: impl FnOnce(&Session, &StoreCatalog) -> Result<Session, checkout_core::Error>,
    finish: impl FnOnce(&Session, &StoreCatalog) -> Result<T, AppError>,
) -> Result<T, AppError> {
    let (current, generation) = match tx.locked_session_at_generation(id)? {
        Some((s, generation)) => (Some(s), generation),
        None => (None, 0),
    };
    let current = found(current, now)?;
    let catalog = StoreCatalog::writing(tx, cache, generation);
    let next = change(&current, &catalog)?;
    if next != current && !tx.update_session(&next, current.version, now)? {
        return Err(AppError::with_param(
            Code::SessionVersionConflict,
            "the session changed while this update ran; fetch it again and retry",
            "session",
        ));
    }
    finish(&next, &catalog)
}
