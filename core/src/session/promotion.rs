//! The buyer's promotion code on a session (§11): applied, replaced or removed. Its
//! coupon becomes the session's one discount, so it applies to the upsell price too, by
//! the same rules as the merchant's `discounts` (seed 003).

use super::checks::*;
use super::*;
use crate::promotion::{check_redeemable, PromotionCode};

/// The buyer applies `promo` (what the store found for the typed code, `None` if
/// nothing matches) at `now`: checked against its limits and the cart as it stands.
/// A refusal changes nothing; the server counts it toward the guess limit.
pub fn apply_promotion_code(
    session: &Session,
    catalog: &dyn Catalog,
    promo: Option<&PromotionCode>,
    now: i64,
) -> Result<Session, Error> {
    ensure_open(session)?;
    if !session.allow_promotion_codes {
        return Err(refuse(
            Code::PromotionCodesNotAllowed,
            "this checkout takes no promotion codes",
            "code",
        )
        .into());
    }
    let coupon = match promo {
        Some(p) => catalog.coupon(&p.coupon)?,
        None => None,
    };
    let before_discounts = totals(session, catalog)?.amount_subtotal;
    check_redeemable(
        promo,
        coupon.as_ref(),
        &session.currency,
        before_discounts,
        now,
    )?;
    let (Some(promo), Some(coupon)) = (promo, coupon) else {
        unreachable!("check_redeemable refuses a missing code or coupon")
    };
    if session
        .promotion_code
        .as_ref()
        .is_some_and(|p| p.id == promo.id)
    {
        return Ok(session.clone());
    }
    let mut next = session.clone();
    next.discounts = vec![coupon.id];
    next.promotion_code = Some(AppliedPromotionCode {
        id: promo.id.clone(),
        code: promo.code.clone(),
    });
    next.payment_failure = None;
    next.version += 1;
    // Every amount stays computable with the discount.
    totals(&next, catalog)?;
    Ok(next)
}

/// The buyer removes the applied code (nothing to remove: the session as it was).
pub fn remove_promotion_code(session: &Session) -> Result<Session, Error> {
    ensure_open(session)?;
    if session.promotion_code.is_none() {
        return Ok(session.clone());
    }
    let mut next = session.clone();
    next.discounts.clear();
    next.promotion_code = None;
    next.payment_failure = None;
    next.version += 1;
    Ok(next)
}

/// At confirm: the applied code still holds (active, not expired, not used up, the
/// minimum met). The completion counts it in the store, where the last redemption is
/// taken once across instances.
pub(super) fn recheck_promotion_code(
    session: &Session,
    catalog: &dyn Catalog,
    now: i64,
) -> Result<(), Error> {
    let Some(applied) = &session.promotion_code else {
        return Ok(());
    };
    let promo = catalog.promotion_code(&applied.id)?;
    let coupon = match &promo {
        Some(p) => catalog.coupon(&p.coupon)?,
        None => None,
    };
    let before_discounts = totals(session, catalog)?.amount_subtotal;
    Ok(check_redeemable(
        promo.as_ref(),
        coupon.as_ref(),
        &session.currency,
        before_discounts,
        now,
    )?)
}
