//! Idempotency keys: the first answer to each (scope, key), kept 24 hours, replayed to
//! every retry of the same request, on any instance.
//!
//! As at Stripe, a result is kept only once the change began to run against the state it
//! found: a success, or a refusal by that state (402 a declined payment, 409 a session no
//! longer open, a cross-sell already added). A request refused for what it carries (400 a
//! parameter or a rule on its values, 404 an id that does not exist) keeps nothing, so the
//! same key may carry the corrected request. A request that meets another with the same key
//! waits for it (a lock on the key) and gets its answer: nothing runs twice.

use super::{Reply, Tx};
use crate::error::AppError;
use checkout_core::Code;

/// How long an `Idempotency-Key` replays its first answer: 24 hours.
pub const IDEMPOTENCY_KEY_LIFETIME_SECS: i64 = 24 * 60 * 60;

/// A mutation's `Idempotency-Key`: `scope` keeps keys of different callers apart (the
/// engine API, or one session on the widget API); `fingerprint` identifies the request
/// (a digest of method, path and body).
#[derive(Debug, Clone)]
pub struct Idempotency {
    pub scope: String,
    pub key: String,
    pub fingerprint: String,
}

/// A stored first answer.
#[derive(Debug, Clone)]
pub struct Remembered {
    pub fingerprint: String,
    pub status: u16,
    pub body: String,
}

/// The idempotency keys' part of a transaction.
pub trait IdempotencyTx {
    /// The answer stored for (scope, key) after `newer_than` (unix seconds).
    fn remembered(
        &self,
        scope: &str,
        key: &str,
        newer_than: i64,
    ) -> Result<Option<Remembered>, AppError>;
    /// Stores (or replaces an expired) first answer.
    fn remember(&self, i: &Idempotency, status: u16, body: &str, now: i64) -> Result<(), AppError>;
    /// Deletes keys created at or before `cutoff`; answers how many.
    fn prune_idempotency_keys(&self, cutoff: i64) -> Result<usize, AppError>;
}

/// Whether a refusal is kept under its key: one the change met in the stored state (402,
/// 409), not one of the request itself (400, 404, …), which the caller corrects.
fn kept(refusal: &checkout_core::RuleError) -> bool {
    matches!(refusal.code.http_status(), 402 | 409)
}

/// One mutation inside the caller's write transaction (see [`super::Store::mutate`]):
/// the key's lock, its replay, the change in its own savepoint, and the answer
/// remembered in the same transaction. `alone`: the transaction holds this mutation only,
/// and the caller rolls all of it back on a refusal that has no key to remember it under
/// (so that mutation needs no savepoint).
pub fn run_mutation<F>(
    tx: &dyn Tx,
    idem: Option<&Idempotency>,
    alone: bool,
    now: i64,
    f: F,
) -> Result<Reply, AppError>
where
    F: FnOnce(&dyn Tx, i64) -> Result<String, AppError>,
{
    if let Some(i) = idem {
        // Two requests with one key (on two instances) run one after the other: the
        // second sees the first's answer.
        tx.exclusive(&format!("idempotency\u{1f}{}\u{1f}{}", i.scope, i.key))?;
        let newer_than = now - IDEMPOTENCY_KEY_LIFETIME_SECS;
        match tx.remembered(&i.scope, &i.key, newer_than)? {
            None => {}
            Some(r) if r.fingerprint == i.fingerprint => {
                return Ok(Reply {
                    status: r.status,
                    body: r.body,
                    replayed: true,
                })
            }
            Some(_) => {
                return Err(AppError::with_param(
                    Code::IdempotencyKeyReused,
                    "this Idempotency-Key was already used with a different request; use a fresh key for a new request",
                    "Idempotency-Key",
                ))
            }
        }
    }
    let savepoint = idem.is_some() || !alone;
    if savepoint {
        tx.exec("SAVEPOINT change")?;
    }
    match f(tx, now) {
        Ok(body) => {
            if savepoint {
                tx.exec("RELEASE SAVEPOINT change")?;
            }
            if let Some(i) = idem {
                tx.remember(i, 200, &body, now)?;
            }
            Ok(Reply {
                status: 200,
                body,
                replayed: false,
            })
        }
        Err(AppError::Rule(refusal)) if savepoint => {
            tx.exec("ROLLBACK TO SAVEPOINT change")?;
            tx.exec("RELEASE SAVEPOINT change")?;
            if let Some(i) = idem.filter(|_| kept(&refusal)) {
                let (status, body) = crate::error::refusal_body(&refusal);
                tx.remember(i, status, &body, now)?;
            }
            Err(AppError::Rule(refusal))
        }
        Err(e) => Err(e),
    }
}
