//! Session-level tests: creation, the §3.3 update, the widget's intents, totals, views.

use crate::catalog::*;
use crate::session::*;
use crate::testing::*;
use crate::view::*;
use crate::Code;
use proptest::prelude::*;

pub(crate) fn demo_catalog() -> MemCatalog {
    let mut monthly = recurring_price("price_m", "prod_pro", 10_000, Interval::Month);
    monthly.upsell = Some("price_y".into());
    MemCatalog::default()
        .with_product(product(
            "prod_pro",
            "Togethere Professional",
            &["prod_svc", "prod_addon"],
        ))
        .with_product(product(
            "prod_svc",
            "Professional Services: Deployment",
            &[],
        ))
        .with_product(product("prod_addon", "Priority Support", &[]))
        .with_product(product("prod_book", "Handbook", &[]))
        .with_price(monthly)
        .with_price(recurring_price(
            "price_y",
            "prod_pro",
            100_000,
            Interval::Year,
        ))
        .with_price(one_time_price("price_svc", "prod_svc", 50_000))
        .with_price(recurring_price(
            "price_addon",
            "prod_addon",
            2_000,
            Interval::Month,
        ))
        .with_price(one_time_price("price_book", "prod_book", 1_500))
        .with_coupon(percent_coupon(
            "coupon_half",
            50.0,
            CouponDuration::Repeating,
            Some(4),
        ))
}

pub(crate) fn ids() -> impl FnMut(&str) -> String {
    let mut n = 0;
    move |prefix: &str| {
        n += 1;
        format!("{prefix}_{n}")
    }
}

pub(crate) fn item(price: &str, quantity: u64) -> LineItemParams {
    LineItemParams {
        price: Some(price.into()),
        quantity: Some(quantity),
        ..Default::default()
    }
}

fn keep(id: &str) -> LineItemParams {
    LineItemParams {
        id: Some(id.into()),
        ..Default::default()
    }
}

pub(crate) fn params(mode: Mode, items: Vec<LineItemParams>) -> CreateSessionParams {
    CreateSessionParams {
        mode,
        line_items: items,
        locale: None,
        ..Default::default()
    }
}

fn demo_session(cat: &MemCatalog) -> Session {
    let mut p = params(Mode::Subscription, vec![item("price_m", 1)]);
    p.line_items[0].adjustable_quantity = Some(AdjustableQuantityParams {
        enabled: true,
        minimum: Some(1),
        maximum: Some(5),
    });
    create_session("cs_test".into(), &p, cat, &mut ids()).unwrap()
}

#[test]
fn demo_session_view_has_upsell_savings_and_one_time_cross_sell() {
    let cat = demo_catalog();
    let s = demo_session(&cat);
    let v = client_view(&s, &cat).unwrap();
    assert_eq!(v.amount_total, 10_000);
    assert_eq!(v.recurring.unwrap().amount, 10_000);
    let upsell = v.upsell.unwrap();
    assert_eq!(upsell.price.id, "price_y");
    assert_eq!(
        upsell.savings,
        Some(crate::upsell::Savings {
            amount: 20_000,
            percent: 16
        })
    );
    // With an eligible upsell only the one-time cross-sell is offered.
    let offered: Vec<_> = v
        .cross_sells
        .iter()
        .map(|c| c.product.id.as_str())
        .collect();
    assert_eq!(offered, ["prod_svc"]);
}

#[test]
fn selecting_the_upsell_keeps_id_and_quantity_and_switches_back() {
    let cat = demo_catalog();
    let s = set_quantity(&demo_session(&cat), &cat, "li_1", 3).unwrap();
    let yearly = select_upsell(&s, &cat, true).unwrap();
    assert_eq!(yearly.version, s.version + 1);
    assert_eq!(yearly.line_items[0].id, "li_1");
    assert_eq!(yearly.line_items[0].quantity, 3);
    assert_eq!(yearly.line_items[0].price, "price_y");
    let v = client_view(&yearly, &cat).unwrap();
    assert_eq!(v.amount_total, 300_000);
    assert!(v.upsell.as_ref().unwrap().selected);
    assert_eq!(v.recurring.unwrap().interval, Interval::Year);
    // Selecting again changes nothing.
    assert_eq!(select_upsell(&yearly, &cat, true).unwrap(), yearly);
    let back = select_upsell(&yearly, &cat, false).unwrap();
    assert_eq!(back.line_items[0].price, "price_m");
    assert_eq!(back.line_items[0].id, "li_1");
    assert_eq!(back.line_items, s.line_items);
}

#[test]
fn upsell_eligibility_needs_subscription_one_recurring_item_and_a_valid_config() {
    let cat = demo_catalog();
    // payment mode
    let pay = create_session(
        "cs".into(),
        &params(Mode::Payment, vec![item("price_book", 1)]),
        &cat,
        &mut ids(),
    )
    .unwrap();
    assert!(upsell_state(&pay, &cat).unwrap().is_none());
    assert_eq!(
        select_upsell(&pay, &cat, true).unwrap_err().refusal().code,
        Code::UpsellNotAvailable
    );
    // two recurring items
    let two = create_session(
        "cs".into(),
        &params(
            Mode::Subscription,
            vec![item("price_m", 1), item("price_addon", 1)],
        ),
        &cat,
        &mut ids(),
    )
    .unwrap();
    assert!(upsell_state(&two, &cat).unwrap().is_none());
    // stale configuration: the upsell price was deactivated after the session started
    let s = demo_session(&cat);
    let mut stale = cat.clone();
    stale.prices.get_mut("price_y").unwrap().active = false;
    assert!(upsell_state(&s, &stale).unwrap().is_none());
    assert!(client_view(&s, &stale).unwrap().upsell.is_none());
    // removing the upsell from the price affects new sessions only
    let mut removed = cat.clone();
    removed.prices.get_mut("price_m").unwrap().upsell = None;
    assert!(upsell_state(&s, &removed).unwrap().is_some());
    assert!(upsell_state(&demo_session(&removed), &removed)
        .unwrap()
        .is_none());
}

