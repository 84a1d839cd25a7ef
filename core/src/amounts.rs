//! Amounts of a price for a quantity (per-unit, tiered graduated/volume, transform_quantity)
//! and the coupon rules (percent/amount off; once, repeating, forever).

use crate::catalog::{BillingScheme, Coupon, CouponDuration, Interval, Price, Round, TiersMode};
use crate::error::{Code, RuleError};
use crate::money::{self, MoneyError};

/// The quantity a per-unit price charges for after `transform_quantity`.
pub fn billable_quantity(price: &Price, quantity: u64) -> u64 {
    match price.transform_quantity {
        Some(t) if t.divide_by > 0 => match t.round {
            Round::Up => quantity.div_ceil(t.divide_by),
            Round::Down => quantity / t.divide_by,
        },
        _ => quantity,
    }
}

/// What `quantity` units of `price` cost for one cycle (or once), in minor units.
pub fn price_amount(price: &Price, quantity: u64) -> Result<i64, MoneyError> {
    match price.billing_scheme {
        BillingScheme::PerUnit => money::mul(
            price.unit_amount.unwrap_or(0),
            billable_quantity(price, quantity),
        ),
        BillingScheme::Tiered => {
            let tiers = price.tiers.as_deref().unwrap_or(&[]);
            match price.tiers_mode.unwrap_or(TiersMode::Volume) {
                TiersMode::Volume => {
                    let Some(tier) = tiers
                        .iter()
                        .find(|t| t.up_to.is_none_or(|up| quantity <= up))
                    else {
                        return Ok(0);
                    };
                    let units = money::mul(tier.unit_amount.unwrap_or(0), quantity)?;
                    if quantity == 0 {
                        return Ok(0);
                    }
                    money::add(units, tier.flat_amount.unwrap_or(0))
                }
                TiersMode::Graduated => {
                    let mut total = 0_i64;
                    let mut below = 0_u64;
                    for tier in tiers {
                        if quantity <= below {
                            break;
                        }
                        let upper = tier.up_to.unwrap_or(u64::MAX);
                        let units = quantity.min(upper) - below;
                        total =
                            money::add(total, money::mul(tier.unit_amount.unwrap_or(0), units)?)?;
                        total = money::add(total, tier.flat_amount.unwrap_or(0))?;
                        below = upper;
                    }
                    Ok(total)
                }
            }
        }
    }
}

/// Checks the internal consistency of a price the merchant creates.
pub fn validate_price(price: &Price) -> Result<(), RuleError> {
    let bad = |msg: &str, param: &str| Err(RuleError::new(Code::PriceInvalid, msg).param(param));
    if !money::is_valid_currency(&price.currency) {
        return bad(
            "currency must be a lowercase ISO 4217 code such as `usd`",
            "currency",
        );
    }
    match (price.price_type, &price.recurring) {
        (crate::catalog::PriceType::Recurring, None) => {
            return bad("a recurring price needs `recurring`", "recurring")
        }
        (crate::catalog::PriceType::OneTime, Some(_)) => {
            return bad("a one_time price cannot have `recurring`", "recurring")
        }
        (_, Some(r)) if r.interval_count == 0 || r.interval_count > 365 => {
            return bad(
                "interval_count must be between 1 and 365",
                "recurring.interval_count",
            )
        }
        _ => {}
    }
    if price.upsell.is_some() {
        return bad("set `upsell` with a PATCH once both prices exist", "upsell");
    }
    match price.billing_scheme {
        BillingScheme::PerUnit => {
            match price.unit_amount {
                Some(a) if a >= 0 => {}
                _ => {
                    return bad(
                        "a per_unit price needs a non-negative `unit_amount`",
                        "unit_amount",
                    )
                }
            }
            if price.tiers.is_some() || price.tiers_mode.is_some() {
                return bad("`tiers` need billing_scheme `tiered`", "tiers");
            }
            if let Some(t) = price.transform_quantity {
                if t.divide_by == 0 {
                    return bad(
                        "divide_by must be at least 1",
                        "transform_quantity.divide_by",
                    );
                }
            }
        }
        BillingScheme::Tiered => {
            if price.tiers_mode.is_none() {
                return bad("a tiered price needs `tiers_mode`", "tiers_mode");
            }
            if price.transform_quantity.is_some() {
                return bad(
                    "transform_quantity cannot be combined with tiers",
                    "transform_quantity",
                );
            }
            if price.unit_amount.is_some() {
                return bad("a tiered price sets amounts in its tiers", "unit_amount");
            }
            let tiers = price.tiers.as_deref().unwrap_or(&[]);
            if tiers.is_empty() {
                return bad("a tiered price needs at least one tier", "tiers");
            }
            let mut last = 0_u64;
            for (i, t) in tiers.iter().enumerate() {
                let param = format!("tiers[{i}]");
                if t.unit_amount.is_none() && t.flat_amount.is_none() {
                    return bad("each tier needs unit_amount or flat_amount", &param);
                }
                if t.unit_amount.is_some_and(|a| a < 0) || t.flat_amount.is_some_and(|a| a < 0) {
                    return bad("tier amounts cannot be negative", &param);
                }
                match t.up_to {
                    Some(up) if up > last => last = up,
                    Some(_) => return bad("up_to must increase from tier to tier", &param),
                    None if i + 1 == tiers.len() => {}
                    None => return bad("only the last tier may have up_to null", &param),
                }
            }
            if tiers.last().is_some_and(|t| t.up_to.is_some()) {
                return bad("the last tier must have up_to null", "tiers");
            }
        }
    }
    Ok(())
}

