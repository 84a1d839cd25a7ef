//! Idempotency keys on SQLite.

use super::SqliteTx;
use crate::error::AppError;
use crate::store::idempotency::{Idempotency, IdempotencyTx, Remembered};
use rusqlite::{params, OptionalExtension};

impl IdempotencyTx for SqliteTx<'_> {
    fn remembered(
        &self,
        scope: &str,
        key: &str,
        newer_than: i64,
    ) -> Result<Option<Remembered>, AppError> {
        Ok(self
            .0
            .prepare_cached(
                "SELECT fingerprint, status, body FROM idempotency_keys
                 WHERE scope = ?1 AND key = ?2 AND created > ?3",
            )?
            .query_row(params![scope, key, newer_than], |r| {
                Ok(Remembered {
                    fingerprint: r.get(0)?,
                    status: r.get(1)?,
                    body: r.get(2)?,
                })
            })
            .optional()?)
    }

    fn remember(&self, i: &Idempotency, status: u16, body: &str, now: i64) -> Result<(), AppError> {
        // REPLACE: a row still here but older than 24 hours no longer counts.
        self.0
            .prepare_cached(
                "INSERT OR REPLACE INTO idempotency_keys (scope, key, fingerprint, status, body, created)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![i.scope, i.key, i.fingerprint, status, body, now])?;
        Ok(())
    }

    fn prune_idempotency_keys(&self, cutoff: i64) -> Result<usize, AppError> {
        Ok(self
            .0
            .execute("DELETE FROM idempotency_keys WHERE created <= ?1", [cutoff])?)
    }
}
