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

/// Where one delivery of an event stands.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryState {
    /// Not tried yet.
    Pending,
    /// The receiver answered 2xx.
    Delivered,
    /// The last try failed; another is scheduled (`next_attempt`).
    Retrying,
    /// Given up after the retry window.
    Failed,
}

/// One delivery of a recent event, as the dashboard shows it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DeliveryStatus {
    pub endpoint: String,
    pub url: String,
    pub state: DeliveryState,
    pub attempts: u32,
    /// The last try's HTTP status or failure ("HTTP 500", "timeout").
    pub last_error: Option<String>,
    pub last_status: Option<u16>,
    /// When the next try is due (retrying) or was first due (pending).
    pub next_attempt: i64,
    pub delivered: Option<i64>,
}

impl DeliveryState {
    /// The state of a delivery row.
    pub fn of(attempts: u32, delivered: Option<i64>, failed: Option<i64>) -> DeliveryState {
        match (delivered, failed, attempts) {
            (Some(_), _, _) => DeliveryState::Delivered,
            (None, Some(_), _) => DeliveryState::Failed,
            (None, None, 0) => DeliveryState::Pending,
            (None, None, _) => DeliveryState::Retrying,
        }
    }
}

/// What "Resend" came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resend {
    /// Due now.
    Due,
    /// Not failed: delivered, not tried yet, or being sent.
    NotFailed,
    /// No such delivery.
    Missing,
}

/// A recent event and where each of its deliveries stands.
#[derive(Debug, Clone, serde::Serialize)]
pub struct EventStatus {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub created: i64,
    pub deliveries: Vec<DeliveryStatus>,
}

/// The outbox's part of a transaction.
pub trait OutboxTx {
    fn insert_endpoint(&self, e: &WebhookEndpoint, secret: &str) -> Result<(), AppError>;
    /// A page of the endpoints (without their secrets).
    fn list_endpoints(&self, page: &super::Page) -> Result<Vec<WebhookEndpoint>, AppError>;
    /// Every endpoint's id and the event types it subscribed to.
    fn subscriptions(&self) -> Result<Vec<(String, Vec<String>)>, AppError>;
    fn insert_event(&self, id: &str, kind: &str, now: i64, body: &str) -> Result<(), AppError>;
    fn insert_delivery(&self, event: &str, endpoint: &str, now: i64) -> Result<(), AppError>;
    /// The newest `limit` events, newest first, each with its deliveries.
    fn recent_events(&self, limit: i64) -> Result<Vec<EventStatus>, AppError>;
    /// Makes a delivery whose last try failed (retrying or given up) due at `now` again.
    /// Changes nothing for one delivered, never tried, or held by a worker's live lease
    /// (being sent), nor for one that does not exist.
    fn resend_delivery(&self, event: &str, endpoint: &str, now: i64) -> Result<Resend, AppError>;
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

/// Folds the rows of the recent-events query (event columns, then the delivery's, NULL
/// for an event without deliveries) into events.
pub(super) fn fold_events(
    rows: Vec<(String, String, i64, Option<DeliveryStatus>)>,
) -> Vec<EventStatus> {
    let mut out: Vec<EventStatus> = vec![];
    for (id, kind, created, delivery) in rows {
        if out.last().is_none_or(|e| e.id != id) {
            out.push(EventStatus {
                id,
                kind,
                created,
                deliveries: vec![],
            });
        }
        if let (Some(d), Some(e)) = (delivery, out.last_mut()) {
            e.deliveries.push(d);
        }
    }
    out
}
