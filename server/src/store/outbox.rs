//! The webhook outbox: endpoints, events written in the same transaction as the change
//! they report, and one delivery per (event, endpoint). A worker claims due deliveries
//! with a lease before it sends them, so any number of workers, on any number of
//! instances, send each delivery once (while the receiver answers 2xx and no worker dies
//! with its lease).

use crate::error::AppError;
use crate::webhooks::WebhookEndpoint;

/// How long a claimed delivery stays with its worker: longer than a try can take
/// ([`crate::webhooks::DELIVERY_TIMEOUT`]); after it, a worker that died is replaced.
pub const LEASE_SECS: i64 = 60;

/// A delivery a worker claimed, with what it needs to send it.
#[derive(Debug, Clone)]
pub struct Delivery {
    pub event: String,
    pub endpoint: String,
    pub url: String,
    pub secret: String,
    pub body: String,
    /// When the event was created (the retry window counts from it).
    pub created: i64,
    /// Tries so far.
    pub attempts: u32,
}

/// What one try of a delivery came to.
#[derive(Debug, Clone)]
pub struct DeliveryOutcome {
    pub attempts: u32,
    pub status: Option<u16>,
    pub error: Option<String>,
    /// When it was delivered (2xx), if it was.
    pub delivered: Option<i64>,
    /// When it was given up, if it was.
    pub failed: Option<i64>,
    pub next_attempt: i64,
}

/// The outbox's part of a transaction.
pub trait OutboxTx {
    fn insert_endpoint(&self, e: &WebhookEndpoint, secret: &str) -> Result<(), AppError>;
    /// The newest `limit` endpoints (without their secrets).
    fn list_endpoints(&self, limit: i64) -> Result<Vec<WebhookEndpoint>, AppError>;
    /// Every endpoint's id and the event types it subscribed to.
    fn subscriptions(&self) -> Result<Vec<(String, Vec<String>)>, AppError>;
    fn insert_event(&self, id: &str, kind: &str, now: i64, body: &str) -> Result<(), AppError>;
    fn insert_delivery(&self, event: &str, endpoint: &str, now: i64) -> Result<(), AppError>;
    /// Claims up to `limit` deliveries due at `now` that no live lease holds, for `owner`
    /// until `lease_until`, and answers them. Deliveries other workers hold are skipped,
    /// not waited for.
    fn claim_deliveries(
        &self,
        now: i64,
        lease_until: i64,
        owner: &str,
        limit: i64,
    ) -> Result<Vec<Delivery>, AppError>;
    /// Records a try of a delivery `owner` claimed and ends its lease; answers false
    /// when the lease was no longer `owner`'s (nothing is written then).
    fn finish_delivery(
        &self,
        d: &Delivery,
        owner: &str,
        outcome: &DeliveryOutcome,
    ) -> Result<bool, AppError>;
}
