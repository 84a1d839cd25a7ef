//! Idempotency keys on PostgreSQL.

use super::PgTx;
use crate::error::AppError;
use crate::store::idempotency::{Idempotency, IdempotencyTx, Remembered};

impl IdempotencyTx for PgTx<'_> {
    fn remembered(
        &self,
        scope: &str,
        key: &str,
        newer_than: i64,
    ) -> Result<Option<Remembered>, AppError> {
        let row = self.query_opt(
            "SELECT fingerprint, status, body FROM idempotency_keys
             WHERE scope = $1 AND key = $2 AND created > $3",
            &[&scope, &key, &newer_than],
        )?;
        let Some(row) = row else { return Ok(None) };
        let status: i32 = row.try_get(1)?;
        Ok(Some(Remembered {
            fingerprint: row.try_get(0)?,
            status: u16::try_from(status).map_err(AppError::internal)?,
            body: row.try_get(2)?,
        }))
    }

    fn remember(&self, i: &Idempotency, status: u16, body: &str, now: i64) -> Result<(), AppError> {
        // A row still here but older than 24 hours no longer counts: it is replaced.
        self.execute(
            "INSERT INTO idempotency_keys (scope, key, fingerprint, status, body, created)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (scope, key) DO UPDATE SET fingerprint = EXCLUDED.fingerprint,
               status = EXCLUDED.status, body = EXCLUDED.body, created = EXCLUDED.created",
            &[
                &i.scope,
                &i.key,
                &i.fingerprint,
                &i32::from(status),
                &body,
                &now,
            ],
        )?;
        Ok(())
    }

    fn prune_idempotency_keys(&self, cutoff: i64) -> Result<usize, AppError> {
        let rows = self.execute(
            "DELETE FROM idempotency_keys WHERE created <= $1",
            &[&cutoff],
        )?;
        Ok(rows as usize)
    }
}