#[test]
fn cross_sell_add_and_remove() {
    let cat = demo_catalog();
    let s = demo_session(&cat);
    let added = add_cross_sell(&s, &cat, "prod_svc", &mut |_: &str| "li_cs".to_string()).unwrap();
    let li = added.line_items.last().unwrap();
    assert_eq!(li.source, LineItemSource::CrossSell);
    assert_eq!(li.quantity, 1);
    assert!(!li.adjustable_quantity.enabled);
    let v = client_view(&added, &cat).unwrap();
    assert_eq!(v.amount_total, 60_000);
    assert!(v
        .cross_sells
        .iter()
        .any(|c| c.product.id == "prod_svc" && c.added));
    // a cross-sell's quantity cannot be changed
    assert_eq!(
        set_quantity(&added, &cat, &li.id, 2)
            .unwrap_err()
            .refusal()
            .code,
        Code::QuantityNotAdjustable
    );
    // adding twice is refused (a resend is made safe by an Idempotency-Key instead)
    let twice = add_cross_sell(&added, &cat, "prod_svc", &mut ids())
        .unwrap_err()
        .refusal();
    assert_eq!(
        (twice.code, twice.param.as_deref()),
        (Code::CrossSellAlreadyAdded, Some("product"))
    );
    // not a candidate at all
    assert_eq!(
        add_cross_sell(&s, &cat, "prod_book", &mut ids())
            .unwrap_err()
            .refusal()
            .code,
        Code::CrossSellNotOffered
    );
    // configured but not offered (recurring while an upsell is eligible)
    assert_eq!(
        add_cross_sell(&s, &cat, "prod_addon", &mut ids())
            .unwrap_err()
            .refusal()
            .code,
        Code::CrossSellNotOffered
    );
    let removed = remove_cross_sell(&added, &cat, "prod_svc").unwrap();
    assert_eq!(removed.line_items, s.line_items);
    assert_eq!(removed.version, added.version + 1);
    let v = client_view(&removed, &cat).unwrap();
    assert!(v
        .cross_sells
        .iter()
        .any(|c| c.product.id == "prod_svc" && !c.added));
    assert_eq!(
        remove_cross_sell(&removed, &cat, "prod_svc")
            .unwrap_err()
            .refusal()
            .code,
        Code::CrossSellNotAdded
    );
}

#[test]
fn removing_a_cross_sell_from_config_affects_new_sessions_only() {
    let cat = demo_catalog();
    let s = demo_session(&cat);
    let mut changed = cat.clone();
    changed
        .products
        .get_mut("prod_pro")
        .unwrap()
        .cross_sells
        .clear();
    assert_eq!(cross_sells(&s, &changed).unwrap().len(), 1);
    assert!(cross_sells(&demo_session(&changed), &changed)
        .unwrap()
        .is_empty());
}

#[test]
fn recurring_cross_sell_is_offered_without_an_upsell() {
    let mut cat = demo_catalog();
    cat.prices.get_mut("price_m").unwrap().upsell = None;
    let s = demo_session(&cat);
    let offered: Vec<_> = cross_sells(&s, &cat)
        .unwrap()
        .into_iter()
        .map(|c| c.product.id)
        .collect();
    assert_eq!(offered, ["prod_svc", "prod_addon"]);
    let added = add_cross_sell(&s, &cat, "prod_addon", &mut ids()).unwrap();
    assert_eq!(
        client_view(&added, &cat).unwrap().recurring.unwrap().amount,
        12_000
    );
}

#[test]
fn quantity_rules() {
    let cat = demo_catalog();
    let s = demo_session(&cat);
    assert_eq!(
        set_quantity(&s, &cat, "li_1", 5).unwrap().line_items[0].quantity,
        5
    );
    assert_eq!(
        set_quantity(&s, &cat, "li_1", 6)
            .unwrap_err()
            .refusal()
            .code,
        Code::QuantityOutOfRange
    );
    assert_eq!(
        set_quantity(&s, &cat, "li_1", 0)
            .unwrap_err()
            .refusal()
            .code,
        Code::QuantityOutOfRange
    );
    assert_eq!(
        set_quantity(&s, &cat, "li_nope", 2)
            .unwrap_err()
            .refusal()
            .code,
        Code::ResourceMissing
    );
    let mut server_only = s.clone();
    server_only.permissions = UpdatePermission::ServerOnly;
    assert_eq!(
        set_quantity(&server_only, &cat, "li_1", 2)
            .unwrap_err()
            .refusal()
            .code,
        Code::PermissionDenied
    );
    assert!(
        !client_view(&server_only, &cat).unwrap().line_items[0]
            .adjustable_quantity
            .enabled
    );
    let fixed = create_session(
        "cs".into(),
        &params(Mode::Subscription, vec![item("price_m", 1)]),
        &cat,
        &mut ids(),
    )
    .unwrap();
    assert_eq!(
        set_quantity(&fixed, &cat, "li_1", 2)
            .unwrap_err()
            .refusal()
            .code,
        Code::QuantityNotAdjustable
    );
}

#[test]
fn retransmit_keep_update_add_remove_reorder() {
    let cat = demo_catalog();
    let s = create_session(
        "cs".into(),
        &params(
            Mode::Payment,
            vec![item("price_book", 1), item("price_svc", 2)],
        ),
        &cat,
        &mut ids(),
    )
    .unwrap();
    let mut gen = {
        let mut n = 100;
        move |p: &str| {
            n += 1;
            format!("{p}_{n}")
        }
    };
    // keep both unchanged: no-op, no version bump
    assert_eq!(
        update_line_items(&s, &cat, &[keep("li_1"), keep("li_2")], &mut gen).unwrap(),
        s
    );
    // update a quantity
    let u = update_line_items(
        &s,
        &cat,
        &[
            keep("li_1"),
            LineItemParams {
                id: Some("li_2".into()),
                quantity: Some(3),
                ..Default::default()
            },
        ],
        &mut gen,
    )
    .unwrap();
    assert_eq!((u.line_items[1].quantity, u.version), (3, 2));
    // add
    let a = update_line_items(
        &s,
        &cat,
        &[keep("li_1"), keep("li_2"), item("price_book", 4)],
        &mut gen,
    )
    .unwrap();
    assert_eq!(a.line_items.len(), 3);
    assert_eq!(a.line_items[2].quantity, 4);
    // remove
    let r = update_line_items(&s, &cat, &[keep("li_2")], &mut gen).unwrap();
    assert_eq!(
        r.line_items
            .iter()
            .map(|l| l.id.as_str())
            .collect::<Vec<_>>(),
        ["li_2"]
    );
    // reorder
    let o = update_line_items(&s, &cat, &[keep("li_2"), keep("li_1")], &mut gen).unwrap();
    assert_eq!(
        o.line_items
            .iter()
            .map(|l| l.id.as_str())
            .collect::<Vec<_>>(),
        ["li_2", "li_1"]
    );
    assert_eq!(o.version, 2);
}