/// Checks a coupon the merchant creates.
pub fn validate_coupon(coupon: &Coupon) -> Result<(), RuleError> {
    let bad = |msg: &str, param: &str| Err(RuleError::new(Code::CouponInvalid, msg).param(param));
    match (coupon.percent_off, coupon.amount_off) {
        (Some(p), None) => {
            if !(p > 0.0 && p <= 100.0) || ((p * 100.0).round() - p * 100.0).abs() > 1e-6 {
                return bad(
                    "percent_off must be in (0, 100] with at most two decimals",
                    "percent_off",
                );
            }
            if coupon.currency.is_some() {
                return bad("currency only goes with amount_off", "currency");
            }
        }
        (None, Some(a)) => {
            if a <= 0 {
                return bad("amount_off must be positive", "amount_off");
            }
            if !coupon
                .currency
                .as_deref()
                .is_some_and(money::is_valid_currency)
            {
                return bad("amount_off needs a lowercase `currency`", "currency");
            }
        }
        _ => {
            return bad(
                "give exactly one of percent_off and amount_off",
                "percent_off",
            )
        }
    }
    match (coupon.duration, coupon.duration_in_months) {
        (CouponDuration::Repeating, Some(m)) if (1..=120).contains(&m) => Ok(()),
        (CouponDuration::Repeating, _) => bad(
            "a repeating coupon needs duration_in_months between 1 and 120",
            "duration_in_months",
        ),
        (_, Some(_)) => bad(
            "duration_in_months only goes with duration repeating",
            "duration_in_months",
        ),
        _ => Ok(()),
    }
}

/// Length of a cycle in a common unit: days for day/week cycles, months for month/year.
/// Returns `(is_monthly_unit, length)`.
pub fn cycle_length(interval: Interval, count: u32) -> (bool, u64) {
    let count = u64::from(count);
    match interval {
        Interval::Day => (false, count),
        Interval::Week => (false, 7 * count),
        Interval::Month => (true, count),
        Interval::Year => (true, 12 * count),
    }
}

/// How many invoices of a subscription with this cycle a coupon discounts, counted from
/// the first invoice (at the end of a trial of `trial_days`). `None` means every invoice.
///
/// A `repeating` coupon covers `duration_in_months` from when it is first applied (the
/// subscription's start): every invoice created inside that window is discounted whole,
/// so a 4-month coupon discounts 4 monthly invoices but the entire first yearly invoice
/// (seed 003). Day/week cycles and trials are compared with 30-day months.
pub fn coupon_discounted_invoices(
    coupon: &Coupon,
    interval: Interval,
    interval_count: u32,
    trial_days: u32,
) -> Option<u32> {
    match coupon.duration {
        CouponDuration::Once => Some(1),
        CouponDuration::Forever => None,
        CouponDuration::Repeating => {
            let months = u64::from(coupon.duration_in_months.unwrap_or(0));
            // Work in days, with a month of 30 days and a year of 12 such months.
            let window = months * 30;
            let (monthly, len) = cycle_length(interval, interval_count);
            let cycle_days = if monthly { len * 30 } else { len }.max(1);
            let first = u64::from(trial_days);
            if first >= window {
                return Some(0);
            }
            let count = (window - first).div_ceil(cycle_days);
            Some(u32::try_from(count).unwrap_or(u32::MAX))
        }
    }
}

