//! Webhooks: endpoints registered through the engine API, an outbox of events written in
//! the same transaction as the change they report, and a worker that delivers them with
//! a signature, retrying with exponential backoff for up to 3 days. Delivery state lives
//! in the store, so it survives a restart; each worker (one per instance) claims a
//! delivery with a lease before it sends it, so however many run, each delivery is sent
//! once while the receiver answers 2xx. Delivery is at least once (a worker that dies
//! after sending and before recording it leaves the delivery to the next lease):
//! receivers deduplicate by event id (see docs/webhooks.md).

use crate::api::hex;
use crate::error::AppError;
use crate::store::outbox::{DeliveryOutcome, LEASE_SECS};
use crate::store::{Store, Tx};
use checkout_core::Code;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use std::time::Duration;

/// The one event type so far.
pub const CHECKOUT_SESSION_COMPLETED: &str = "checkout.session.completed";
/// Event types an endpoint may subscribe to (`*` is every type).
pub const EVENT_TYPES: &[&str] = &[CHECKOUT_SESSION_COMPLETED, "*"];
/// How long an event is retried before it is given up.
pub const RETRY_WINDOW_SECS: i64 = 3 * 24 * 60 * 60;
/// The longest wait between two tries.
pub const MAX_BACKOFF_SECS: i64 = 12 * 60 * 60;
/// How long a receiver may take to answer.
pub const DELIVERY_TIMEOUT: Duration = Duration::from_secs(10);
/// The header carrying `t=<unix>,v1=<hex HMAC-SHA256 of "t.body">`.
pub const SIGNATURE_HEADER: &str = "Checkout-Signature";
/// The same value under Stripe's name, so `stripe.Webhook.construct_event` (and
/// `stripe.webhooks.constructEvent`) verify a delivery as they verify Stripe's (§9).
pub const STRIPE_SIGNATURE_HEADER: &str = "Stripe-Signature";
/// The version of the event shape, answered as each event's `api_version`.
pub const API_VERSION: &str = "2026-12-03";

/// A registered endpoint as the engine API shows it. `secret` only in the answer to
/// the create call.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct WebhookEndpoint {
    pub id: String,
    pub object: String,
    pub url: String,
    /// The event types it receives (Stripe's name).
    #[serde(rename = "enabled_events")]
    pub events: Vec<String>,
    /// `enabled`: every endpoint receives its events.
    pub status: String,
    pub created: i64,
    /// The signing secret (`whsec_…`), shown once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
}

/// An event type an endpoint subscribes to (the OpenAPI schema of [`EVENT_TYPES`]).
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub enum EventType {
    #[schema(rename = "checkout.session.completed")]
    CheckoutSessionCompleted,
    #[schema(rename = "*")]
    All,
}

/// `POST /v1/webhook_endpoints`
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateWebhookEndpoint {
    /// An absolute http(s) URL to a host (the pattern is `web::URI_HTTP_URL_PATTERN`, set by
    /// `openapi::document`).
    #[schema(min_length = 8, max_length = 2048)]
    pub url: String,
    /// `checkout.session.completed`, or `*` for every type (Stripe's name; `events` is
    /// read too).
    #[schema(min_items = 1, value_type = Vec<EventType>)]
    #[serde(rename = "enabled_events", alias = "events")]
    pub events: Vec<String>,
}

/// Checks an endpoint's URL and event list.
pub fn check_endpoint(p: &CreateWebhookEndpoint) -> Result<(), AppError> {
    if !checkout_core::web::is_uri_http_url(&p.url, 2048) {
        return Err(AppError::with_param(
            Code::WebhookUrlInvalid,
            "url must be an absolute http(s) URL to a host name, in ASCII (percent-encode anything else), such as https://shop.example/webhooks",
            "url",
        ));
    }
    if p.events.is_empty() {
        return Err(AppError::with_param(
            Code::ParameterInvalid,
            "enabled_events needs at least one event type",
            "enabled_events",
        ));
    }
    for (i, e) in p.events.iter().enumerate() {
        if !EVENT_TYPES.contains(&e.as_str()) {
            return Err(AppError::with_param(
                Code::ParameterInvalid,
                format!(
                    "unknown event type `{e}`; known: {}",
                    EVENT_TYPES.join(", ")
                ),
                format!("enabled_events[{i}]"),
            ));
        }
    }
    Ok(())
}

