//! Subscription upsells (§3.2, seed 003): configurability, savings and the display rule.

use crate::amounts::{cycle_length, price_amount};
use crate::catalog::Price;
use crate::error::{Code, RuleError};
use crate::money::{self, MoneyError};
use serde::{Deserialize, Serialize};

/// The savings label shows the formatted amount when it has at most this many characters,
/// otherwise the percentage ("Checkout displays the savings as an amount or a percentage,
/// depending on the character length of the savings").
pub const SAVINGS_AMOUNT_MAX_CHARS: usize = 6;

/// Which figure the savings label shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SavingsLabel {
    Amount,
    Percent,
}

/// The §3.2 display rule: given the amount as formatted for the buyer (`$200`, `200 $`,
/// `$1,234.50`), answer whether the label shows it or the percentage. Characters are
/// counted as Unicode scalar values, so a non-breaking space counts once.
pub fn savings_label(formatted_amount: &str) -> SavingsLabel {
    if formatted_amount.chars().count() <= SAVINGS_AMOUNT_MAX_CHARS {
        SavingsLabel::Amount
    } else {
        SavingsLabel::Percent
    }
}

/// What the buyer saves over one cycle of the upsell price, before discounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Savings {
    /// In the currency's minor unit.
    pub amount: i64,
    /// `floor(100 × amount / cost of the current price over the upsell's cycle)`.
    pub percent: u32,
}

/// Checks that `price` may name an upsell at all (§3.2: recurring and not metered),
/// whatever the upsell.
pub fn check_upsell_source(price: &Price) -> Result<(), RuleError> {
    let refuse = |code: Code, msg: &str| Err(RuleError::new(code, msg).param("upsell"));
    if !price.is_recurring() {
        return refuse(
            Code::UpsellSourceNotRecurring,
            "only a recurring price can name an upsell",
        );
    }
    if price.is_metered() {
        return refuse(Code::UpsellMetered, "a metered price cannot name an upsell");
    }
    Ok(())
}

/// Checks that `upsell` may be configured as the upsell of `price`, naming the first
/// criterion of §3.2 that fails with its own code. The engine accepts an upsell exactly
/// when this passes, and the dashboard offers exactly the prices that pass it
/// ([`crate::eligibility`]).
pub fn check_upsell_config(price: &Price, upsell: &Price) -> Result<(), RuleError> {
    let refuse = |code: Code, msg: &str| Err(RuleError::new(code, msg).param("upsell"));
    check_upsell_source(price)?;
    if price.id == upsell.id {
        return refuse(Code::UpsellSamePrice, "a price cannot upsell to itself");
    }
    if !upsell.active {
        return refuse(Code::UpsellInactive, "the upsell price is not active");
    }
    if price.product != upsell.product {
        return refuse(
            Code::UpsellProductMismatch,
            "the upsell price must belong to the same product",
        );
    }
    if price.currency != upsell.currency {
        return refuse(
            Code::UpsellCurrencyMismatch,
            "the upsell price must have the same currency",
        );
    }
    if !upsell.is_recurring() {
        return refuse(
            Code::UpsellNotRecurring,
            "the upsell price must be recurring",
        );
    }
    if price.is_metered() || upsell.is_metered() {
        return refuse(
            Code::UpsellMetered,
            "metered prices cannot have or be upsells",
        );
    }
    if price.tax_behavior != upsell.tax_behavior {
        return refuse(
            Code::UpsellTaxBehaviorMismatch,
            "both prices must have the same tax_behavior",
        );
    }
    let up_tos = |p: &Price| {
        p.tiers
            .as_ref()
            .map(|t| t.iter().map(|t| t.up_to).collect::<Vec<_>>())
    };
    if up_tos(price) != up_tos(upsell) {
        return refuse(
            Code::UpsellTiersMismatch,
            "both prices must have the same tiers[].up_to sequence",
        );
    }
    let transform = |p: &Price| p.transform_quantity.map(|t| (t.divide_by, t.round));
    if transform(price) != transform(upsell) {
        return refuse(
            Code::UpsellTransformQuantityMismatch,
            "both prices must have the same transform_quantity divide_by and round",
        );
    }
    Ok(())
}