#[test]
fn every_update_refusal_has_its_code() {
    let mut cat = demo_catalog();
    cat = cat.with_price(Price {
        active: false,
        ..one_time_price("price_old", "prod_book", 900)
    });
    cat = cat.with_price(Price {
        currency: "eur".into(),
        ..one_time_price("price_eur", "prod_book", 900)
    });
    cat = cat
        .with_product(Product {
            active: false,
            ..product("prod_gone", "Archived", &[])
        })
        .with_price(one_time_price("price_gone", "prod_gone", 900));
    let s = demo_session(&cat);
    let mut gen = ids();
    let code = |items: Vec<LineItemParams>, gen: &mut dyn FnMut(&str) -> String| {
        update_line_items(&s, &cat, &items, gen)
            .unwrap_err()
            .refusal()
            .code
    };
    assert_eq!(code(vec![keep("li_x")], &mut gen), Code::LineItemUnknown);
    assert_eq!(
        code(vec![keep("li_1"), keep("li_1")], &mut gen),
        Code::LineItemDuplicate
    );
    assert_eq!(
        code(vec![keep("li_1"), item("price_old", 1)], &mut gen),
        Code::PriceInactive
    );
    assert_eq!(
        code(vec![keep("li_1"), item("price_gone", 1)], &mut gen),
        Code::ProductInactive
    );
    assert_eq!(
        code(vec![keep("li_1"), item("price_eur", 1)], &mut gen),
        Code::CurrencyMismatch
    );
    assert_eq!(
        code(vec![keep("li_1"), item("price_nope", 1)], &mut gen),
        Code::ResourceMissing
    );
    assert_eq!(
        code(vec![item("price_book", 1)], &mut gen),
        Code::SubscriptionRequiresRecurring
    );
    assert_eq!(code(vec![], &mut gen), Code::LineItemsEmpty);
    assert_eq!(
        code(vec![keep("li_1"), item("price_y", 1)], &mut gen),
        Code::RecurringIntervalMismatch
    );
    assert_eq!(
        code(
            vec![LineItemParams {
                id: Some("li_1".into()),
                quantity: Some(6),
                ..Default::default()
            }],
            &mut gen
        ),
        Code::QuantityOutOfRange
    );
    assert_eq!(
        code(vec![keep("li_1"), item("price_book", 100)], &mut gen),
        Code::QuantityOutOfRange
    );
    assert_eq!(
        code(
            vec![LineItemParams {
                id: Some("li_1".into()),
                price: Some("price_m".into()),
                ..Default::default()
            }],
            &mut gen
        ),
        Code::LineItemAmbiguous
    );
    let many: Vec<_> = std::iter::once(keep("li_1"))
        .chain((0..100).map(|_| item("price_book", 1)))
        .collect();
    assert_eq!(code(many, &mut gen), Code::TooManyLineItems);
    let exactly_100: Vec<_> = std::iter::once(keep("li_1"))
        .chain((0..99).map(|_| item("price_book", 1)))
        .collect();
    assert_eq!(
        update_line_items(&s, &cat, &exactly_100, &mut gen)
            .unwrap()
            .line_items
            .len(),
        100
    );
    // a recurring price in payment mode
    let pay = create_session(
        "cs".into(),
        &params(Mode::Payment, vec![item("price_book", 1)]),
        &cat,
        &mut ids(),
    )
    .unwrap();
    assert_eq!(
        update_line_items(&pay, &cat, &[keep("li_1"), item("price_m", 1)], &mut gen)
            .unwrap_err()
            .refusal()
            .code,
        Code::RecurringPriceInPaymentMode
    );
    // only open sessions change
    let mut done = s.clone();
    done.status = Status::Complete;
    assert_eq!(
        update_line_items(&done, &cat, &[keep("li_1")], &mut gen)
            .unwrap_err()
            .refusal()
            .code,
        Code::SessionNotOpen
    );
    assert_eq!(
        select_upsell(&done, &cat, true).unwrap_err().refusal().code,
        Code::SessionNotOpen
    );
}

#[test]
fn quantity_maximum_is_configurable_up_to_999_999() {
    let cat = demo_catalog();
    let mut p = params(Mode::Payment, vec![item("price_book", 150_000)]);
    p.line_items[0].adjustable_quantity = Some(AdjustableQuantityParams {
        enabled: true,
        minimum: None,
        maximum: Some(999_999),
    });
    assert!(create_session("cs".into(), &p, &cat, &mut ids()).is_ok());
    p.line_items[0].adjustable_quantity = Some(AdjustableQuantityParams {
        enabled: true,
        minimum: None,
        maximum: Some(1_000_000),
    });
    assert_eq!(
        create_session("cs".into(), &p, &cat, &mut ids())
            .unwrap_err()
            .refusal()
            .code,
        Code::ParameterInvalid
    );
}

#[test]
fn coupons_discount_what_is_due_today() {
    let cat = demo_catalog();
    let mut p = params(Mode::Subscription, vec![item("price_m", 1)]);
    p.discounts = vec![DiscountParams {
        coupon: "coupon_half".into(),
    }];
    let s = create_session("cs".into(), &p, &cat, &mut ids()).unwrap();
    let v = client_view(&s, &cat).unwrap();
    assert_eq!(
        (
            v.amount_subtotal,
            v.total_details.amount_discount,
            v.amount_total
        ),
        (10_000, 5_000, 5_000)
    );
    assert_eq!(v.discounts[0].invoices, Some(4));
    // The repeating coupon applies to the whole first yearly invoice.
    let y = client_view(&select_upsell(&s, &cat, true).unwrap(), &cat).unwrap();
    assert_eq!((y.amount_subtotal, y.amount_total), (100_000, 50_000));
    assert_eq!(y.discounts[0].invoices, Some(1));
    assert_eq!(
        y.recurring.unwrap().amount,
        100_000,
        "recurring is before discounts"
    );
}

#[test]
fn amount_off_coupon_is_capped_and_spread() {
    let mut coupon = percent_coupon("coupon_10", 1.0, CouponDuration::Once, None);
    coupon.percent_off = None;
    coupon.amount_off = Some(1_001);
    coupon.currency = Some("usd".into());
    let cat = demo_catalog().with_coupon(coupon.clone());
    let mut p = params(
        Mode::Payment,
        vec![item("price_book", 1), item("price_svc", 1)],
    );
    p.discounts = vec![DiscountParams {
        coupon: "coupon_10".into(),
    }];
    let v = client_view(
        &create_session("cs".into(), &p, &cat, &mut ids()).unwrap(),
        &cat,
    )
    .unwrap();
    assert_eq!(v.total_details.amount_discount, 1_001);
    assert_eq!(
        v.line_items.iter().map(|l| l.amount_discount).sum::<i64>(),
        1_001
    );
    assert_eq!(v.amount_total, 51_500 - 1_001);
    coupon.amount_off = Some(10_000_000);
    let cat = cat.with_coupon(coupon);
    let v = client_view(
        &create_session("cs".into(), &p, &cat, &mut ids()).unwrap(),
        &cat,
    )
    .unwrap();
    assert_eq!(v.amount_total, 0, "never below zero");
    let mut eur = percent_coupon("coupon_eur", 1.0, CouponDuration::Once, None);
    eur.percent_off = None;
    eur.amount_off = Some(5);
    eur.currency = Some("eur".into());
    let cat = cat.with_coupon(eur);
    p.discounts = vec![DiscountParams {
        coupon: "coupon_eur".into(),
    }];
    assert_eq!(
        create_session("cs".into(), &p, &cat, &mut ids())
            .unwrap_err()
            .refusal()
            .code,
        Code::CouponCurrencyMismatch
    );
}

#[test]
fn trial_defers_recurring_items_but_not_one_time_items() {
    let cat = demo_catalog();
    let mut p = params(
        Mode::Subscription,
        vec![item("price_m", 1), item("price_svc", 1)],
    );
    p.subscription_data = Some(SubscriptionData {
        trial_period_days: Some(14),
    });
    let s = create_session("cs".into(), &p, &cat, &mut ids()).unwrap();
    let v = client_view(&s, &cat).unwrap();
    assert_eq!(v.amount_total, 50_000);
    assert_eq!(v.recurring.unwrap().amount, 10_000);
    assert_eq!(v.subscription_data.trial_period_days, Some(14));
    let y = select_upsell(&s, &cat, true).unwrap();
    assert_eq!(
        y.trial_period_days,
        Some(14),
        "the trial length never changes"
    );
    assert_eq!(client_view(&y, &cat).unwrap().amount_total, 50_000);
}

