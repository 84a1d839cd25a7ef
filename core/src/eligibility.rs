//! What the merchant dashboard offers (§7), decided by the same checks the engine applies
//! when it accepts a configuration: a product or price the dashboard lists is never
//! refused by the engine, and one it hides is never accepted.

use crate::catalog::{Price, Product};
use crate::cross_sell::{check_cross_sell_config, CrossSellTarget};
use crate::upsell::{check_upsell_config, check_upsell_source};
use crate::RuleError;

/// The products the dashboard offers in "Add a cross-sell" for `product`: exactly those
/// whose addition to its configuration the engine accepts (§3.1 "configurable": another
/// active product with exactly one active price, not configured yet, while fewer than 10
/// are). `catalog` holds every product with its active prices. While the configuration
/// as it stands is no longer accepted (a configured product was archived or gained a
/// second price), nothing can be added until that one is removed.
pub fn cross_sell_options<'a>(
    product: &Product,
    catalog: &'a [(Product, Vec<Price>)],
) -> Vec<&'a Product> {
    let configured: Vec<CrossSellTarget> = product
        .cross_sells
        .iter()
        .map(|id| match catalog.iter().find(|(p, _)| &p.id == id) {
            Some((p, prices)) => CrossSellTarget::of(p, prices.clone()),
            None => CrossSellTarget {
                id: id.clone(),
                active: false,
                prices: vec![],
            },
        })
        .collect();
    catalog
        .iter()
        .filter(|(p, _)| !product.cross_sells.contains(&p.id))
        .filter(|(p, prices)| {
            let mut next = configured.clone();
            next.push(CrossSellTarget::of(p, prices.clone()));
            check_cross_sell_config(&product.id, &next).is_ok()
        })
        .map(|(p, _)| p)
        .collect()
}

/// The prices the dashboard offers in "Upsell price" for `price`: exactly those the
/// engine accepts as its upsell (§3.2), from `candidates` (the prices of its product).
pub fn upsell_options<'a>(price: &Price, candidates: &'a [Price]) -> Vec<&'a Price> {
    candidates
        .iter()
        .filter(|c| check_upsell_config(price, c).is_ok())
        .collect()
}

/// Why `price` cannot have an upsell at all (one-time, or metered), if it cannot.
pub fn upsell_unavailable(price: &Price) -> Option<RuleError> {
    check_upsell_source(price).err()
}

