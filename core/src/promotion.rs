//! Promotion codes (§11): a code the buyer types that applies a coupon, with Stripe's
//! limits: active, an expiry, a number of redemptions, and a minimum order.

use crate::catalog::Coupon;
use crate::error::{Code, RuleError};
use serde::{Deserialize, Serialize};

/// Shortest and longest code.
pub const CODE_LEN: std::ops::RangeInclusive<usize> = 3..=50;

/// Refused codes one session may try within [`GUESS_WINDOW_SECS`] before the next
/// attempt is 429.
pub const MAX_REFUSED_CODES: usize = 10;
/// The window of [`MAX_REFUSED_CODES`]: an hour.
pub const GUESS_WINDOW_SECS: i64 = 60 * 60;

/// What a code needs of the order (Stripe's `restrictions`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Restrictions {
    /// The least the order may come to before discounts, in minor units of
    /// `minimum_amount_currency`.
    #[serde(default)]
    pub minimum_amount: Option<i64>,
    #[serde(default)]
    pub minimum_amount_currency: Option<String>,
}

/// A promotion code (Stripe's object).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PromotionCode {
    pub id: String,
    #[serde(default = "object")]
    pub object: String,
    /// As the merchant wrote it; matched without regard to case.
    pub code: String,
    /// The coupon's id.
    pub coupon: String,
    pub active: bool,
    #[serde(default)]
    pub max_redemptions: Option<u64>,
    /// Unix seconds after which the code is refused.
    #[serde(default)]
    pub expires_at: Option<i64>,
    #[serde(default)]
    pub restrictions: Restrictions,
    /// Completed sessions that used it.
    #[serde(default)]
    pub times_redeemed: u64,
}

fn object() -> String {
    "promotion_code".into()
}

/// The form codes are compared in: ASCII lowercase.
pub fn normalize(code: &str) -> String {
    code.trim().to_ascii_lowercase()
}

/// 3 to 50 of `A-Z a-z 0-9 _ -`.
pub fn check_code(code: &str) -> Result<(), RuleError> {
    if CODE_LEN.contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        return Ok(());
    }
    Err(RuleError::new(
        Code::ParameterInvalid,
        "code must be 3 to 50 letters, digits, `_` or `-`",
    )
    .param("code"))
}

/// The fields of a new code that must agree: a positive `max_redemptions`, a minimum
/// with its currency (and the currency of an amount-off coupon), an expiry ahead.
pub fn check_new(code: &PromotionCode, coupon: &Coupon, now: i64) -> Result<(), RuleError> {
    check_code(&code.code)?;
    let invalid = |message: &str, param: &str| {
        Err(RuleError::new(Code::ParameterInvalid, message).param(param))
    };
    if code.max_redemptions == Some(0) {
        return invalid("max_redemptions must be at least 1", "max_redemptions");
    }
    if code.expires_at.is_some_and(|at| at <= now) {
        return invalid(
            "expires_at must lie in the future (unix seconds)",
            "expires_at",
        );
    }
    let r = &code.restrictions;
    match (r.minimum_amount, &r.minimum_amount_currency) {
        (None, None) => {}
        (Some(m), Some(c)) if m >= 1 && crate::money::is_valid_currency(c) => {
            if coupon.currency.as_ref().is_some_and(|cc| cc != c) {
                return invalid(
                    "minimum_amount_currency must be the amount-off coupon's currency",
                    "restrictions[minimum_amount_currency]",
                );
            }
        }
        (Some(_), None) => {
            return invalid(
                "a minimum_amount needs its minimum_amount_currency",
                "restrictions[minimum_amount_currency]",
            )
        }
        (None, Some(_)) => {
            return invalid(
                "minimum_amount_currency needs a minimum_amount",
                "restrictions[minimum_amount]",
            )
        }
        (Some(_), Some(_)) => {
            return invalid(
                "minimum_amount must be a positive amount in a lowercase ISO currency",
                "restrictions[minimum_amount]",
            )
        }
    }
    Ok(())
}