/// A new endpoint for `params` and its signing secret (`whsec_…`).
pub fn new_endpoint(params: CreateWebhookEndpoint, now: i64) -> (WebhookEndpoint, String) {
    let endpoint = WebhookEndpoint {
        id: crate::new_id("we"),
        object: "webhook_endpoint".into(),
        url: params.url,
        events: params.events,
        status: "enabled".into(),
        created: now,
        secret: None,
    };
    (endpoint, crate::new_id("whsec"))
}

impl WebhookEndpoint {
    /// An endpoint as stored (its secret is not shown again).
    pub fn stored(id: String, url: String, events: Vec<String>, created: i64) -> Self {
        WebhookEndpoint {
            id,
            object: "webhook_endpoint".into(),
            url,
            events,
            status: "enabled".into(),
            created,
            secret: None,
        }
    }
}

/// Writes an event to the outbox with one delivery per subscribed endpoint, in the
/// caller's transaction (so it exists exactly when the change it reports does).
pub fn record_event(
    tx: &dyn Tx,
    kind: &str,
    object_json: &str,
    livemode: bool,
    now: i64,
) -> Result<String, AppError> {
    let id = crate::new_id("evt");
    let endpoints: Vec<String> = tx
        .subscriptions()?
        .into_iter()
        .filter(|(_, events)| events.iter().any(|e| e == kind || e == "*"))
        .map(|(endpoint, _)| endpoint)
        .collect();
    // Stripe's event: `pending_webhooks` is how many endpoints it is sent to.
    let body = format!(
        r#"{{"id":{},"object":"event","api_version":{},"type":{},"created":{now},"livemode":{livemode},"pending_webhooks":{},"data":{{"object":{object_json}}}}}"#,
        serde_json::to_string(&id)?,
        serde_json::to_string(API_VERSION)?,
        serde_json::to_string(kind)?,
        endpoints.len(),
    );
    tx.insert_event(&id, kind, now, &body)?;
    for endpoint in endpoints {
        tx.insert_delivery(&id, &endpoint, now)?;
    }
    Ok(id)
}

type HmacSha256 = Hmac<Sha256>;

/// The hex HMAC-SHA256 of `"{t}.{body}"` under `secret`.
pub fn sign(secret: &str, t: i64, body: &str) -> String {
    let mut mac =
        HmacSha256::new_from_slice(secret.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(t.to_string().as_bytes());
    mac.update(b".");
    mac.update(body.as_bytes());
    hex(&mac.finalize().into_bytes())
}

/// The `Checkout-Signature` header value for `body` sent at `t`.
pub fn signature_header(secret: &str, t: i64, body: &str) -> String {
    format!("t={t},v1={}", sign(secret, t, body))
}

/// Why a receiver rejects a delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VerifyError {
    /// No `t=` or no `v1=` in the header.
    Malformed,
    /// `t` is further than the tolerance from now (a replay, or a clock far off).
    Stale,
    /// No `v1` matches the body: tampered, or another secret.
    Mismatch,
}

/// What a receiver does with a delivery: parse the header, refuse a timestamp more than
/// `tolerance_secs` from `now`, and compare the HMAC of `"t.body"` in constant time.
pub fn verify(
    secret: &str,
    header: &str,
    body: &str,
    now: i64,
    tolerance_secs: i64,
) -> Result<(), VerifyError> {
    let mut t = None;
    let mut candidates = vec![];
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", v)) => t = v.parse::<i64>().ok(),
            Some(("v1", v)) => candidates.push(v.to_string()),
            _ => {}
        }
    }
    let t = t.ok_or(VerifyError::Malformed)?;
    if candidates.is_empty() {
        return Err(VerifyError::Malformed);
    }
    if (now - t).abs() > tolerance_secs {
        return Err(VerifyError::Stale);
    }
    let expected = sign(secret, t, body);
    let same = |a: &str| crate::api::same_key(a.as_bytes(), expected.as_bytes());
    if candidates.iter().any(|c| same(c)) {
        Ok(())
    } else {
        Err(VerifyError::Mismatch)
    }
}

/// The wait after the `attempts`-th failed try: 1 minute, doubling, at most 12 hours.
pub fn backoff_secs(attempts: u32) -> i64 {
    60_i64
        .saturating_mul(1_i64 << attempts.saturating_sub(1).min(20))
        .min(MAX_BACKOFF_SECS)
}

/// What one pass of the worker did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Pass {
    pub delivered: usize,
    pub failed_tries: usize,
    pub given_up: usize,
}

/// Most deliveries a worker claims at once.
const CLAIM_BATCH: i64 = 50;