/// Savings of switching `quantity` units from `current` to `upsell` (§3.2), or `None`
/// when the cycles are not whole multiples of each other, not comparable (days vs.
/// months), or nothing is saved.
pub fn savings(
    current: &Price,
    upsell: &Price,
    quantity: u64,
) -> Result<Option<Savings>, MoneyError> {
    let (Some((ci, cc)), Some((ui, uc))) = (current.cycle(), upsell.cycle()) else {
        return Ok(None);
    };
    let (c_monthly, c_len) = cycle_length(ci, cc);
    let (u_monthly, u_len) = cycle_length(ui, uc);
    if c_monthly != u_monthly || c_len == 0 || u_len % c_len != 0 {
        return Ok(None);
    }
    let ratio = u_len / c_len;
    let current_over_cycle = money::mul(price_amount(current, quantity)?, ratio)?;
    let upsell_cost = price_amount(upsell, quantity)?;
    let amount = money::sub(current_over_cycle, upsell_cost)?;
    if amount <= 0 || current_over_cycle <= 0 {
        return Ok(None);
    }
    let percent = (i128::from(amount) * 100 / i128::from(current_over_cycle)) as u32;
    Ok(Some(Savings { amount, percent }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::*;
    use crate::testing::*;

    fn monthly() -> Price {
        recurring_price("price_m", "prod_a", 10_000, Interval::Month)
    }
    fn yearly() -> Price {
        recurring_price("price_y", "prod_a", 100_000, Interval::Year)
    }

    #[test]
    fn the_seed_example_saves_200_usd_or_16_percent() {
        assert_eq!(
            savings(&monthly(), &yearly(), 1),
            Ok(Some(Savings {
                amount: 20_000,
                percent: 16
            }))
        );
        assert_eq!(
            savings(&monthly(), &yearly(), 3),
            Ok(Some(Savings {
                amount: 60_000,
                percent: 16
            }))
        );
    }

    #[test]
    fn no_savings_when_the_cycle_ratio_is_not_whole() {
        let mut seven_months = yearly();
        seven_months.recurring = Some(Recurring {
            interval: Interval::Month,
            interval_count: 7,
            usage_type: UsageType::Licensed,
        });
        let mut five_months = monthly();
        five_months.recurring = Some(Recurring {
            interval: Interval::Month,
            interval_count: 5,
            usage_type: UsageType::Licensed,
        });
        assert_eq!(savings(&five_months, &seven_months, 1), Ok(None));
        // days vs months are not comparable
        let weekly = recurring_price("price_w", "prod_a", 2_500, Interval::Week);
        assert_eq!(savings(&weekly, &yearly(), 1), Ok(None));
        // weeks and days are: 7 × 1 day vs 1 week
        let daily = recurring_price("price_d", "prod_a", 500, Interval::Day);
        assert_eq!(
            savings(&daily, &weekly, 1),
            Ok(Some(Savings {
                amount: 1_000,
                percent: 28
            }))
        );
    }

    #[test]
    fn no_savings_when_the_upsell_costs_as_much_or_more() {
        let mut pricey = yearly();
        pricey.unit_amount = Some(120_000);
        assert_eq!(savings(&monthly(), &pricey, 1), Ok(None));
        pricey.unit_amount = Some(119_999);
        assert_eq!(
            savings(&monthly(), &pricey, 1),
            Ok(Some(Savings {
                amount: 1,
                percent: 0
            }))
        );
    }

    #[test]
    fn display_threshold_is_six_characters() {
        assert_eq!(SAVINGS_AMOUNT_MAX_CHARS, 6);
        assert_eq!(savings_label("$200"), SavingsLabel::Amount);
        assert_eq!(savings_label("$19.90"), SavingsLabel::Amount); // exactly 6
        assert_eq!(savings_label("200\u{a0}$"), SavingsLabel::Amount);
        assert_eq!(savings_label("$199.90"), SavingsLabel::Percent); // 7
        assert_eq!(savings_label("1.234\u{a0}$"), SavingsLabel::Percent);
    }

    #[test]
    fn a_valid_configuration_passes() {
        assert_eq!(check_upsell_config(&monthly(), &yearly()), Ok(()));
    }

    fn refused(price: &Price, upsell: &Price) -> Code {
        check_upsell_config(price, upsell).unwrap_err().code
    }

    #[test]
    fn each_criterion_refuses_with_its_own_code() {
        let one_time = one_time_price("price_o", "prod_a", 100);
        assert_eq!(
            refused(&one_time, &yearly()),
            Code::UpsellSourceNotRecurring
        );
        assert_eq!(refused(&monthly(), &monthly()), Code::UpsellSamePrice);
        let mut inactive = yearly();
        inactive.active = false;
        assert_eq!(refused(&monthly(), &inactive), Code::UpsellInactive);
        let mut other_product = yearly();
        other_product.product = "prod_b".into();
        assert_eq!(
            refused(&monthly(), &other_product),
            Code::UpsellProductMismatch
        );
        let mut eur = yearly();
        eur.currency = "eur".into();
        assert_eq!(refused(&monthly(), &eur), Code::UpsellCurrencyMismatch);
        let mut one_time_upsell = one_time_price("price_y", "prod_a", 100);
        one_time_upsell.id = "price_y".into();
        assert_eq!(
            refused(&monthly(), &one_time_upsell),
            Code::UpsellNotRecurring
        );
        let mut metered = yearly();
        metered.recurring.as_mut().unwrap().usage_type = UsageType::Metered;
        assert_eq!(refused(&monthly(), &metered), Code::UpsellMetered);
        assert_eq!(refused(&metered, &monthly()), Code::UpsellMetered);
        let mut taxed = yearly();
        taxed.tax_behavior = TaxBehavior::Exclusive;
        assert_eq!(refused(&monthly(), &taxed), Code::UpsellTaxBehaviorMismatch);
        let mut tiered = yearly();
        tiered.billing_scheme = BillingScheme::Tiered;
        tiered.tiers_mode = Some(TiersMode::Volume);
        tiered.tiers = Some(vec![Tier {
            up_to: None,
            unit_amount: Some(100_000),
            flat_amount: None,
        }]);
        assert_eq!(refused(&monthly(), &tiered), Code::UpsellTiersMismatch);
        let mut tiered_m = monthly();
        tiered_m.billing_scheme = BillingScheme::Tiered;
        tiered_m.tiers_mode = Some(TiersMode::Volume);
        tiered_m.tiers = Some(vec![
            Tier {
                up_to: Some(5),
                unit_amount: Some(100),
                flat_amount: None,
            },
            Tier {
                up_to: None,
                unit_amount: Some(90),
                flat_amount: None,
            },
        ]);
        assert_eq!(refused(&tiered_m, &tiered), Code::UpsellTiersMismatch);
        tiered.tiers = Some(vec![
            Tier {
                up_to: Some(5),
                unit_amount: Some(1000),
                flat_amount: None,
            },
            Tier {
                up_to: None,
                unit_amount: Some(900),
                flat_amount: None,
            },
        ]);
        assert_eq!(
            check_upsell_config(&tiered_m, &tiered),
            Ok(()),
            "same up_to sequence passes"
        );
        let mut transformed = yearly();
        transformed.transform_quantity = Some(TransformQuantity {
            divide_by: 5,
            round: Round::Up,
        });
        assert_eq!(
            refused(&monthly(), &transformed),
            Code::UpsellTransformQuantityMismatch
        );
        let mut transformed_m = monthly();
        transformed_m.transform_quantity = Some(TransformQuantity {
            divide_by: 5,
            round: Round::Down,
        });
        assert_eq!(
            refused(&transformed_m, &transformed),
            Code::UpsellTransformQuantityMismatch
        );
        transformed_m.transform_quantity = Some(TransformQuantity {
            divide_by: 5,
            round: Round::Up,
        });
        assert_eq!(check_upsell_config(&transformed_m, &transformed), Ok(()));
    }
}
