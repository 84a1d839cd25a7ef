//! Cross-sells (§3.1, seed 002): configurability and whether a session offers one.

use crate::catalog::{Interval, Price, Product};
use crate::error::{Code, RuleError};
use crate::session::tax_specified;
use crate::view::Mode;

/// Most cross-sells one product may name.
pub const MAX_CROSS_SELLS: usize = 10;

/// A product named as a cross-sell, as the configuration check sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct CrossSellTarget {
    pub id: String,
    pub active: bool,
    /// Its active prices.
    pub prices: Vec<Price>,
}

impl CrossSellTarget {
    pub fn of(product: &Product, active_prices: Vec<Price>) -> Self {
        CrossSellTarget {
            id: product.id.clone(),
            active: product.active,
            prices: active_prices,
        }
    }
}

/// Checks a product's cross-sell configuration (§3.1 "configurable"): at most 10, not
/// itself, and each named product is active with exactly one active price. The engine
/// accepts a configuration exactly when this passes, and the dashboard offers exactly the
/// products that keep it passing ([`crate::eligibility`]).
pub fn check_cross_sell_config(
    product_id: &str,
    cross_sells: &[CrossSellTarget],
) -> Result<(), RuleError> {
    if cross_sells.len() > MAX_CROSS_SELLS {
        return Err(RuleError::new(
            Code::TooManyCrossSells,
            format!("at most {MAX_CROSS_SELLS} cross-sells per product"),
        )
        .param("cross_sells"));
    }
    for (i, CrossSellTarget { id, active, prices }) in cross_sells.iter().enumerate() {
        let param = format!("cross_sells[{i}]");
        if id == product_id {
            return Err(
                RuleError::new(Code::CrossSellSelf, "a product cannot cross-sell itself")
                    .param(param),
            );
        }
        if !active {
            return Err(RuleError::new(
                Code::CrossSellInactive,
                format!("{id} is archived; a cross-sell must be an active product"),
            )
            .param(param));
        }
        if prices.len() != 1 {
            return Err(RuleError::new(
                Code::CrossSellPriceCount,
                format!(
                    "{id} has {} active prices; a cross-sell needs exactly one",
                    prices.len()
                ),
            )
            .param(param));
        }
    }
    Ok(())
}

/// What about a session decides which cross-sells it offers.
#[derive(Debug, Clone, PartialEq)]
pub struct OfferContext {
    pub mode: Mode,
    pub currency: String,
    pub automatic_tax: bool,
    pub upsell_eligible: bool,
    /// Interval and count shared by the session's recurring prices.
    pub recurring_cycle: Option<(Interval, u32)>,
    /// Products on line items that are not themselves cross-sells.
    pub original_products: Vec<String>,
}

/// Why a cross-sell is not offered: one variant per §3.1 condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotOffered {
    /// 1. The product is inactive or has not exactly one active price.
    PriceCount,
    /// 2. Its price's currency differs from the session's.
    Currency,
    /// 3a. Recurring price in a payment-mode session.
    RecurringInPayment,
    /// 3b. Recurring with another interval than the session's recurring prices.
    IntervalMismatch,
    /// 4. The session has an eligible upsell and the price is recurring.
    RecurringWithUpsell,
    /// 5. Automatic tax is on and the price's tax behavior is unspecified.
    TaxBehaviorUnspecified,
    /// 6. The product is already on a line item that is not a cross-sell.
    AlreadyInCart,
}

impl NotOffered {
    pub fn message(self) -> &'static str {
        match self {
            NotOffered::PriceCount => "the product does not have exactly one active price",
            NotOffered::Currency => "its price is in another currency",
            NotOffered::RecurringInPayment => "recurring prices need a subscription session",
            NotOffered::IntervalMismatch => "its billing interval differs from the subscription's",
            NotOffered::RecurringWithUpsell => {
                "with an upsell only one-time cross-sells are offered"
            }
            NotOffered::TaxBehaviorUnspecified => "automatic tax needs a price with a tax behavior",
            NotOffered::AlreadyInCart => "the product is already in the cart",
        }
    }
}