#[test]
fn zero_and_three_decimal_currencies_use_their_own_minor_units() {
    let jpy = Price {
        currency: "jpy".into(),
        ..one_time_price("price_jpy", "prod_book", 1_500)
    };
    let kwd = Price {
        currency: "kwd".into(),
        ..one_time_price("price_kwd", "prod_book", 12_345)
    };
    let cat = demo_catalog().with_price(jpy).with_price(kwd);
    let j = create_session(
        "cs".into(),
        &params(Mode::Payment, vec![item("price_jpy", 3)]),
        &cat,
        &mut ids(),
    )
    .unwrap();
    let jv = client_view(&j, &cat).unwrap();
    assert_eq!((jv.currency.as_str(), jv.amount_total), ("jpy", 4_500));
    let k = create_session(
        "cs".into(),
        &params(Mode::Payment, vec![item("price_kwd", 2)]),
        &cat,
        &mut ids(),
    )
    .unwrap();
    assert_eq!(client_view(&k, &cat).unwrap().amount_total, 24_690);
    assert_eq!(crate::money::exponent(&jv.currency), 0);
}

#[test]
fn cross_sell_config_snapshot_and_automatic_tax() {
    let cat = demo_catalog();
    let mut p = params(Mode::Subscription, vec![item("price_m", 1)]);
    p.automatic_tax = Some(AutomaticTaxParams { enabled: true });
    let s = create_session("cs".into(), &p, &cat, &mut ids()).unwrap();
    assert!(
        cross_sells(&s, &cat).unwrap().is_empty(),
        "unspecified tax behavior is not offered under automatic tax"
    );
}

// ---------- properties ----------

fn arb_session() -> impl Strategy<Value = (MemCatalog, Session)> {
    proptest::collection::vec((0_usize..4, 1_u64..=20), 1..12).prop_map(|lines| {
        let mut cat = MemCatalog::default();
        for i in 0..4 {
            cat = cat
                .with_product(product(&format!("prod_{i}"), "P", &[]))
                .with_price(one_time_price(
                    &format!("price_{i}"),
                    &format!("prod_{i}"),
                    100 + i as i64 * 1_234,
                ));
        }
        cat = cat.with_coupon(percent_coupon("coupon_p", 33.0, CouponDuration::Once, None));
        let mut p = params(
            Mode::Payment,
            lines
                .iter()
                .map(|(i, q)| item(&format!("price_{i}"), *q))
                .collect(),
        );
        p.discounts = vec![DiscountParams {
            coupon: "coupon_p".into(),
        }];
        let s = create_session("cs".into(), &p, &cat, &mut ids()).unwrap();
        (cat, s)
    })
}

proptest! {
    #[test]
    fn retransmitting_the_current_array_is_a_no_op((cat, s) in arb_session()) {
        let same: Vec<_> = s.line_items.iter().map(|l| keep(&l.id)).collect();
        prop_assert_eq!(update_line_items(&s, &cat, &same, &mut ids()).unwrap(), s.clone());
        let with_qty: Vec<_> = s.line_items.iter().map(|l| LineItemParams { id: Some(l.id.clone()), quantity: Some(l.quantity), ..Default::default() }).collect();
        prop_assert_eq!(update_line_items(&s, &cat, &with_qty, &mut ids()).unwrap(), s);
    }

    /// Random retransmitted arrays either succeed with every invariant intact or are
    /// refused with one of the §3.3 refusal codes, deterministically. (That a refusal leaves
    /// the session identical follows from the signature, `&Session` in and a new `Session`
    /// out; the HTTP tests show it where it can fail, byte for byte on the stored session.)
    #[test]
    fn random_updates_keep_invariants_or_are_refused_with_a_3_3_code(
        (cat, s) in arb_session(),
        ops in proptest::collection::vec((0_usize..6, 0_u64..120, any::<bool>()), 0..110),
    ) {
        let items: Vec<_> = ops.iter().map(|(k, q, by_id)| {
            if *by_id {
                let id = s.line_items.get(*k).map(|l| l.id.clone()).unwrap_or_else(|| "li_missing".into());
                LineItemParams { id: Some(id), quantity: Some(*q), ..Default::default() }
            } else {
                item(&format!("price_{k}"), *q)
            }
        }).collect();
        match update_line_items(&s, &cat, &items, &mut ids()).map_err(|e| e.refusal()) {
            Err(e) => {
                prop_assert!(
                    matches!(
                        e.code,
                        Code::LineItemUnknown | Code::LineItemDuplicate | Code::ResourceMissing | Code::QuantityOutOfRange
                            | Code::LineItemsEmpty | Code::TooManyLineItems
                    ),
                    "unexpected refusal {:?}", e
                );
                prop_assert_eq!(update_line_items(&s, &cat, &items, &mut ids()).unwrap_err().refusal(), e);
            }
            Ok(next) => {
                prop_assert!(!next.line_items.is_empty() && next.line_items.len() <= MAX_LINE_ITEMS);
                prop_assert!(next.line_items.iter().all(|l| (l.adjustable_quantity.minimum..=l.adjustable_quantity.maximum).contains(&l.quantity)));
                prop_assert!(next.version == s.version || next.version == s.version + 1);
            }
        }
    }

    #[test]
    fn total_is_the_sum_of_line_items_less_the_discount((cat, s) in arb_session()) {
        let v = client_view(&s, &cat).unwrap();
        let lines: i64 = v.line_items.iter().map(|l| l.amount_subtotal).sum();
        let discounts: i64 = v.line_items.iter().map(|l| l.amount_discount).sum();
        prop_assert_eq!(v.amount_subtotal, lines);
        prop_assert_eq!(v.total_details.amount_discount, discounts);
        prop_assert_eq!(v.amount_total, lines - discounts);
        prop_assert_eq!(v.line_items.iter().map(|l| l.amount_total).sum::<i64>(), v.amount_total);
    }
}

