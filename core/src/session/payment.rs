//! The confirm and what follows it (§10): the buyer's email, the amount due today, and
//! the ways a confirm ends: completed at once (a free order, or the engine's own payment
//! step), or frozen for the merchant's payment step until the merchant's server completes
//! or reopens the session. Also the merchant's expire.

use super::checks::*;
use super::*;

/// Longest `payment_reference` and `failure_message`.
pub const MAX_PAYMENT_TEXT: usize = 200;

/// Who takes the money at confirm (`PAYMENTS`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentFlow {
    /// The engine's payment step charges inside the confirm (the test modes).
    Immediate,
    /// The merchant's own payment provider: the confirm freezes the cart, and the
    /// merchant's server completes or reopens the session.
    Merchant,
}

/// What a confirm asks the server to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Confirmation {
    /// Nothing is due today and the session collects a payment method only if required:
    /// store the session, complete and `no_payment_required`, without a payment step.
    Free(Session),
    /// Charge `amount` (minor units of `currency`) with the payment step; if it goes
    /// through, store `then` (complete).
    Charge {
        amount: i64,
        currency: String,
        then: Session,
    },
    /// Store the session frozen (`awaiting_payment`) for the merchant's payment step.
    AwaitPayment(Session),
}

impl Confirmation {
    /// The session to store.
    pub fn session(&self) -> &Session {
        match self {
            Confirmation::Free(s) | Confirmation::AwaitPayment(s) => s,
            Confirmation::Charge { then, .. } => then,
        }
    }
}

/// The buyer confirms the cart it saw (`expected_version`) with its email (required
/// unless the merchant passed `customer_email`).
pub fn confirm(
    session: &Session,
    catalog: &dyn Catalog,
    intent: &ConfirmIntent,
    flow: PaymentFlow,
    now: i64,
) -> Result<Confirmation, Error> {
    ensure_open(session)?;
    if session.version != intent.expected_version {
        return Err(refuse(
            Code::SessionVersionConflict,
            format!(
                "the cart changed (version {} is not {}); review it and confirm again",
                session.version, intent.expected_version
            ),
            "expected_version",
        )
        .into());
    }
    let email = match intent.email.as_deref().map(str::trim) {
        Some(e) if crate::web::is_email(e) => e.to_string(),
        Some(_) => {
            return Err(refuse(
                Code::EmailInvalid,
                "enter an email address such as anna@example.com",
                "email",
            )
            .into())
        }
        None => session.customer_email.clone().ok_or_else(|| {
            refuse(
                Code::ParameterMissing,
                "the buyer's email is required to confirm",
                "email",
            )
        })?,
    };
    super::promotion::recheck_promotion_code(session, catalog, now)?;
    let due = totals(session, catalog)?.amount_total;
    let mut next = session.clone();
    next.email = Some(email);
    next.payment_failure = None;
    next.amount_confirmed = Some(due);
    next.version += 1;
    if due == 0 && session.payment_method_collection == PaymentMethodCollection::IfRequired {
        next.status = Status::Complete;
        next.payment_status = PaymentStatus::NoPaymentRequired;
        return Ok(Confirmation::Free(next));
    }
    Ok(match flow {
        PaymentFlow::Immediate => {
            next.status = Status::Complete;
            next.payment_status = paid_for(due);
            Confirmation::Charge {
                amount: due,
                currency: session.currency.clone(),
                then: next,
            }
        }
        PaymentFlow::Merchant => {
            next.awaiting_payment = true;
            Confirmation::AwaitPayment(next)
        }
    })
}

/// `paid`, or `no_payment_required` when nothing was due today (a trial; Stripe's value
/// for a payment delayed to a future date).
fn paid_for(due: i64) -> PaymentStatus {
    if due == 0 {
        PaymentStatus::NoPaymentRequired
    } else {
        PaymentStatus::Paid
    }
}

/// A session the merchant may complete or reopen: open and awaiting payment.
fn ensure_awaiting(session: &Session) -> Result<(), RuleError> {
    if session.status != Status::Open {
        return Err(refuse(
            Code::SessionNotOpen,
            format!("this session is {}, not open", status_name(session.status)),
            "id",
        ));
    }
    if !session.awaiting_payment {
        return Err(refuse(
            Code::SessionNotAwaitingPayment,
            "this session is not awaiting payment: its buyer has not confirmed (or it was reopened)",
            "id",
        ));
    }
    Ok(())
}

fn status_name(s: Status) -> &'static str {
    match s {
        Status::Open => "open",
        Status::Complete => "complete",
        Status::Expired => "expired",
    }
}

/// 1 to 200 characters, or a refusal naming `param`.
fn payment_text(text: Option<&str>, param: &str) -> Result<Option<String>, RuleError> {
    match text {
        None => Ok(None),
        Some(t) if !t.trim().is_empty() && t.chars().count() <= MAX_PAYMENT_TEXT => {
            Ok(Some(t.to_string()))
        }
        Some(_) => Err(refuse(
            Code::ParameterInvalid,
            format!("{param} must be 1 to {MAX_PAYMENT_TEXT} characters"),
            param,
        )),
    }
}

/// The merchant's server says the payment went through: the session completes.
pub fn complete_payment(session: &Session, reference: Option<&str>) -> Result<Session, RuleError> {
    let reference = payment_text(reference, "payment_reference")?;
    ensure_awaiting(session)?;
    let mut next = session.clone();
    next.status = Status::Complete;
    next.awaiting_payment = false;
    next.payment_status = paid_for(session.amount_confirmed.unwrap_or(1));
    next.payment_reference = reference;
    next.version += 1;
    Ok(next)
}

/// The merchant's server says the payment failed (or the buyer went back): the cart is
/// open for changes again, and the buyer sees `message` (or a generic sentence).
pub fn reopen(session: &Session, message: Option<&str>) -> Result<Session, RuleError> {
    let message = payment_text(message, "failure_message")?;
    ensure_awaiting(session)?;
    let mut next = session.clone();
    next.awaiting_payment = false;
    next.amount_confirmed = None;
    next.payment_failure = Some(PaymentFailure { message });
    next.version += 1;
    Ok(next)
}

/// The merchant expires an open session (not one awaiting payment: reopen it first).
pub fn expire(session: &Session) -> Result<Session, RuleError> {
    if session.status != Status::Open {
        return Err(refuse(
            Code::SessionNotOpen,
            "only open sessions can expire",
            "id",
        ));
    }
    ensure_open(session)?;
    let mut next = session.clone();
    next.status = Status::Expired;
    next.version += 1;
    Ok(next)
}