/// Decides whether `product` (with its `active_prices`) is offered; answers its price.
pub fn offer_check(
    ctx: &OfferContext,
    product: &Product,
    active_prices: &[Price],
) -> Result<Price, NotOffered> {
    let [price] = active_prices else {
        return Err(NotOffered::PriceCount);
    };
    if !product.active {
        return Err(NotOffered::PriceCount);
    }
    if price.currency != ctx.currency {
        return Err(NotOffered::Currency);
    }
    if let Some(cycle) = price.cycle() {
        if ctx.mode != Mode::Subscription {
            return Err(NotOffered::RecurringInPayment);
        }
        if ctx.recurring_cycle.is_some_and(|c| c != cycle) {
            return Err(NotOffered::IntervalMismatch);
        }
        if ctx.upsell_eligible {
            return Err(NotOffered::RecurringWithUpsell);
        }
    }
    if ctx.automatic_tax && !tax_specified(price.tax_behavior) {
        return Err(NotOffered::TaxBehaviorUnspecified);
    }
    if ctx.original_products.iter().any(|p| p == &product.id) {
        return Err(NotOffered::AlreadyInCart);
    }
    Ok(price.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::*;
    use crate::testing::*;

    fn ctx() -> OfferContext {
        OfferContext {
            mode: Mode::Subscription,
            currency: "usd".into(),
            automatic_tax: false,
            upsell_eligible: false,
            recurring_cycle: Some((Interval::Month, 1)),
            original_products: vec!["prod_main".into()],
        }
    }
    fn services() -> (Product, Price) {
        (
            product("prod_svc", "Services", &[]),
            one_time_price("price_svc", "prod_svc", 50_000),
        )
    }

    #[test]
    fn an_eligible_one_time_cross_sell_is_offered() {
        let (p, price) = services();
        assert_eq!(
            offer_check(&ctx(), &p, std::slice::from_ref(&price)),
            Ok(price)
        );
    }

    #[test]
    fn condition_1_exactly_one_active_price() {
        let (p, price) = services();
        let mut second = price.clone();
        second.id = "price_svc2".into();
        assert_eq!(
            offer_check(&ctx(), &p, &[price.clone(), second]),
            Err(NotOffered::PriceCount)
        );
        assert_eq!(offer_check(&ctx(), &p, &[]), Err(NotOffered::PriceCount));
        let mut inactive = p.clone();
        inactive.active = false;
        assert_eq!(
            offer_check(&ctx(), &inactive, &[price]),
            Err(NotOffered::PriceCount)
        );
    }

    #[test]
    fn condition_2_same_currency() {
        let (p, mut price) = services();
        price.currency = "eur".into();
        assert_eq!(offer_check(&ctx(), &p, &[price]), Err(NotOffered::Currency));
    }

    #[test]
    fn condition_3_recurring_needs_subscription_and_same_interval() {
        let p = product("prod_addon", "Add-on", &[]);
        let monthly = recurring_price("price_addon", "prod_addon", 1_000, Interval::Month);
        assert!(offer_check(&ctx(), &p, std::slice::from_ref(&monthly)).is_ok());
        let payment = OfferContext {
            mode: Mode::Payment,
            recurring_cycle: None,
            ..ctx()
        };
        assert_eq!(
            offer_check(&payment, &p, std::slice::from_ref(&monthly)),
            Err(NotOffered::RecurringInPayment)
        );
        let yearly = recurring_price("price_addon", "prod_addon", 1_000, Interval::Year);
        assert_eq!(
            offer_check(&ctx(), &p, &[yearly]),
            Err(NotOffered::IntervalMismatch)
        );
        let mut every_two = monthly.clone();
        every_two.recurring.as_mut().unwrap().interval_count = 2;
        assert_eq!(
            offer_check(&ctx(), &p, &[every_two]),
            Err(NotOffered::IntervalMismatch)
        );
    }

    #[test]
    fn condition_4_upsell_allows_only_one_time_cross_sells() {
        let with_upsell = OfferContext {
            upsell_eligible: true,
            ..ctx()
        };
        let p = product("prod_addon", "Add-on", &[]);
        let monthly = recurring_price("price_addon", "prod_addon", 1_000, Interval::Month);
        assert_eq!(
            offer_check(&with_upsell, &p, &[monthly]),
            Err(NotOffered::RecurringWithUpsell)
        );
        let (svc, price) = services();
        assert!(offer_check(&with_upsell, &svc, &[price]).is_ok());
    }

    #[test]
    fn condition_5_automatic_tax_needs_a_tax_behavior() {
        let taxed = OfferContext {
            automatic_tax: true,
            ..ctx()
        };
        let (p, mut price) = services();
        assert_eq!(
            offer_check(&taxed, &p, std::slice::from_ref(&price)),
            Err(NotOffered::TaxBehaviorUnspecified)
        );
        price.tax_behavior = TaxBehavior::Exclusive;
        assert!(offer_check(&taxed, &p, &[price]).is_ok());
    }

    #[test]
    fn condition_6_not_already_an_original_line_item() {
        let (p, price) = services();
        let has_it = OfferContext {
            original_products: vec!["prod_main".into(), "prod_svc".into()],
            ..ctx()
        };
        assert_eq!(
            offer_check(&has_it, &p, &[price]),
            Err(NotOffered::AlreadyInCart)
        );
    }

    fn target(id: &str, prices: Vec<Price>) -> CrossSellTarget {
        CrossSellTarget {
            id: id.into(),
            active: true,
            prices,
        }
    }

    #[test]
    fn configuration_needs_exactly_one_active_price_and_at_most_ten() {
        let one = vec![one_time_price("price_a", "prod_a", 1)];
        assert!(check_cross_sell_config("prod_main", &[target("prod_a", one.clone())]).is_ok());
        let two = vec![
            one_time_price("price_a", "prod_a", 1),
            one_time_price("price_b", "prod_a", 2),
        ];
        assert_eq!(
            check_cross_sell_config("prod_main", &[target("prod_a", two)])
                .unwrap_err()
                .code,
            Code::CrossSellPriceCount
        );
        assert_eq!(
            check_cross_sell_config("prod_main", &[target("prod_a", vec![])])
                .unwrap_err()
                .code,
            Code::CrossSellPriceCount
        );
        assert_eq!(
            check_cross_sell_config("prod_a", &[target("prod_a", one.clone())])
                .unwrap_err()
                .code,
            Code::CrossSellSelf
        );
        let eleven: Vec<_> = (0..11)
            .map(|i| target(&format!("prod_{i}"), one.clone()))
            .collect();
        assert_eq!(
            check_cross_sell_config("prod_main", &eleven)
                .unwrap_err()
                .code,
            Code::TooManyCrossSells
        );
        assert!(check_cross_sell_config("prod_main", &eleven[..10]).is_ok());
        let archived = CrossSellTarget {
            active: false,
            ..target("prod_a", one.clone())
        };
        assert_eq!(
            check_cross_sell_config("prod_main", &[archived])
                .unwrap_err()
                .code,
            Code::CrossSellInactive
        );
    }
}