#[test]
fn sessions_expire_after_24_hours_by_default_or_when_the_merchant_says() {
    use crate::session::{session_expiry, SESSION_LIFETIME_SECS};
    let now = 1_800_000_000;
    assert_eq!(session_expiry(None, now), Ok(now + SESSION_LIFETIME_SECS));
    assert_eq!(session_expiry(Some(now + 1800), now), Ok(now + 1800));
    assert_eq!(session_expiry(Some(now + 86_400), now), Ok(now + 86_400));
    for bad in [now - 1, now, now + 1799, now + 86_401, i64::MAX] {
        let e = session_expiry(Some(bad), now).unwrap_err().refusal();
        assert_eq!(
            (e.code, e.param.as_deref()),
            (Code::ParameterInvalid, Some("expires_at"))
        );
    }
    let cat = demo_catalog();
    let mut s = demo_session(&cat);
    s.expires_at = Some(now + 10);
    let mut early = s.clone();
    early.lapse(now + 9);
    assert_eq!(early.status, Status::Open);
    assert_eq!(
        early.lapses_at(),
        Some(now + 10),
        "the moment it will lapse"
    );
    s.lapse(now + 10);
    assert_eq!(
        s.lapses_at(),
        None,
        "a lapsed session changes no more with time"
    );
    assert_eq!(
        s.status,
        Status::Expired,
        "open sessions lapse at expires_at"
    );
    let refused = select_upsell(&s, &cat, true).unwrap_err().refusal();
    assert_eq!(refused.code, Code::SessionNotOpen);
    let mut done = demo_session(&cat);
    done.status = Status::Complete;
    done.expires_at = Some(now);
    done.lapse(now + 1);
    assert_eq!(done.lapses_at(), None);
    assert_eq!(
        done.status,
        Status::Complete,
        "a completed session stays completed"
    );
}

/// A catalog whose `fail_at`-th read (counting from 0) fails, as a database would.
struct FailingCatalog {
    inner: MemCatalog,
    reads: std::cell::Cell<usize>,
    fail_at: usize,
}

impl FailingCatalog {
    fn read<T>(&self, v: T) -> Result<T, crate::StoreError> {
        let n = self.reads.get();
        self.reads.set(n + 1);
        if n == self.fail_at {
            return Err(crate::StoreError {
                unavailable: true,
                detail: "connection reset".into(),
            });
        }
        Ok(v)
    }
}

impl Catalog for FailingCatalog {
    fn price(&self, id: &str) -> Result<Option<Price>, crate::StoreError> {
        self.read(())?;
        self.inner.price(id)
    }
    fn product(&self, id: &str) -> Result<Option<Product>, crate::StoreError> {
        self.read(())?;
        self.inner.product(id)
    }
    fn active_prices(&self, product: &str) -> Result<Vec<Price>, crate::StoreError> {
        self.read(())?;
        self.inner.active_prices(product)
    }
    fn coupon(&self, id: &str) -> Result<Option<Coupon>, crate::StoreError> {
        self.read(())?;
        self.inner.coupon(id)
    }
    fn promotion_code(
        &self,
        id: &str,
    ) -> Result<Option<crate::promotion::PromotionCode>, crate::StoreError> {
        self.read(())?;
        self.inner.promotion_code(id)
    }
}

#[test]
fn a_storage_failure_in_the_middle_of_a_rule_is_never_a_refusal() {
    let cat = demo_catalog();
    let s = demo_session(&cat);
    let li = s.line_items[0].id.clone();
    type Rule = Box<dyn Fn(&dyn Catalog) -> Result<(), crate::Error>>;
    let (s1, s2, s3, s4) = (s.clone(), s.clone(), s.clone(), s.clone());
    let rules: Vec<(&str, Rule)> = vec![
        (
            "client_view",
            Box::new(move |c| client_view(&s1, c).map(drop)),
        ),
        (
            "select_upsell",
            Box::new(move |c| select_upsell(&s2, c, true).map(drop)),
        ),
        (
            "add_cross_sell",
            Box::new(move |c| add_cross_sell(&s3, c, "prod_svc", &mut ids()).map(drop)),
        ),
        (
            "set_quantity",
            Box::new(move |c| set_quantity(&s4, c, &li, 3).map(drop)),
        ),
    ];
    for (name, rule) in rules {
        // Every read of the rule fails once, in turn; past the last read it succeeds.
        let mut fail_at = 0;
        loop {
            let c = FailingCatalog {
                inner: cat.clone(),
                reads: std::cell::Cell::new(0),
                fail_at,
            };
            match rule(&c) {
                Ok(()) => break,
                Err(crate::Error::Store(e)) => assert!(e.unavailable, "{name}"),
                Err(crate::Error::Rule(r)) => {
                    panic!("{name}: the failed read #{fail_at} became the refusal {r:?}")
                }
            }
            fail_at += 1;
            assert!(fail_at < 1000, "{name} never succeeded");
        }
        assert!(fail_at >= 2, "{name} read the catalog {fail_at} times");
    }
}

#[test]
fn metadata_updates_in_any_status_and_keeps_the_version_but_the_cart_only_while_open() {
    let cat = demo_catalog();
    let s = demo_session(&cat);
    let mut gen = |p: &str| format!("{p}_new");
    let order = |v: Option<&str>| UpdateSessionParams {
        metadata: Some(Some([("order".to_string(), v.map(str::to_string))].into())),
        ..Default::default()
    };
    for status in [Status::Open, Status::Complete, Status::Expired] {
        let mut found = s.clone();
        found.status = status;
        let next = update_session(&found, &cat, &order(Some("1001")), &mut gen).unwrap();
        assert_eq!(next.metadata.get("order").map(String::as_str), Some("1001"));
        assert_eq!(
            (next.version, next.status, &next.line_items),
            (s.version, status, &s.line_items)
        );
        let removed = update_session(&next, &cat, &order(None), &mut gen).unwrap();
        assert!(removed.metadata.is_empty(), "{status:?}");
    }
    // With line items, a closed session refuses the whole update: the metadata too.
    let mut done = s.clone();
    done.status = Status::Complete;
    let both = UpdateSessionParams {
        line_items: Some(vec![keep("li_1")]),
        ..order(Some("1001"))
    };
    assert_eq!(
        update_session(&done, &cat, &both, &mut gen)
            .unwrap_err()
            .refusal()
            .code,
        Code::SessionNotOpen
    );
    // Too many keys: refused, nothing changes.
    let many = UpdateSessionParams {
        metadata: Some(Some(
            (0..51)
                .map(|i| (format!("k{i}"), Some("v".to_string())))
                .collect(),
        )),
        ..Default::default()
    };
    assert!(update_session(&s, &cat, &many, &mut gen).is_err());
}

// ----- §10: confirm, the merchant's payment step, complete and reopen -----

fn confirm_as(email: Option<&str>, version: u64) -> ConfirmIntent {
    ConfirmIntent {
        expected_version: version,
        email: email.map(str::to_string),
    }
}

fn refusal<T: std::fmt::Debug>(r: Result<T, crate::Error>) -> (Code, Option<String>) {
    let e = r.unwrap_err().refusal();
    (e.code, e.param)
}