/// What `amount` (minor units) billed every `count` years comes to per month: divided by
/// 12 × `count`, rounded half up to the currency's minor unit ("$1,000.00 / year" →
/// "$83.33 / month"). `None` for any other interval (a monthly price needs no such line).
pub fn per_month(amount: i64, interval: Interval, count: u32) -> Option<i64> {
    if interval != Interval::Year || count == 0 {
        return None;
    }
    money::mul_div_round(amount, 1, 12 * i64::from(count)).ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_yearly_amount_per_month_rounds_half_up_to_the_minor_unit() {
        use super::per_month;
        // $1,000.00 a year: $83.333… a month → $83.33.
        assert_eq!(per_month(100_000, Interval::Year, 1), Some(8_333));
        // $1,000.02 → 8,333.5 cents → half up to $83.34.
        assert_eq!(per_month(100_002, Interval::Year, 1), Some(8_334));
        // JPY has no minor unit: ¥10,000 a year → ¥833.33… → ¥833; ¥10,002 → ¥833.5 → ¥834.
        assert_eq!(per_month(10_000, Interval::Year, 1), Some(833));
        assert_eq!(per_month(10_002, Interval::Year, 1), Some(834));
        // KWD has three decimals: 1.000 KWD a year → 0.083 KWD; 0.018 → 0.0015 → 0.002.
        assert_eq!(per_month(1_000, Interval::Year, 1), Some(83));
        assert_eq!(per_month(18, Interval::Year, 1), Some(2));
        // Every two years: divided by 24.
        assert_eq!(per_month(240_000, Interval::Year, 2), Some(10_000));
        // Only yearly prices.
        assert_eq!(per_month(10_000, Interval::Month, 1), None);
        assert_eq!(per_month(10_000, Interval::Week, 1), None);
        assert_eq!(per_month(10_000, Interval::Year, 0), None);
    }

    use super::*;
    use crate::catalog::*;
    use crate::testing::*;

    #[test]
    fn per_unit_multiplies() {
        let p = recurring_price("price_m", "prod_a", 10_000, Interval::Month);
        assert_eq!(price_amount(&p, 1), Ok(10_000));
        assert_eq!(price_amount(&p, 3), Ok(30_000));
    }

    #[test]
    fn transform_quantity_rounds_up_and_down() {
        let mut p = one_time_price("price_seat", "prod_a", 500);
        p.transform_quantity = Some(TransformQuantity {
            divide_by: 10,
            round: Round::Up,
        });
        assert_eq!(price_amount(&p, 1), Ok(500));
        assert_eq!(price_amount(&p, 10), Ok(500));
        assert_eq!(price_amount(&p, 11), Ok(1_000));
        p.transform_quantity = Some(TransformQuantity {
            divide_by: 10,
            round: Round::Down,
        });
        assert_eq!(price_amount(&p, 9), Ok(0));
        assert_eq!(price_amount(&p, 19), Ok(500));
    }

    fn tiered(mode: TiersMode) -> Price {
        let mut p = one_time_price("price_t", "prod_a", 0);
        p.unit_amount = None;
        p.billing_scheme = BillingScheme::Tiered;
        p.tiers_mode = Some(mode);
        p.tiers = Some(vec![
            Tier {
                up_to: Some(5),
                unit_amount: Some(1_000),
                flat_amount: Some(200),
            },
            Tier {
                up_to: Some(10),
                unit_amount: Some(800),
                flat_amount: None,
            },
            Tier {
                up_to: None,
                unit_amount: Some(500),
                flat_amount: Some(100),
            },
        ]);
        p
    }

    #[test]
    fn graduated_tiers_price_each_band() {
        let p = tiered(TiersMode::Graduated);
        assert_eq!(price_amount(&p, 3), Ok(3 * 1_000 + 200));
        assert_eq!(price_amount(&p, 5), Ok(5 * 1_000 + 200));
        assert_eq!(price_amount(&p, 7), Ok(5 * 1_000 + 200 + 2 * 800));
        assert_eq!(
            price_amount(&p, 12),
            Ok(5 * 1_000 + 200 + 5 * 800 + 2 * 500 + 100)
        );
        assert!(validate_price(&p).is_ok());
    }

    #[test]
    fn volume_tiers_price_all_units_at_one_band() {
        let p = tiered(TiersMode::Volume);
        assert_eq!(price_amount(&p, 5), Ok(5 * 1_000 + 200));
        assert_eq!(price_amount(&p, 6), Ok(6 * 800));
        assert_eq!(price_amount(&p, 11), Ok(11 * 500 + 100));
    }

    #[test]
    fn huge_quantities_overflow_as_errors() {
        let p = one_time_price("price_x", "prod_a", i64::MAX / 2);
        assert_eq!(price_amount(&p, 3), Err(MoneyError::Overflow));
    }

    #[test]
    fn price_validation_catches_contradictions() {
        let mut p = tiered(TiersMode::Graduated);
        p.tiers_mode = None;
        assert_eq!(validate_price(&p).unwrap_err().code, Code::PriceInvalid);
        let mut p = tiered(TiersMode::Graduated);
        p.tiers.as_mut().unwrap()[2].up_to = Some(20);
        assert_eq!(
            validate_price(&p).unwrap_err().param.as_deref(),
            Some("tiers")
        );
        let mut p = one_time_price("p", "prod", 100);
        p.currency = "USD".into();
        assert_eq!(
            validate_price(&p).unwrap_err().param.as_deref(),
            Some("currency")
        );
        let mut p = one_time_price("p", "prod", 100);
        p.recurring = Some(Recurring {
            interval: Interval::Month,
            interval_count: 1,
            usage_type: UsageType::Licensed,
        });
        assert!(validate_price(&p).is_err());
        assert!(validate_price(&one_time_price("p", "prod", 100)).is_ok());
    }

    #[test]
    fn coupon_validation() {
        assert!(validate_coupon(&percent_coupon("c", 50.0, CouponDuration::Once, None)).is_ok());
        assert!(validate_coupon(&percent_coupon("c", 12.5, CouponDuration::Forever, None)).is_ok());
        assert!(validate_coupon(&percent_coupon("c", 0.0, CouponDuration::Once, None)).is_err());
        assert!(validate_coupon(&percent_coupon("c", 101.0, CouponDuration::Once, None)).is_err());
        assert!(validate_coupon(&percent_coupon("c", 12.345, CouponDuration::Once, None)).is_err());
        assert!(
            validate_coupon(&percent_coupon("c", 50.0, CouponDuration::Repeating, None)).is_err()
        );
        assert!(validate_coupon(&percent_coupon(
            "c",
            50.0,
            CouponDuration::Repeating,
            Some(4)
        ))
        .is_ok());
        assert!(
            validate_coupon(&percent_coupon("c", 50.0, CouponDuration::Once, Some(4))).is_err()
        );
        let mut amount = percent_coupon("c", 1.0, CouponDuration::Once, None);
        amount.percent_off = None;
        amount.amount_off = Some(500);
        assert!(
            validate_coupon(&amount).is_err(),
            "amount_off needs a currency"
        );
        amount.currency = Some("usd".into());
        assert!(validate_coupon(&amount).is_ok());
    }

    #[test]
    fn repeating_coupon_covers_the_whole_first_yearly_invoice() {
        let c = percent_coupon("c", 50.0, CouponDuration::Repeating, Some(4));
        assert_eq!(
            coupon_discounted_invoices(&c, Interval::Month, 1, 0),
            Some(4)
        );
        assert_eq!(
            coupon_discounted_invoices(&c, Interval::Year, 1, 0),
            Some(1)
        );
        // A trial that ends inside the window still gets the first yearly invoice discounted…
        assert_eq!(
            coupon_discounted_invoices(&c, Interval::Year, 1, 14),
            Some(1)
        );
        // …but not when the trial outlasts the coupon.
        assert_eq!(
            coupon_discounted_invoices(&c, Interval::Year, 1, 120),
            Some(0)
        );
        let once = percent_coupon("c", 50.0, CouponDuration::Once, None);
        assert_eq!(
            coupon_discounted_invoices(&once, Interval::Year, 1, 0),
            Some(1)
        );
        let forever = percent_coupon("c", 50.0, CouponDuration::Forever, None);
        assert_eq!(
            coupon_discounted_invoices(&forever, Interval::Month, 1, 0),
            None
        );
    }
}