fn refuse(code: Code, message: impl Into<String>) -> RuleError {
    RuleError::new(code, message).param("code")
}

/// Whether `promo` (found by its code, `None` when no code matches) may discount an order
/// in `currency` that comes to `subtotal` before discounts, at `now`. Checked when the
/// buyer applies it and again at completion.
pub fn check_redeemable(
    promo: Option<&PromotionCode>,
    coupon: Option<&Coupon>,
    currency: &str,
    subtotal: i64,
    now: i64,
) -> Result<(), RuleError> {
    let (Some(promo), Some(coupon)) = (promo, coupon) else {
        return Err(refuse(Code::PromotionCodeInvalid, "this code is not valid"));
    };
    if !promo.active {
        return Err(refuse(
            Code::PromotionCodeInvalid,
            "this code is no longer valid",
        ));
    }
    if coupon.currency.as_ref().is_some_and(|c| c != currency) {
        return Err(refuse(
            Code::PromotionCodeInvalid,
            "this code is not valid for an order in this currency",
        ));
    }
    if promo.expires_at.is_some_and(|at| now >= at) {
        return Err(refuse(Code::PromotionCodeExpired, "this code has expired"));
    }
    if promo
        .max_redemptions
        .is_some_and(|max| promo.times_redeemed >= max)
    {
        return Err(refuse(
            Code::PromotionCodeExhausted,
            "this code has been used as often as it may be",
        ));
    }
    let r = &promo.restrictions;
    if let (Some(minimum), Some(c)) = (r.minimum_amount, &r.minimum_amount_currency) {
        if c != currency {
            return Err(refuse(
                Code::PromotionCodeMinimumAmount,
                format!("this code needs an order in {}", c.to_ascii_uppercase()),
            ));
        }
        if subtotal < minimum {
            return Err(refuse(
                Code::PromotionCodeMinimumAmount,
                "the order is under this code's minimum amount",
            ));
        }
    }
    Ok(())
}