#[test]
fn confirm_needs_the_buyers_email_unless_the_merchant_passed_one() {
    let cat = demo_catalog();
    let s = demo_session(&cat);
    let flow = PaymentFlow::Immediate;
    assert_eq!(
        refusal(confirm(&s, &cat, &confirm_as(None, 1), flow, 0)),
        (Code::ParameterMissing, Some("email".into()))
    );
    for bad in ["anna", "anna@example", "anna example.com", "a@b@c.de", ""] {
        assert_eq!(
            refusal(confirm(&s, &cat, &confirm_as(Some(bad), 1), flow, 0)),
            (Code::EmailInvalid, Some("email".into())),
            "{bad:?}"
        );
    }
    let done = confirm(
        &s,
        &cat,
        &confirm_as(Some(" anna@example.com "), 1),
        flow,
        0,
    )
    .unwrap();
    assert_eq!(done.session().email.as_deref(), Some("anna@example.com"));
    let mut known = s.clone();
    known.customer_email = Some("ben@example.com".into());
    let done = confirm(&known, &cat, &confirm_as(None, 1), flow, 0).unwrap();
    assert_eq!(done.session().email.as_deref(), Some("ben@example.com"));
    assert!(!client_view(&known, &cat).unwrap().collect_email);
    assert!(client_view(&s, &cat).unwrap().collect_email);
    // The version the buyer saw, as before.
    assert_eq!(
        refusal(confirm(
            &s,
            &cat,
            &confirm_as(Some("anna@example.com"), 7),
            flow,
            0,
        ))
        .0,
        Code::SessionVersionConflict
    );
}