/// The price a product's "Customer preview" shows unless the merchant picks another
/// (§7): of `prices` (in the order the dashboard lists them), the first active recurring
/// price that has an upsell, so the preview shows the switch the merchant just set up;
/// else the first active price; `None` when none is active.
pub fn preview_price(prices: &[Price]) -> Option<&Price> {
    let mut active = prices.iter().filter(|p| p.active);
    prices
        .iter()
        .find(|p| p.active && p.is_recurring() && p.upsell.is_some())
        .or_else(|| active.next())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::*;
    use crate::testing::*;
    use crate::Code;

    /// The engine's answer to adding `candidate` to `product`'s cross-sells.
    fn engine_accepts_cross_sell(
        product: &Product,
        candidate: &str,
        catalog: &[(Product, Vec<Price>)],
    ) -> bool {
        let target = |id: &String| {
            catalog
                .iter()
                .find(|(p, _)| &p.id == id)
                .map(|(p, prices)| CrossSellTarget::of(p, prices.clone()))
                .unwrap()
        };
        let mut ids = product.cross_sells.clone();
        ids.push(candidate.to_string());
        check_cross_sell_config(&product.id, &ids.iter().map(target).collect::<Vec<_>>()).is_ok()
    }

    #[test]
    fn the_preview_shows_the_first_recurring_price_with_an_upsell() {
        let yearly = recurring_price("price_year", "prod", 100_000, Interval::Year);
        let mut monthly = recurring_price("price_month", "prod", 10_000, Interval::Month);
        let euro = recurring_price("price_eur", "prod", 9_000, Interval::Month);
        let setup = one_time_price("price_setup", "prod", 500);
        // No upsell anywhere: the first active price, whatever it is.
        let plain = [yearly.clone(), monthly.clone(), setup.clone()];
        assert_eq!(
            preview_price(&plain).map(|p| p.id.as_str()),
            Some("price_year")
        );
        // The monthly price has the upsell: it wins over a yearly or foreign price listed first.
        monthly.upsell = Some("price_year".into());
        let listed = [euro.clone(), yearly.clone(), setup.clone(), monthly.clone()];
        assert_eq!(
            preview_price(&listed).map(|p| p.id.as_str()),
            Some("price_month")
        );
        // An archived price is never previewed, upsell or not.
        let mut archived = monthly.clone();
        archived.active = false;
        let mut old_setup = setup.clone();
        old_setup.active = false;
        let listed = [old_setup, archived, yearly.clone()];
        assert_eq!(
            preview_price(&listed).map(|p| p.id.as_str()),
            Some("price_year")
        );
        let mut gone = yearly;
        gone.active = false;
        assert_eq!(preview_price(&[gone]), None);
        assert_eq!(preview_price(&[]), None);
    }

    #[test]
    fn the_cross_sell_list_is_exactly_what_the_engine_accepts() {
        let active = |p: &Price| p.active;
        let mut archived = product("prod_archived", "Archived", &[]);
        archived.active = false;
        let mut retired = one_time_price("price_e_old", "prod_e", 100);
        retired.active = false;
        let prices = [
            recurring_price("price_main", "prod_main", 1000, Interval::Month),
            one_time_price("price_a", "prod_a", 100),
            one_time_price("price_b1", "prod_b", 100),
            one_time_price("price_b2", "prod_b", 200),
            one_time_price("price_archived", "prod_archived", 100),
            retired,
            recurring_price("price_e", "prod_e", 100, Interval::Month),
            one_time_price("price_f", "prod_f", 100),
        ];
        let products = [
            product("prod_main", "Main", &["prod_f"]),
            product("prod_a", "One price", &[]),
            product("prod_b", "Two prices", &[]),
            archived,
            product("prod_d", "No price", &[]),
            product("prod_e", "One active of two", &[]),
            product("prod_f", "Configured", &[]),
        ];
        let catalog: Vec<(Product, Vec<Price>)> = products
            .iter()
            .map(|p| {
                let own = prices.iter().filter(|x| x.product == p.id && active(x));
                (p.clone(), own.cloned().collect())
            })
            .collect();
        let main = &catalog[0].0;
        let offered: Vec<&str> = cross_sell_options(main, &catalog)
            .iter()
            .map(|p| p.id.as_str())
            .collect();
        assert_eq!(offered, ["prod_a", "prod_e"]);
        for (p, _) in catalog
            .iter()
            .filter(|(p, _)| !main.cross_sells.contains(&p.id))
        {
            assert_eq!(
                offered.contains(&p.id.as_str()),
                engine_accepts_cross_sell(main, &p.id, &catalog),
                "{}: the dashboard and the engine disagree",
                p.id
            );
        }
        // Ten configured: nothing more is offered, and the engine takes no eleventh.
        let mut full = main.clone();
        full.cross_sells = (0..10).map(|_| "prod_f".to_string()).collect();
        assert!(cross_sell_options(&full, &catalog).is_empty());
        assert!(!engine_accepts_cross_sell(&full, "prod_a", &catalog));
        // A configured product archived since: nothing can be added until it is removed,
        // and the engine refuses any list that keeps it.
        let mut stale = main.clone();
        stale.cross_sells = vec!["prod_archived".into()];
        assert!(cross_sell_options(&stale, &catalog).is_empty());
        assert!(!engine_accepts_cross_sell(&stale, "prod_a", &catalog));
    }

    #[test]
    fn the_upsell_list_is_exactly_what_the_engine_accepts() {
        let monthly = recurring_price("price_m", "prod_main", 10_000, Interval::Month);
        let variant = |id: &str, f: &dyn Fn(&mut Price)| {
            let mut p = recurring_price(id, "prod_main", 100_000, Interval::Year);
            f(&mut p);
            p
        };
        let tiers = vec![Tier {
            up_to: Some(10),
            unit_amount: Some(100),
            flat_amount: None,
        }];
        let candidates = vec![
            monthly.clone(),
            variant("price_yearly", &|_| {}),
            variant("price_weekly", &|p| {
                p.recurring.as_mut().unwrap().interval = Interval::Week
            }),
            variant("price_eur", &|p| p.currency = "eur".into()),
            variant("price_other_product", &|p| p.product = "prod_other".into()),
            variant("price_inactive", &|p| p.active = false),
            variant("price_once", &|p| {
                p.price_type = PriceType::OneTime;
                p.recurring = None
            }),
            variant("price_metered", &|p| {
                p.recurring.as_mut().unwrap().usage_type = UsageType::Metered
            }),
            variant("price_taxed", &|p| p.tax_behavior = TaxBehavior::Exclusive),
            variant("price_tiered", &|p| {
                p.billing_scheme = BillingScheme::Tiered;
                p.tiers_mode = Some(TiersMode::Volume);
                p.tiers = Some(tiers.clone());
                p.unit_amount = None
            }),
            variant("price_transformed", &|p| {
                p.transform_quantity = Some(TransformQuantity {
                    divide_by: 10,
                    round: Round::Up,
                })
            }),
        ];
        let offered: Vec<&str> = upsell_options(&monthly, &candidates)
            .iter()
            .map(|p| p.id.as_str())
            .collect();
        assert_eq!(offered, ["price_yearly", "price_weekly"]);
        for c in &candidates {
            assert_eq!(
                offered.contains(&c.id.as_str()),
                check_upsell_config(&monthly, c).is_ok(),
                "{}: the dashboard and the engine disagree",
                c.id
            );
        }
        assert_eq!(upsell_unavailable(&monthly), None);
        let once = &candidates[6];
        assert_eq!(
            upsell_unavailable(once).map(|e| e.code),
            Some(Code::UpsellSourceNotRecurring)
        );
        assert!(upsell_options(once, &candidates).is_empty());
        let metered = &candidates[7];
        assert_eq!(
            upsell_unavailable(metered).map(|e| e.code),
            Some(Code::UpsellMetered)
        );
        assert!(upsell_options(metered, &candidates).is_empty());
    }
}