/// Whether one more refused code is allowed: fewer than [`MAX_REFUSED_CODES`] refused
/// within the hour before `now` (`refused`: when each was).
pub fn may_try(refused: &[i64], now: i64) -> bool {
    refused
        .iter()
        .filter(|at| now - **at < GUESS_WINDOW_SECS)
        .count()
        < MAX_REFUSED_CODES
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::CouponDuration;

    fn coupon(currency: Option<&str>) -> Coupon {
        Coupon {
            id: "coupon_x".into(),
            object: "coupon".into(),
            name: Some("Launch".into()),
            percent_off: currency.is_none().then_some(20.0),
            amount_off: currency.map(|_| 1_000),
            currency: currency.map(str::to_string),
            duration: CouponDuration::Once,
            duration_in_months: None,
        }
    }

    fn promo() -> PromotionCode {
        PromotionCode {
            id: "promo_1".into(),
            object: "promotion_code".into(),
            code: "Launch-20".into(),
            coupon: "coupon_x".into(),
            active: true,
            max_redemptions: Some(2),
            expires_at: Some(1_000),
            restrictions: Restrictions {
                minimum_amount: Some(5_000),
                minimum_amount_currency: Some("usd".into()),
            },
            times_redeemed: 0,
        }
    }

    fn refusal(r: Result<(), RuleError>) -> Code {
        r.unwrap_err().code
    }

    #[test]
    fn codes_match_regardless_of_case_and_keep_their_shape() {
        assert_eq!(normalize(" LAUNCH-20 "), normalize("launch-20"));
        assert_eq!(normalize("Launch_20"), "launch_20");
        for ok in ["abc", "SUMMER_2026", "a-b-c", &"x".repeat(50)] {
            assert!(check_code(ok).is_ok(), "{ok}");
        }
        for bad in [
            "ab",
            &"x".repeat(51),
            "with space",
            "ümlaut",
            "semi;colon",
            "",
        ] {
            assert_eq!(
                check_code(bad).unwrap_err().param.as_deref(),
                Some("code"),
                "{bad}"
            );
        }
    }

    #[test]
    fn each_refusal_has_its_code() {
        let c = coupon(None);
        let p = promo();
        assert!(check_redeemable(Some(&p), Some(&c), "usd", 5_000, 999).is_ok());
        assert_eq!(
            refusal(check_redeemable(None, Some(&c), "usd", 5_000, 0)),
            Code::PromotionCodeInvalid
        );
        let inactive = PromotionCode {
            active: false,
            ..p.clone()
        };
        assert_eq!(
            refusal(check_redeemable(Some(&inactive), Some(&c), "usd", 5_000, 0)),
            Code::PromotionCodeInvalid
        );
        assert_eq!(
            refusal(check_redeemable(Some(&p), Some(&c), "usd", 5_000, 1_000)),
            Code::PromotionCodeExpired
        );
        let used = PromotionCode {
            times_redeemed: 2,
            ..p.clone()
        };
        assert_eq!(
            refusal(check_redeemable(Some(&used), Some(&c), "usd", 5_000, 0)),
            Code::PromotionCodeExhausted
        );
        assert_eq!(
            refusal(check_redeemable(Some(&p), Some(&c), "usd", 4_999, 0)),
            Code::PromotionCodeMinimumAmount
        );
        assert_eq!(
            refusal(check_redeemable(Some(&p), Some(&c), "eur", 9_999, 0)),
            Code::PromotionCodeMinimumAmount
        );
        // An amount-off coupon is for its currency only.
        let eur = coupon(Some("eur"));
        let open = PromotionCode {
            restrictions: Restrictions::default(),
            ..p.clone()
        };
        assert_eq!(
            refusal(check_redeemable(Some(&open), Some(&eur), "usd", 9_999, 0)),
            Code::PromotionCodeInvalid
        );
        assert!(check_redeemable(Some(&open), Some(&eur), "eur", 1, 0).is_ok());
        // Every refusal names the field the buyer typed.
        let e = check_redeemable(Some(&used), Some(&c), "usd", 5_000, 0).unwrap_err();
        assert_eq!(e.param.as_deref(), Some("code"));
    }

    #[test]
    fn a_new_code_is_checked_whole() {
        let c = coupon(None);
        assert!(check_new(&promo(), &c, 0).is_ok());
        let bad = |p: PromotionCode| check_new(&p, &c, 0).unwrap_err().param.unwrap();
        assert_eq!(
            bad(PromotionCode {
                max_redemptions: Some(0),
                ..promo()
            }),
            "max_redemptions"
        );
        assert_eq!(
            bad(PromotionCode {
                expires_at: Some(0),
                ..promo()
            }),
            "expires_at"
        );
        let no_currency = Restrictions {
            minimum_amount: Some(1),
            minimum_amount_currency: None,
        };
        assert_eq!(
            bad(PromotionCode {
                restrictions: no_currency,
                ..promo()
            }),
            "restrictions[minimum_amount_currency]"
        );
        let zero = Restrictions {
            minimum_amount: Some(0),
            minimum_amount_currency: Some("usd".into()),
        };
        assert_eq!(
            bad(PromotionCode {
                restrictions: zero,
                ..promo()
            }),
            "restrictions[minimum_amount]"
        );
        let eur = coupon(Some("eur"));
        assert_eq!(
            check_new(&promo(), &eur, 0).unwrap_err().param.as_deref(),
            Some("restrictions[minimum_amount_currency]")
        );
        assert_eq!(
            bad(PromotionCode {
                code: "no".into(),
                ..promo()
            }),
            "code"
        );
    }

    #[test]
    fn guessing_is_slowed_after_ten_refusals_within_the_hour() {
        let now = 10_000;
        let nine: Vec<i64> = (0..9).map(|i| now - i).collect();
        assert!(may_try(&nine, now));
        let ten: Vec<i64> = (0..10).map(|i| now - i).collect();
        assert!(!may_try(&ten, now));
        // An hour later the oldest no longer count.
        assert!(may_try(&ten, now + GUESS_WINDOW_SECS));
    }
}
