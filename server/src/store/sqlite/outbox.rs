//! The webhook outbox on SQLite.

use super::{page_rows, page_sql, SqliteTx};
use crate::error::AppError;
use crate::store::outbox::{
    fold_events, Delivery, DeliveryOutcome, DeliveryState, DeliveryStatus, EventStatus, OutboxTx,
    Resend,
};
use crate::store::{Page, PageSql};
use crate::webhooks::WebhookEndpoint;
use rusqlite::params;

impl OutboxTx for SqliteTx<'_> {
    fn insert_endpoint(&self, e: &WebhookEndpoint, secret: &str) -> Result<(), AppError> {
        self.0.execute(
            "INSERT INTO webhook_endpoints (id, url, events, secret, created) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![e.id, e.url, serde_json::to_string(&e.events)?, secret, e.created],
        )?;
        Ok(())
    }

    fn list_endpoints(&self, page: &Page) -> Result<Vec<WebhookEndpoint>, AppError> {
        const SQL: PageSql = page_sql!(
            "id, url, events, created",
            "webhook_endpoints",
            "?3 IS NULL"
        );
        page_rows(self.0, &SQL, "webhook endpoint", page, None, |r| {
            Ok(WebhookEndpoint::stored(
                r.get(0)?,
                r.get(1)?,
                serde_json::from_str(&r.get::<_, String>(2)?)?,
                r.get(3)?,
            ))
        })
    }

    fn subscriptions(&self) -> Result<Vec<(String, Vec<String>)>, AppError> {
        let mut stmt = self
            .0
            .prepare_cached("SELECT id, events FROM webhook_endpoints")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        rows.map(|row| {
            let (id, events) = row?;
            Ok((id, serde_json::from_str(&events)?))
        })
        .collect()
    }

    fn insert_event(&self, id: &str, kind: &str, now: i64, body: &str) -> Result<(), AppError> {
        self.0.execute(
            "INSERT INTO events (id, type, created, body) VALUES (?1, ?2, ?3, ?4)",
            params![id, kind, now, body],
        )?;
        Ok(())
    }

    fn insert_delivery(&self, event: &str, endpoint: &str, now: i64) -> Result<(), AppError> {
        self.0.execute(
            "INSERT INTO deliveries (event, endpoint, attempts, next_attempt) VALUES (?1, ?2, 0, ?3)",
            params![event, endpoint, now],
        )?;
        Ok(())
    }

    fn recent_events(&self, limit: i64) -> Result<Vec<EventStatus>, AppError> {
        let mut stmt = self.0.prepare_cached(
            "SELECT e.id, e.type, e.created, d.endpoint, w.url, d.attempts, d.next_attempt,
               d.delivered, d.failed, d.last_status, d.last_error
             FROM (SELECT id, type, created FROM events ORDER BY created DESC, id DESC LIMIT ?1) e
             LEFT JOIN deliveries d ON d.event = e.id
             LEFT JOIN webhook_endpoints w ON w.id = d.endpoint
             ORDER BY e.created DESC, e.id DESC, w.url, d.endpoint",
        )?;
        let rows = stmt.query_map([limit], |r| {
            let delivery = match r.get::<_, Option<String>>(3)? {
                None => None,
                Some(endpoint) => {
                    let attempts: u32 = r.get(5)?;
                    let delivered: Option<i64> = r.get(7)?;
                    Some(DeliveryStatus {
                        endpoint,
                        url: r.get(4)?,
                        state: DeliveryState::of(attempts, delivered, r.get(8)?),
                        attempts,
                        next_attempt: r.get(6)?,
                        delivered,
                        last_status: r.get(9)?,
                        last_error: r.get(10)?,
                    })
                }
            };
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, delivery))
        })?;
        Ok(fold_events(rows.collect::<Result<_, _>>()?))
    }

    fn resend_delivery(&self, event: &str, endpoint: &str, now: i64) -> Result<Resend, AppError> {
        let rows = self
            .0
            .prepare_cached(
                "UPDATE deliveries SET next_attempt = ?3, failed = NULL
                 WHERE event = ?1 AND endpoint = ?2 AND delivered IS NULL AND attempts > 0
                   AND (lease_until IS NULL OR lease_until <= ?3)",
            )?
            .execute(params![event, endpoint, now])?;
        if rows == 1 {
            return Ok(Resend::Due);
        }
        let exists = self
            .0
            .prepare_cached("SELECT 1 FROM deliveries WHERE event = ?1 AND endpoint = ?2")?
            .exists([event, endpoint])?;
        Ok(if exists {
            Resend::NotFailed
        } else {
            Resend::Missing
        })
    }

    fn claim_deliveries(
        &self,
        now: i64,
        lease_until: i64,
        owner: &str,
        limit: i64,
    ) -> Result<Vec<Delivery>, AppError> {
        // Inside an IMMEDIATE transaction: no other process claims between the choice and
        // the update.
        self.0
            .prepare_cached(
                "UPDATE deliveries SET lease_until = ?2, lease_owner = ?3
                 WHERE (event, endpoint) IN (
                   SELECT event, endpoint FROM deliveries
                   WHERE delivered IS NULL AND failed IS NULL AND next_attempt <= ?1
                     AND (lease_until IS NULL OR lease_until <= ?1)
                   ORDER BY next_attempt LIMIT ?4)",
            )?
            .execute(params![now, lease_until, owner, limit])?;
        let mut stmt = self.0.prepare_cached(
            "SELECT d.event, d.endpoint, w.url, w.secret, e.body, e.created, d.attempts
             FROM deliveries d JOIN events e ON e.id = d.event JOIN webhook_endpoints w ON w.id = d.endpoint
             WHERE d.lease_owner = ?1 AND d.delivered IS NULL AND d.failed IS NULL
             ORDER BY d.next_attempt",
        )?;
        let rows = stmt.query_map([owner], |r| {
            Ok(Delivery {
                event: r.get(0)?,
                endpoint: r.get(1)?,
                url: r.get(2)?,
                secret: r.get(3)?,
                body: r.get(4)?,
                created: r.get(5)?,
                attempts: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    fn finish_delivery(
        &self,
        d: &Delivery,
        owner: &str,
        o: &DeliveryOutcome,
    ) -> Result<bool, AppError> {
        let rows = self.0.prepare_cached(
            "UPDATE deliveries SET attempts = ?4, last_status = ?5, last_error = ?6, delivered = ?7,
                failed = ?8, next_attempt = ?9, lease_until = NULL, lease_owner = NULL
             WHERE event = ?1 AND endpoint = ?2 AND lease_owner = ?3",
        )?
        .execute(params![
            d.event, d.endpoint, owner, o.attempts, o.status, o.error, o.delivered, o.failed, o.next_attempt
        ])?;
        Ok(rows == 1)
    }
}
