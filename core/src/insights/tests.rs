//! The facts a completion records, and how the queries' sums become Insights.

use super::*;
use crate::catalog::CouponDuration;
use crate::session::*;
use crate::testing::percent_coupon;
use crate::tests::{demo_catalog, ids, item, params};
use crate::view::*;

fn monthly_session(cat: &dyn Catalog) -> Session {
    let p = params(Mode::Subscription, vec![item("price_m", 1)]);
    create_session("cs_1".into(), &p, cat, &mut ids()).unwrap()
}

#[test]
fn a_checkout_offered_the_upsell_that_declined_it_and_added_nothing() {
    let cat = demo_catalog();
    let facts = completion_facts(&monthly_session(&cat), &cat).unwrap();
    assert_eq!(facts.amount_total, 10_000);
    assert_eq!(
        facts.upsell,
        Some(UpsellFact {
            taken: false,
            added: 0
        })
    );
    // Only the one-time cross-sell is offered beside an eligible upsell.
    assert_eq!(
        facts.cross_sells,
        [CrossSellFact {
            product: "prod_svc".into(),
            attached: false,
            added: 0
        }]
    );
}

#[test]
fn the_upsell_and_a_cross_sell_add_what_they_put_on_todays_bill() {
    let cat = demo_catalog();
    let s = select_upsell(&monthly_session(&cat), &cat, true).unwrap();
    let s = add_cross_sell(&s, &cat, "prod_svc", &mut ids()).unwrap();
    let facts = completion_facts(&s, &cat).unwrap();
    assert_eq!(facts.amount_total, 100_000 + 50_000);
    // $1,000 yearly instead of $100 monthly: $900 more due today.
    assert_eq!(
        facts.upsell,
        Some(UpsellFact {
            taken: true,
            added: 90_000
        })
    );
    assert_eq!(facts.cross_sells[0].added, 50_000);
    assert!(facts.cross_sells[0].attached);
}

#[test]
fn a_coupon_counts_what_is_left_after_it_and_a_trial_defers_the_upsell() {
    let cat = demo_catalog().with_coupon(percent_coupon(
        "coupon_quarter",
        25.0,
        CouponDuration::Once,
        None,
    ));
    let mut p = params(Mode::Subscription, vec![item("price_m", 1)]);
    p.discounts = vec![DiscountParams {
        coupon: "coupon_quarter".into(),
    }];
    let s = create_session("cs_2".into(), &p, &cat, &mut ids()).unwrap();
    let s = select_upsell(&s, &cat, true).unwrap();
    let s = add_cross_sell(&s, &cat, "prod_svc", &mut ids()).unwrap();
    let facts = completion_facts(&s, &cat).unwrap();
    assert_eq!(facts.upsell.unwrap().added, 67_500);
    assert_eq!(facts.cross_sells[0].added, 37_500);

    let mut p = params(Mode::Subscription, vec![item("price_m", 1)]);
    p.subscription_data = Some(SubscriptionData {
        trial_period_days: Some(14),
    });
    let s = create_session("cs_3".into(), &p, &cat, &mut ids()).unwrap();
    let s = select_upsell(&s, &cat, true).unwrap();
    let facts = completion_facts(&s, &cat).unwrap();
    assert_eq!(
        facts.upsell,
        Some(UpsellFact {
            taken: true,
            added: 0
        })
    );
}

#[test]
fn a_session_without_an_upsell_offer_is_not_counted_in_the_take_rate() {
    let cat = demo_catalog();
    let p = params(Mode::Payment, vec![item("price_book", 2)]);
    let s = create_session("cs_4".into(), &p, &cat, &mut ids()).unwrap();
    let facts = completion_facts(&s, &cat).unwrap();
    assert_eq!(facts.upsell, None);
    assert!(facts.cross_sells.is_empty());
    assert_eq!(facts.amount_total, 3_000);
}

#[test]
fn rates_round_half_up_to_a_tenth_of_a_percent_and_nothing_offered_is_no_rate() {
    assert_eq!(Rate { count: 3, of: 7 }.percent_text(), "42.9%");
    assert_eq!(Rate { count: 1, of: 8 }.percent_text(), "12.5%");
    assert_eq!(Rate { count: 1, of: 2000 }.percent_text(), "0.1%");
    assert_eq!(Rate { count: 1, of: 2001 }.percent_text(), "0.0%");
    assert_eq!(Rate { count: 5, of: 5 }.percent_text(), "100.0%");
    assert_eq!(Rate { count: 0, of: 0 }.per_mille(), None);
    assert_eq!(Rate { count: 0, of: 0 }.percent_text(), "—");
}

#[test]
fn periods_are_1_to_366_days_back_from_now_included() {
    assert_eq!(
        period(30, 3_000_000),
        Some((3_000_001 - 30 * DAY_SECS, 3_000_001))
    );
    assert_eq!(period(0, 3_000_000), None);
    assert_eq!(period(367, 3_000_000), None);
}

