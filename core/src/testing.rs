//! Builders for tests.
#![allow(dead_code)]

use crate::catalog::*;

pub fn product(id: &str, name: &str, cross_sells: &[&str]) -> Product {
    Product {
        id: id.into(),
        object: "product".into(),
        name: name.into(),
        description: None,
        images: vec![],
        active: true,
        cross_sells: cross_sells.iter().map(|s| s.to_string()).collect(),
    }
}

pub fn one_time_price(id: &str, product: &str, amount: i64) -> Price {
    Price {
        id: id.into(),
        object: "price".into(),
        product: product.into(),
        active: true,
        currency: "usd".into(),
        unit_amount: Some(amount),
        price_type: PriceType::OneTime,
        recurring: None,
        billing_scheme: BillingScheme::PerUnit,
        tiers_mode: None,
        tiers: None,
        transform_quantity: None,
        tax_behavior: TaxBehavior::Unspecified,
        upsell: None,
        nickname: None,
    }
}

pub fn recurring_price(id: &str, product: &str, amount: i64, interval: Interval) -> Price {
    Price {
        price_type: PriceType::Recurring,
        recurring: Some(Recurring {
            interval,
            interval_count: 1,
            usage_type: UsageType::Licensed,
        }),
        ..one_time_price(id, product, amount)
    }
}

pub fn percent_coupon(
    id: &str,
    percent: f64,
    duration: CouponDuration,
    months: Option<u32>,
) -> Coupon {
    Coupon {
        id: id.into(),
        object: "coupon".into(),
        name: Some(format!("{percent}% off")),
        percent_off: Some(percent),
        amount_off: None,
        currency: None,
        duration,
        duration_in_months: months,
    }
}

/// The refusal inside a failed rule's error (a store failure fails the test).
pub trait Refusal {
    fn refusal(self) -> crate::RuleError;
}

impl Refusal for crate::RuleError {
    fn refusal(self) -> crate::RuleError {
        self
    }
}

impl Refusal for crate::Error {
    fn refusal(self) -> crate::RuleError {
        match self {
            crate::Error::Rule(e) => e,
            crate::Error::Store(e) => panic!("a store failure, not a refusal: {e}"),
        }
    }
}