/// Claims the deliveries due now that no other worker holds, tries each once and
/// records the outcome. The worker calls this every second; tests call it directly with
/// their clock.
pub async fn deliver_due(store: &Store, http: &reqwest::Client) -> Result<Pass, AppError> {
    let now = store.now();
    let owner = crate::new_id("lease");
    let claimed = {
        let owner = owner.clone();
        store
            .write(move |tx| tx.claim_deliveries(now, now + LEASE_SECS, &owner, CLAIM_BATCH))
            .await?
    };
    let mut pass = Pass::default();
    for d in claimed {
        let t = store.now();
        let signature = signature_header(&d.secret, t, &d.body);
        let sent = http
            .post(&d.url)
            .header("content-type", "application/json")
            .header(SIGNATURE_HEADER, &signature)
            .header(STRIPE_SIGNATURE_HEADER, &signature)
            .header("user-agent", "checkout-server webhooks")
            .timeout(DELIVERY_TIMEOUT)
            .body(d.body.clone())
            .send()
            .await;
        let (ok, status, error) = match sent {
            Ok(res) => (res.status().is_success(), Some(res.status().as_u16()), None),
            Err(e) => (
                false,
                None,
                Some(if e.is_timeout() {
                    "timeout".to_string()
                } else {
                    "connection failed".to_string()
                }),
            ),
        };
        let attempts = d.attempts + 1;
        let next = t + backoff_secs(attempts);
        let give_up = !ok && next - d.created > RETRY_WINDOW_SECS;
        if ok {
            pass.delivered += 1;
        } else if give_up {
            pass.given_up += 1;
        } else {
            pass.failed_tries += 1;
        }
        let outcome = DeliveryOutcome {
            attempts,
            status,
            error: error.or_else(|| (!ok).then(|| format!("HTTP {}", status.unwrap_or(0)))),
            delivered: ok.then_some(t),
            failed: give_up.then_some(t),
            next_attempt: next,
        };
        let owner = owner.clone();
        let kept = store
            .write(move |tx| tx.finish_delivery(&d, &owner, &outcome))
            .await?;
        if !kept {
            tracing::warn!(
                "a webhook delivery outlived its lease; another worker may send it again"
            );
        }
    }
    Ok(pass)
}

/// Delivers due events every second until the process ends.
pub fn spawn_worker(store: Store) {
    tokio::spawn(async move {
        let http = match reqwest::Client::builder().build() {
            Ok(c) => c,
            Err(e) => {
                tracing::error!("webhook worker could not start: {e}");
                return;
            }
        };
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        loop {
            tick.tick().await;
            if let Err(e) = deliver_due(&store, &http).await {
                tracing::warn!("webhook delivery pass failed: {e:?}");
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_verify_and_tampering_stale_or_foreign_ones_do_not() {
        let body = r#"{"id":"evt_1","type":"checkout.session.completed"}"#;
        let header = signature_header("whsec_a", 1_800_000_000, body);
        assert!(header.starts_with("t=1800000000,v1="));
        assert_eq!(verify("whsec_a", &header, body, 1_800_000_100, 300), Ok(()));
        let tampered = body.replace("evt_1", "evt_2");
        assert_eq!(
            verify("whsec_a", &header, &tampered, 1_800_000_100, 300),
            Err(VerifyError::Mismatch)
        );
        assert_eq!(
            verify("whsec_b", &header, body, 1_800_000_100, 300),
            Err(VerifyError::Mismatch)
        );
        assert_eq!(
            verify("whsec_a", &header, body, 1_800_000_301, 300),
            Err(VerifyError::Stale)
        );
        assert_eq!(
            verify("whsec_a", "v1=abc", body, 1_800_000_000, 300),
            Err(VerifyError::Malformed)
        );
        // A known vector: HMAC-SHA256(key "key", "1.x"), as Python's hmac computes it.
        assert_eq!(
            sign("key", 1, "x"),
            "fc4913c41a7bf793267e2a384f3261c9436ec2cd097bd745e7b0d99113f510ec"
        );
    }

    #[test]
    fn backoff_doubles_from_a_minute_up_to_12_hours() {
        assert_eq!(backoff_secs(1), 60);
        assert_eq!(backoff_secs(2), 120);
        assert_eq!(backoff_secs(5), 960);
        assert_eq!(backoff_secs(30), MAX_BACKOFF_SECS);
        // 3 days of tries: about 15 of them.
        let mut t = 0;
        let mut tries = 0;
        while t <= RETRY_WINDOW_SECS {
            tries += 1;
            t += backoff_secs(tries);
        }
        assert!((10..=20).contains(&tries), "{tries}");
    }
}
