//! The webhook outbox on PostgreSQL.

use super::{page_sql, PgTx};
use crate::error::AppError;
use crate::store::outbox::{
    fold_events, Delivery, DeliveryOutcome, DeliveryState, DeliveryStatus, EventStatus, OutboxTx,
    Resend,
};
use crate::store::{Page, PageSql};
use crate::webhooks::WebhookEndpoint;

impl OutboxTx for PgTx<'_> {
    fn insert_endpoint(&self, e: &WebhookEndpoint, secret: &str) -> Result<(), AppError> {
        self.execute(
            "INSERT INTO webhook_endpoints (id, url, events, secret, created) VALUES ($1, $2, $3, $4, $5)",
            &[&e.id, &e.url, &serde_json::to_string(&e.events)?, &secret, &e.created],
        )?;
        Ok(())
    }

    fn list_endpoints(&self, page: &Page) -> Result<Vec<WebhookEndpoint>, AppError> {
        const SQL: PageSql = page_sql!(
            "id, url, events, created",
            "webhook_endpoints",
            "$3::text IS NULL"
        );
        self.page_rows(&SQL, "webhook endpoint", page, None)?
            .iter()
            .map(|r| {
                Ok(WebhookEndpoint::stored(
                    r.try_get(0)?,
                    r.try_get(1)?,
                    serde_json::from_str(r.try_get::<_, &str>(2)?)?,
                    r.try_get(3)?,
                ))
            })
            .collect()
    }

    fn subscriptions(&self) -> Result<Vec<(String, Vec<String>)>, AppError> {
        self.query("SELECT id, events FROM webhook_endpoints", &[])?
            .iter()
            .map(|r| {
                Ok((
                    r.try_get(0)?,
                    serde_json::from_str(r.try_get::<_, &str>(1)?)?,
                ))
            })
            .collect()
    }

    fn insert_event(&self, id: &str, kind: &str, now: i64, body: &str) -> Result<(), AppError> {
        self.execute(
            "INSERT INTO events (id, type, created, body) VALUES ($1, $2, $3, $4)",
            &[&id, &kind, &now, &body],
        )?;
        Ok(())
    }

    fn insert_delivery(&self, event: &str, endpoint: &str, now: i64) -> Result<(), AppError> {
        self.execute(
            "INSERT INTO deliveries (event, endpoint, attempts, next_attempt) VALUES ($1, $2, 0, $3)",
            &[&event, &endpoint, &now],
        )?;
        Ok(())
    }

    fn recent_events(&self, limit: i64) -> Result<Vec<EventStatus>, AppError> {
        let rows = self.query(
            "SELECT e.id, e.type, e.created, d.endpoint, w.url, d.attempts, d.next_attempt,
               d.delivered, d.failed, d.last_status, d.last_error
             FROM (SELECT id, type, created FROM events ORDER BY created DESC, id DESC LIMIT $1) e
             LEFT JOIN deliveries d ON d.event = e.id
             LEFT JOIN webhook_endpoints w ON w.id = d.endpoint
             ORDER BY e.created DESC, e.id DESC, w.url, d.endpoint",
            &[&limit],
        )?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let delivery = match r.try_get::<_, Option<String>>(3)? {
                None => None,
                Some(endpoint) => {
                    let attempts = r.try_get::<_, i32>(5)? as u32;
                    let delivered: Option<i64> = r.try_get(7)?;
                    Some(DeliveryStatus {
                        endpoint,
                        url: r.try_get(4)?,
                        state: DeliveryState::of(attempts, delivered, r.try_get(8)?),
                        attempts,
                        next_attempt: r.try_get(6)?,
                        delivered,
                        last_status: r.try_get::<_, Option<i32>>(9)?.map(|s| s as u16),
                        last_error: r.try_get(10)?,
                    })
                }
            };
            out.push((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, delivery));
        }
        Ok(fold_events(out))
    }

    fn resend_delivery(&self, event: &str, endpoint: &str, now: i64) -> Result<Resend, AppError> {
        let rows = self.execute(
            "UPDATE deliveries SET next_attempt = $3, failed = NULL
             WHERE event = $1 AND endpoint = $2 AND delivered IS NULL AND attempts > 0
               AND (lease_until IS NULL OR lease_until <= $3)",
            &[&event, &endpoint, &now],
        )?;
        if rows == 1 {
            return Ok(Resend::Due);
        }
        let exists = self
            .query_opt(
                "SELECT 1 FROM deliveries WHERE event = $1 AND endpoint = $2",
                &[&event, &endpoint],
            )?
            .is_some();
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
        // SKIP LOCKED: rows another instance is claiming at this moment are left to it.
        self.execute(
            "UPDATE deliveries SET lease_until = $2, lease_owner = $3
             WHERE (event, endpoint) IN (
               SELECT event, endpoint FROM deliveries
               WHERE delivered IS NULL AND failed IS NULL AND next_attempt <= $1
                 AND (lease_until IS NULL OR lease_until <= $1)
               ORDER BY next_attempt LIMIT $4
               FOR UPDATE SKIP LOCKED)",
            &[&now, &lease_until, &owner, &limit],
        )?;
        self.query(
            "SELECT d.event, d.endpoint, w.url, w.secret, e.body, e.created, d.attempts
             FROM deliveries d JOIN events e ON e.id = d.event JOIN webhook_endpoints w ON w.id = d.endpoint
             WHERE d.lease_owner = $1 AND d.delivered IS NULL AND d.failed IS NULL
             ORDER BY d.next_attempt",
            &[&owner],
        )?
        .iter()
        .map(|r| {
            let attempts: i32 = r.try_get(6)?;
            Ok(Delivery {
                event: r.try_get(0)?,
                endpoint: r.try_get(1)?,
                url: r.try_get(2)?,
                secret: r.try_get(3)?,
                body: r.try_get(4)?,
                created: r.try_get(5)?,
                attempts: u32::try_from(attempts).map_err(AppError::internal)?,
            })
        })
        .collect()
    }

    fn finish_delivery(
        &self,
        d: &Delivery,
        owner: &str,
        o: &DeliveryOutcome,
    ) -> Result<bool, AppError> {
        let attempts = i32::try_from(o.attempts).map_err(AppError::internal)?;
        let status = o.status.map(i32::from);
        let rows = self.execute(
            "UPDATE deliveries SET attempts = $4, last_status = $5, last_error = $6, delivered = $7,
                failed = $8, next_attempt = $9, lease_until = NULL, lease_owner = NULL
             WHERE event = $1 AND endpoint = $2 AND lease_owner = $3",
            &[
                &d.event,
                &d.endpoint,
                &owner,
                &attempts,
                &status,
                &o.error,
                &o.delivered,
                &o.failed,
                &o.next_attempt,
            ],
        )?;
        Ok(rows == 1)
    }
}