#[test]
fn the_engines_payment_step_charges_what_is_due_and_completes_paid() {
    let cat = demo_catalog();
    let s = demo_session(&cat);
    let due = client_view(&s, &cat).unwrap().amount_total;
    match confirm(
        &s,
        &cat,
        &confirm_as(Some("anna@example.com"), 1),
        PaymentFlow::Immediate,
        0,
    )
    .unwrap()
    {
        Confirmation::Charge {
            amount,
            currency,
            then,
        } => {
            assert_eq!((amount, currency.as_str()), (due, "usd"));
            assert_eq!(
                (then.status, then.payment_status),
                (Status::Complete, PaymentStatus::Paid)
            );
            assert_eq!(then.version, 2);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn nothing_due_today_completes_without_payment_when_the_session_allows_it() {
    let cat = demo_catalog();
    let mut p = params(Mode::Subscription, vec![item("price_m", 1)]);
    p.subscription_data = Some(SubscriptionData {
        trial_period_days: Some(14),
    });
    let mut s = create_session("cs_trial".into(), &p, &cat, &mut ids()).unwrap();
    assert_eq!(client_view(&s, &cat).unwrap().amount_total, 0);
    let buyer = confirm_as(Some("anna@example.com"), 1);
    // `always` (the default): the payment step still runs (it collects a card for later).
    assert!(matches!(
        confirm(&s, &cat, &buyer, PaymentFlow::Merchant, 0).unwrap(),
        Confirmation::AwaitPayment(_)
    ));
    match confirm(&s, &cat, &buyer, PaymentFlow::Immediate, 0).unwrap() {
        Confirmation::Charge {
            amount: 0, then, ..
        } => {
            assert_eq!(then.payment_status, PaymentStatus::NoPaymentRequired)
        }
        other => panic!("{other:?}"),
    }
    // `if_required`: completes at confirm, in either flow, without a payment step.
    s.payment_method_collection = PaymentMethodCollection::IfRequired;
    for flow in [PaymentFlow::Immediate, PaymentFlow::Merchant] {
        match confirm(&s, &cat, &buyer, flow, 0).unwrap() {
            Confirmation::Free(done) => assert_eq!(
                (done.status, done.payment_status, done.awaiting_payment),
                (Status::Complete, PaymentStatus::NoPaymentRequired, false)
            ),
            other => panic!("{other:?}"),
        }
    }
    // Something due: `if_required` changes nothing.
    let mut paying = demo_session(&cat);
    paying.payment_method_collection = PaymentMethodCollection::IfRequired;
    assert!(matches!(
        confirm(&paying, &cat, &buyer, PaymentFlow::Immediate, 0).unwrap(),
        Confirmation::Charge { .. }
    ));
}

#[test]
fn awaiting_payment_freezes_the_cart_until_the_merchant_completes_or_reopens() {
    let cat = demo_catalog();
    let s = demo_session(&cat);
    let Confirmation::AwaitPayment(frozen) = confirm(
        &s,
        &cat,
        &confirm_as(Some("anna@example.com"), 1),
        PaymentFlow::Merchant,
        0,
    )
    .unwrap() else {
        panic!("the merchant's flow freezes")
    };
    assert_eq!(
        (
            frozen.status,
            frozen.payment_status,
            frozen.awaiting_payment,
            frozen.version
        ),
        (Status::Open, PaymentStatus::Unpaid, true, 2)
    );
    let mut gen = ids();
    let awaiting = (Code::SessionAwaitingPayment, Some("id".to_string()));
    let li = frozen.line_items[0].id.clone();
    assert_eq!(refusal(select_upsell(&frozen, &cat, true)), awaiting);
    assert_eq!(
        refusal(add_cross_sell(&frozen, &cat, "prod_svc", &mut gen)),
        awaiting
    );
    assert_eq!(refusal(set_quantity(&frozen, &cat, &li, 2)), awaiting);
    assert_eq!(
        refusal(update_line_items(&frozen, &cat, &[keep(&li)], &mut gen)),
        awaiting
    );
    assert_eq!(
        refusal(confirm(
            &frozen,
            &cat,
            &confirm_as(Some("anna@example.com"), 2),
            PaymentFlow::Merchant,
            0,
        )),
        awaiting
    );
    assert_eq!(
        expire(&frozen).unwrap_err().code,
        Code::SessionAwaitingPayment
    );
    // The merchant's own record still changes.
    let tagged = update_session(
        &frozen,
        &cat,
        &UpdateSessionParams {
            metadata: Some(Some([("order".to_string(), Some("1".to_string()))].into())),
            ..Default::default()
        },
        &mut gen,
    )
    .unwrap();
    assert_eq!((tagged.version, tagged.awaiting_payment), (2, true));

    // Completed once, with the merchant's reference.
    let paid = complete_payment(&frozen, Some("pi_123")).unwrap();
    assert_eq!(
        (
            paid.status,
            paid.payment_status,
            paid.awaiting_payment,
            paid.version
        ),
        (Status::Complete, PaymentStatus::Paid, false, 3)
    );
    assert_eq!(paid.payment_reference.as_deref(), Some("pi_123"));
    assert_eq!(
        complete_payment(&paid, None).unwrap_err().code,
        Code::SessionNotOpen
    );
    assert_eq!(reopen(&paid, None).unwrap_err().code, Code::SessionNotOpen);
    // Only a session awaiting payment.
    assert_eq!(
        complete_payment(&s, None).unwrap_err().code,
        Code::SessionNotAwaitingPayment
    );
    assert_eq!(
        reopen(&s, None).unwrap_err().code,
        Code::SessionNotAwaitingPayment
    );
    for bad in ["", "   ", &"x".repeat(201)] {
        assert_eq!(
            complete_payment(&frozen, Some(bad))
                .unwrap_err()
                .param
                .as_deref(),
            Some("payment_reference")
        );
        assert_eq!(
            reopen(&frozen, Some(bad)).unwrap_err().param.as_deref(),
            Some("failure_message")
        );
    }
}

#[test]
fn a_reopened_cart_changes_again_and_shows_why_until_it_does() {
    let cat = demo_catalog();
    let s = demo_session(&cat);
    let buyer = confirm_as(Some("anna@example.com"), 1);
    let frozen = confirm(&s, &cat, &buyer, PaymentFlow::Merchant, 0)
        .unwrap()
        .session()
        .clone();
    let open = reopen(&frozen, Some("Your card was declined.")).unwrap();
    assert_eq!(
        (open.status, open.awaiting_payment, open.version),
        (Status::Open, false, 3)
    );
    let view = client_view(&open, &cat).unwrap();
    assert_eq!(
        view.payment_failure,
        Some(PaymentFailure {
            message: Some("Your card was declined.".into())
        })
    );
    assert_eq!(
        reopen(&frozen, None).unwrap().payment_failure,
        Some(PaymentFailure { message: None })
    );
    // The buyer changes the cart: a new attempt, the failure is gone.
    let changed = select_upsell(&open, &cat, true).unwrap();
    assert_eq!(
        (changed.payment_failure.clone(), changed.version),
        (None, 4)
    );
    // ... and confirms again.
    let again = confirm(
        &changed,
        &cat,
        &confirm_as(Some("anna@example.com"), 4),
        PaymentFlow::Merchant,
        0,
    )
    .unwrap();
    assert!(again.session().awaiting_payment);
}

#[test]
fn an_expired_session_can_be_neither_completed_nor_reopened() {
    let cat = demo_catalog();
    let s = demo_session(&cat);
    let mut frozen = confirm(
        &s,
        &cat,
        &confirm_as(Some("anna@example.com"), 1),
        PaymentFlow::Merchant,
        0,
    )
    .unwrap()
    .session()
    .clone();
    frozen.expires_at = Some(1_000);
    frozen.lapse(1_000);
    assert_eq!(frozen.status, Status::Expired);
    assert_eq!(
        complete_payment(&frozen, None).unwrap_err().code,
        Code::SessionNotOpen
    );
    assert_eq!(
        reopen(&frozen, None).unwrap_err().code,
        Code::SessionNotOpen
    );
    let expired = expire(&s).unwrap();
    assert_eq!(expire(&expired).unwrap_err().code, Code::SessionNotOpen);
}

// ----- §11: promotion codes on a session -----

fn promo(id: &str, code: &str, coupon: &str) -> crate::promotion::PromotionCode {
    crate::promotion::PromotionCode {
        id: id.into(),
        object: "promotion_code".into(),
        code: code.into(),
        coupon: coupon.into(),
        active: true,
        max_redemptions: None,
        expires_at: None,
        restrictions: Default::default(),
        times_redeemed: 0,
    }
}

fn promo_session(cat: &MemCatalog) -> Session {
    let mut p = params(Mode::Subscription, vec![item("price_m", 1)]);
    p.allow_promotion_codes = Some(true);
    create_session("cs_promo".into(), &p, cat, &mut ids()).unwrap()
}

#[test]
fn a_promotion_code_discounts_by_the_rules_of_discounts_with_the_upsell_too() {
    for (duration, months) in [
        (CouponDuration::Once, None),
        (CouponDuration::Forever, None),
        (CouponDuration::Repeating, Some(3)),
        (CouponDuration::Repeating, Some(14)),
    ] {
        let mut cat =
            demo_catalog().with_coupon(percent_coupon("coupon_20", 20.0, duration, months));
        cat.promotion_codes
            .insert("promo_1".into(), promo("promo_1", "SAVE20", "coupon_20"));
        let code = cat.promotion_codes["promo_1"].clone();
        let applied = apply_promotion_code(&promo_session(&cat), &cat, Some(&code), 0).unwrap();
        // The same session with the coupon as the merchant's `discounts`.
        let mut p = params(Mode::Subscription, vec![item("price_m", 1)]);
        p.discounts = vec![DiscountParams {
            coupon: "coupon_20".into(),
        }];
        let merchant = create_session("cs_promo".into(), &p, &cat, &mut ids()).unwrap();
        for yearly in [false, true] {
            let (a, m) = if yearly {
                (
                    select_upsell(&applied, &cat, true).unwrap(),
                    select_upsell(&merchant, &cat, true).unwrap(),
                )
            } else {
                (applied.clone(), merchant.clone())
            };
            let (va, vm) = (
                client_view(&a, &cat).unwrap(),
                client_view(&m, &cat).unwrap(),
            );
            assert_eq!(
                (
                    va.amount_total,
                    va.total_details.amount_discount,
                    &va.discounts
                ),
                (
                    vm.amount_total,
                    vm.total_details.amount_discount,
                    &vm.discounts
                ),
                "{duration:?} {months:?} yearly: {yearly}"
            );
            let due = if yearly { 100_000 } else { 10_000 };
            assert_eq!(
                va.amount_total,
                due * 8 / 10,
                "{duration:?} {months:?} yearly: {yearly}"
            );
            assert_eq!(
                va.promotion_code.as_ref().map(|p| p.code.as_str()),
                Some("SAVE20")
            );
        }
    }
}

#[test]
fn a_code_applies_replaces_and_removes_and_refusals_change_nothing() {
    let mut cat = demo_catalog();
    cat.promotion_codes
        .insert("promo_1".into(), promo("promo_1", "HALF", "coupon_half"));
    let s = promo_session(&cat);
    let code = cat.promotion_codes["promo_1"].clone();
    let applied = apply_promotion_code(&s, &cat, Some(&code), 0).unwrap();
    assert_eq!(
        (applied.version, applied.discounts.clone()),
        (2, vec!["coupon_half".to_string()])
    );
    // The same code again: nothing moves.
    assert_eq!(
        apply_promotion_code(&applied, &cat, Some(&code), 0).unwrap(),
        applied
    );
    // Refusals name the field and leave the cart.
    let refusal = |r: Result<Session, crate::Error>| r.unwrap_err().refusal().code;
    assert_eq!(
        refusal(apply_promotion_code(&s, &cat, None, 0)),
        Code::PromotionCodeInvalid
    );
    let expired = crate::promotion::PromotionCode {
        expires_at: Some(10),
        ..code.clone()
    };
    assert_eq!(
        refusal(apply_promotion_code(&s, &cat, Some(&expired), 10)),
        Code::PromotionCodeExpired
    );
    // Not offered on a session without allow_promotion_codes.
    let plain = demo_session(&cat);
    assert_eq!(
        refusal(apply_promotion_code(&plain, &cat, Some(&code), 0)),
        Code::PromotionCodesNotAllowed
    );
    // Nor together with discounts at create.
    let mut p = params(Mode::Subscription, vec![item("price_m", 1)]);
    p.allow_promotion_codes = Some(true);
    p.discounts = vec![DiscountParams {
        coupon: "coupon_half".into(),
    }];
    let e = create_session("cs".into(), &p, &cat, &mut ids())
        .unwrap_err()
        .refusal();
    assert_eq!(
        (e.code, e.param.as_deref()),
        (
            Code::PromotionCodesNotAllowed,
            Some("allow_promotion_codes")
        )
    );
    // Removed: no discount, a new version; removing again changes nothing.
    let removed = remove_promotion_code(&applied).unwrap();
    assert_eq!(
        (
            removed.version,
            removed.discounts.len(),
            removed.promotion_code.clone()
        ),
        (3, 0, None)
    );
    assert_eq!(remove_promotion_code(&removed).unwrap(), removed);
    // At confirm the limits hold again: a code archived since is refused.
    let mut archived = cat.clone();
    archived.promotion_codes.get_mut("promo_1").unwrap().active = false;
    let buyer = ConfirmIntent {
        expected_version: 2,
        email: Some("anna@example.com".into()),
    };
    let e = confirm(&applied, &archived, &buyer, PaymentFlow::Immediate, 0)
        .unwrap_err()
        .refusal();
    assert_eq!(e.code, Code::PromotionCodeInvalid);
    assert!(confirm(&applied, &cat, &buyer, PaymentFlow::Immediate, 0).is_ok());
}

// ----- §11: optional items -----

fn optional(price: &str, quantity: u64, range: Option<(u64, u64)>) -> OptionalItemParams {
    OptionalItemParams {
        price: price.into(),
        quantity,
        adjustable_quantity: range.map(|(minimum, maximum)| OptionalQuantityParams {
            enabled: true,
            minimum: Some(minimum),
            maximum: Some(maximum),
        }),
    }
}

fn with_optional(
    mode: Mode,
    items: Vec<LineItemParams>,
    optional: Vec<OptionalItemParams>,
) -> Result<Session, crate::Error> {
    let mut p = params(mode, items);
    p.optional_items = optional;
    create_session(
        "cs_opt".into(),
        &p,
        &demo_catalog_with_optional(),
        &mut ids(),
    )
}

fn demo_catalog_with_optional() -> MemCatalog {
    demo_catalog()
        .with_product(product("prod_eur", "Euro book", &[]))
        .with_price(Price {
            currency: "eur".into(),
            ..one_time_price("price_eur", "prod_eur", 900)
        })
        .with_product(product("prod_weekly", "Weekly", &[]))
        .with_price(recurring_price(
            "price_weekly",
            "prod_weekly",
            500,
            Interval::Week,
        ))
}

#[test]
fn optional_items_are_held_to_the_carts_rules() {
    let code = |r: Result<Session, crate::Error>| {
        let e = r.unwrap_err().refusal();
        (e.code, e.param.unwrap_or_default())
    };
    let sub = |o| with_optional(Mode::Subscription, vec![item("price_m", 1)], o);
    // Offered with their quantity and range; minimum 0 is allowed.
    let s = sub(vec![
        optional("price_book", 2, Some((0, 5))),
        optional("price_addon", 1, None),
    ])
    .unwrap();
    assert_eq!(s.optional_items.len(), 2);
    assert_eq!(s.optional_items[0].adjustable_quantity.minimum, 0);
    // Currency, mode, cycle.
    assert_eq!(
        code(sub(vec![optional("price_eur", 1, None)])),
        (Code::CurrencyMismatch, "optional_items[0].price".into())
    );
    assert_eq!(
        code(with_optional(
            Mode::Payment,
            vec![item("price_book", 1)],
            vec![optional("price_addon", 1, None)]
        )),
        (
            Code::RecurringPriceInPaymentMode,
            "optional_items[0].price".into()
        )
    );
    assert_eq!(
        code(sub(vec![optional("price_weekly", 1, None)])),
        (
            Code::RecurringIntervalMismatch,
            "optional_items[0].price".into()
        )
    );
    assert_eq!(
        code(sub(vec![optional("price_nope", 1, None)])),
        (Code::ResourceMissing, "optional_items[0].price".into())
    );
    // Range and quantity.
    assert_eq!(
        code(sub(vec![optional("price_book", 6, Some((0, 5)))])),
        (
            Code::QuantityOutOfRange,
            "optional_items[0].quantity".into()
        )
    );
    assert_eq!(
        code(sub(vec![optional("price_book", 0, Some((0, 5)))])),
        (
            Code::QuantityOutOfRange,
            "optional_items[0].quantity".into()
        )
    );
    assert_eq!(
        code(sub(vec![optional("price_book", 1, Some((3, 2)))])),
        (
            Code::ParameterInvalid,
            "optional_items[0].adjustable_quantity".into()
        )
    );
    // Twice, or already on the cart.
    assert_eq!(
        code(sub(vec![
            optional("price_book", 1, None),
            optional("price_book", 1, None)
        ]))
        .0,
        Code::ParameterInvalid
    );
    assert_eq!(
        code(sub(vec![optional("price_m", 1, None)])).0,
        Code::ParameterInvalid
    );
    // At most 10.
    let eleven = (0..11).map(|_| optional("price_book", 1, None)).collect();
    assert_eq!(
        code(sub(eleven)),
        (Code::TooManyOptionalItems, "optional_items".into())
    );
}

#[test]
fn an_optional_item_is_added_changed_within_its_range_removed_and_offered_again() {
    let cat = demo_catalog_with_optional();
    let s = with_optional(
        Mode::Subscription,
        vec![item("price_m", 1)],
        vec![optional("price_svc", 1, Some((0, 5)))],
    )
    .unwrap();
    // prod_svc is a cross-sell of prod_pro, but an optional item here: not offered twice.
    let view = client_view(&s, &cat).unwrap();
    assert!(
        view.cross_sells.iter().all(|c| c.product.id != "prod_svc"),
        "{:?}",
        view.cross_sells
    );
    assert_eq!(
        (view.optional_items.len(), view.optional_items[0].added),
        (1, false)
    );
    let mut gen = |p: &str| format!("{p}_optional");
    let added = add_optional_item(&s, &cat, "price_svc", &mut gen).unwrap();
    let li = added.line_items.last().unwrap().clone();
    assert_eq!(
        (
            li.source,
            li.quantity,
            li.adjustable_quantity.minimum,
            li.adjustable_quantity.maximum
        ),
        (LineItemSource::OptionalItem, 1, 1, 5)
    );
    assert!(client_view(&added, &cat).unwrap().optional_items[0].added);
    let refusal = |r: Result<Session, crate::Error>| r.unwrap_err().refusal().code;
    assert_eq!(
        refusal(add_optional_item(&added, &cat, "price_svc", &mut gen)),
        Code::OptionalItemAlreadyAdded
    );
    assert_eq!(
        refusal(add_optional_item(&s, &cat, "price_book", &mut gen)),
        Code::OptionalItemNotOffered
    );
    let three = set_quantity(&added, &cat, &li.id, 3).unwrap();
    assert_eq!(three.line_items.last().unwrap().quantity, 3);
    assert_eq!(
        refusal(set_quantity(&added, &cat, &li.id, 6)),
        Code::QuantityOutOfRange
    );
    let removed = remove_optional_item(&three, &cat, "price_svc").unwrap();
    assert_eq!(removed.line_items.len(), 1);
    assert!(
        !client_view(&removed, &cat).unwrap().optional_items[0].added,
        "offered again"
    );
    assert_eq!(
        refusal(remove_optional_item(&removed, &cat, "price_svc")),
        Code::OptionalItemNotAdded
    );
}