#[test]
fn assembling_sums_currencies_and_fills_every_day_of_the_period() {
    let now = 20_000 * DAY_SECS + 3_600; // 1 hour into day 20000
    let (from, to) = period(3, now).unwrap();
    let insights = Insights::assemble(
        (from, to),
        false,
        vec![
            CurrencyTotals {
                currency: "eur".into(),
                completed: 1,
                amount_total: 5_000,
                upsell_offered: 1,
                upsell_taken: 0,
                upsell_added: 0,
                cross_sells_added: 0,
                promotion_discount: 0,
            },
            CurrencyTotals {
                currency: "usd".into(),
                completed: 3,
                amount_total: 250_000,
                upsell_offered: 2,
                upsell_taken: 1,
                upsell_added: 90_000,
                cross_sells_added: 50_000,
                promotion_discount: 12_500,
            },
        ],
        vec![
            CrossSellTotals {
                product: "prod_svc".into(),
                currency: "usd".into(),
                offered: 3,
                attached: 1,
                added: 50_000,
            },
            CrossSellTotals {
                product: "prod_svc".into(),
                currency: "eur".into(),
                offered: 1,
                attached: 0,
                added: 0,
            },
        ],
        vec![
            OptionalItemTotals {
                product: "prod_book".into(),
                offered: 2,
                attached: 1,
            },
            OptionalItemTotals {
                product: "prod_addon".into(),
                offered: 4,
                attached: 1,
            },
        ],
        vec![
            DayTotals {
                day: 19_998,
                currency: "usd".into(),
                completed: 2,
                added: 140_000,
            },
            DayTotals {
                day: 20_000,
                currency: "eur".into(),
                completed: 1,
                added: 0,
            },
            DayTotals {
                day: 20_000,
                currency: "usd".into(),
                completed: 1,
                added: 0,
            },
        ],
    );
    assert_eq!(insights.completed, 4);
    assert_eq!(insights.upsell_take_rate, Rate { count: 1, of: 3 });
    assert_eq!(insights.revenue[0].currency, "usd");
    assert_eq!(insights.revenue[0].upsells, 90_000);
    assert_eq!(insights.revenue[0].promotion_discounts, 12_500);
    // Optional items: most offered first, each with its attach rate.
    let optional: Vec<_> = insights
        .optional_items
        .iter()
        .map(|o| (o.product.as_str(), o.attach_rate))
        .collect();
    assert_eq!(
        optional,
        [
            ("prod_addon", Rate { count: 1, of: 4 }),
            ("prod_book", Rate { count: 1, of: 2 })
        ]
    );
    assert_eq!(insights.cross_sells.len(), 1);
    assert_eq!(
        insights.cross_sells[0].attach_rate,
        Rate { count: 1, of: 4 }
    );
    assert_eq!(insights.cross_sells[0].added.len(), 2);
    // The period starts 1 hour into day 19997 and ends 1 hour into day 20000: four days.
    let days: Vec<_> = insights.days.iter().map(|d| (d.day, d.completed)).collect();
    assert_eq!(days, [(19_997, 0), (19_998, 2), (19_999, 0), (20_000, 2)]);
    assert_eq!(insights.days[3].added.len(), 2);
}

#[test]
fn a_completion_records_its_promotion_discount_and_every_optional_item() {
    let mut cat = demo_catalog();
    cat.promotion_codes.insert(
        "promo_1".into(),
        crate::promotion::PromotionCode {
            id: "promo_1".into(),
            object: "promotion_code".into(),
            code: "HALF".into(),
            coupon: "coupon_half".into(),
            active: true,
            max_redemptions: None,
            expires_at: None,
            restrictions: Default::default(),
            times_redeemed: 0,
        },
    );
    let mut p = params(Mode::Subscription, vec![item("price_m", 1)]);
    p.allow_promotion_codes = Some(true);
    p.optional_items = vec![
        OptionalItemParams {
            price: "price_book".into(),
            quantity: 1,
            adjustable_quantity: None,
        },
        OptionalItemParams {
            price: "price_addon".into(),
            quantity: 1,
            adjustable_quantity: None,
        },
    ];
    let s = create_session("cs_1".into(), &p, &cat, &mut ids()).unwrap();
    let code = cat.promotion_codes["promo_1"].clone();
    let s = apply_promotion_code(&s, &cat, Some(&code), 0).unwrap();
    let mut gen = |p: &str| format!("{p}_added");
    let s = add_optional_item(&s, &cat, "price_book", &mut gen).unwrap();
    let facts = completion_facts(&s, &cat).unwrap();
    // Half of $100 + $15, due today.
    assert_eq!(
        (facts.amount_total, facts.promotion_discount),
        (5_750, 5_750)
    );
    assert_eq!(
        facts.optional_items,
        [
            OptionalItemFact {
                product: "prod_book".into(),
                attached: true
            },
            OptionalItemFact {
                product: "prod_addon".into(),
                attached: false
            },
        ]
    );
    // Without a code, no promotion discount (a merchant's `discounts` are not codes).
    let plain = completion_facts(&monthly_session(&cat), &cat).unwrap();
    assert_eq!(plain.promotion_discount, 0);
}
