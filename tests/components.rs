//! Component tests in headless Chromium: components render the client view (and a new
//! answer updates the cart in place), the savings label on both sides of the 6-character
//! threshold, and money formatting per currency and locale.
#![cfg(target_arch = "wasm32")]

use checkout_core::view::ClientSession;
use checkout_widget::components::{LineItemList, Totals, UpsellSwitch};
use checkout_widget::format;
use checkout_widget::i18n::{Locale, Wanted};
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SESSION: &str = r#"{
  "id": "cs_test", "object": "checkout.session", "mode": "subscription", "status": "open",
  "currency": "usd", "locale": null, "version": 3,
  "line_items": [{
    "id": "li_1", "source": "original",
    "product": {"id": "prod_pro", "name": "Togethere Professional", "description": null, "images": []},
    "price": {"id": "price_m", "object": "price", "product": "prod_pro", "active": true, "currency": "usd",
              "unit_amount": 10000, "type": "recurring",
              "recurring": {"interval": "month", "interval_count": 1, "usage_type": "licensed"},
              "billing_scheme": "per_unit", "tax_behavior": "unspecified"},
    "quantity": 2, "adjustable_quantity": {"enabled": true, "minimum": 1, "maximum": 2},
    "amount_subtotal": 20000, "amount_discount": 10000, "amount_total": 10000
  }, {
    "id": "li_2", "source": "cross_sell",
    "product": {"id": "prod_svc", "name": "Professional Services: Deployment", "images": []},
    "price": {"id": "price_svc", "object": "price", "product": "prod_svc", "active": true, "currency": "usd",
              "unit_amount": 50000, "type": "one_time", "recurring": null},
    "quantity": 1, "adjustable_quantity": {"enabled": false, "minimum": 1, "maximum": 1},
    "amount_subtotal": 50000, "amount_discount": 25000, "amount_total": 25000
  }],
  "upsell": {"line_item": "li_1", "selected": false, "savings": {"amount": 40000, "percent": 16},
             "price": {"id": "price_y", "object": "price", "product": "prod_pro", "active": true, "currency": "usd",
                       "unit_amount": 100000, "type": "recurring",
                       "recurring": {"interval": "year", "interval_count": 1, "usage_type": "licensed"}}},
  "cross_sells": [],
  "discounts": [{"coupon": {"id": "coupon_half", "object": "coupon", "name": "Launch", "percent_off": 50.0,
                 "duration": "repeating", "duration_in_months": 4}, "invoices": 4}],
  "subscription_data": {"trial_period_days": 14},
  "amount_subtotal": 70000, "total_details": {"amount_discount": 35000, "amount_tax": 0},
  "amount_total": 35000,
  "recurring": {"interval": "month", "interval_count": 1, "amount": 20000},
  "permissions": {"update_line_items": "client"}
}"#;

fn session() -> ClientSession {
    serde_json::from_str(SESSION).expect("the fixture is a valid client view")
}

fn en() -> Locale {
    Wanted::choose([Some("en-US")]).ready().unwrap()
}

/// German, from its file (what the widget fetches).
fn de() -> Locale {
    let wanted = Wanted::choose([Some("de-DE")]);
    wanted.ready().unwrap_or_else(|| {
        let file: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(include_str!("../locales/de.json")).unwrap();
        wanted.with_strings(
            file.into_iter()
                .map(|(k, v)| (k, v.as_str().unwrap().to_string())),
        )
    })
}

/// Mounts a view into a fresh element and answers that element.
fn render<V: IntoView + 'static>(f: impl FnOnce() -> V + 'static) -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let host: web_sys::HtmlElement = document.create_element("div").unwrap().dyn_into().unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    leptos::mount::mount_to(host.clone(), f).forget();
    host
}

fn nbsp(s: &str) -> String {
    s.replace(['\u{a0}', '\u{202f}'], " ")
}

#[wasm_bindgen_test]
fn line_items_render_name_unit_price_quantity_and_total() {
    let s = session();
    let host = render(move || {
        view! {
            <LineItemList
                session=Signal::stored(Arc::new(s.clone()))
                currency="usd"
                locale=en()
                busy=Signal::stored(false)
                on_quantity=Callback::new(|_| {})
                on_remove=Callback::new(|_| {})
            />
        }
    });
    let items = host.query_selector_all("ul[role=list] > li").unwrap();
    assert_eq!(items.length(), 2);
    let text = nbsp(&host.text_content().unwrap());
    assert!(text.contains("Togethere Professional"), "{text}");
    assert!(text.contains("$100.00 / month"), "{text}");
    assert!(text.contains("$200.00"), "{text}");
    assert!(text.contains("$500.00"), "{text}");
    // The adjustable item has a stepper stopped at its maximum; the cross-sell has Remove.
    let inc = host
        .query_selector("[aria-label='Increase quantity of Togethere Professional']")
        .unwrap()
        .unwrap();
    assert!(
        inc.get_attribute("aria-disabled").as_deref() == Some("true"),
        "at the maximum the + button is disabled"
    );
    let dec = host
        .query_selector("[aria-label='Decrease quantity of Togethere Professional']")
        .unwrap()
        .unwrap();
    assert_eq!(
        dec.get_attribute("aria-disabled"),
        None,
        "the − button is enabled"
    );
    assert!(
        host.query_selector("button[aria-label='Remove Professional Services: Deployment']")
            .unwrap()
            .is_some(),
        "the cross-sell has a Remove button named after it"
    );
    assert!(host
        .query_selector("[aria-label='Increase quantity of Professional Services: Deployment']")
        .unwrap()
        .is_none());
}

#[wasm_bindgen_test]
fn a_yearly_line_says_what_it_comes_to_per_month_in_english_and_german() {
    let mut s = session();
    s.line_items.truncate(1);
    let li = &mut s.line_items[0];
    li.price.unit_amount = Some(100_000);
    li.price.recurring.as_mut().unwrap().interval = checkout_core::catalog::Interval::Year;
    li.amount_subtotal = 100_000;
    for (locale, expected) in [
        (en(), "$83.33 / month, billed yearly"),
        (de(), "83,33 $ / Monat, jährlich abgerechnet"),
    ] {
        let s = s.clone();
        let host = render(move || {
            view! {
                <LineItemList
                    session=Signal::stored(Arc::new(s))
                    currency="usd"
                    locale=locale
                    busy=Signal::stored(false)
                    on_quantity=Callback::new(|_| {})
                    on_remove=Callback::new(|_| {})
                />
            }
        });
        let per_month = host
            .query_selector(".cw-per-month")
            .unwrap()
            .expect("a per-month line");
        assert_eq!(nbsp(&per_month.text_content().unwrap()), expected);
    }
    // A monthly line has none.
    let monthly = session();
    let host = render(move || {
        view! {
            <LineItemList
                session=Signal::stored(Arc::new(monthly))
                currency="usd"
                locale=en()
                busy=Signal::stored(false)
                on_quantity=Callback::new(|_| {})
                on_remove=Callback::new(|_| {})
            />
        }
    });
    assert!(host.query_selector(".cw-per-month").unwrap().is_none());
}

#[wasm_bindgen_test]
fn totals_render_discount_trial_total_and_recurring() {
    let s = session();
    let host = render(
        move || view! { <Totals session=Signal::stored(std::sync::Arc::new(s)) locale=en() /> },
    );
    let text = nbsp(&host.text_content().unwrap());
    for expected in [
        "14 days free",
        "Subtotal",
        "$700.00",
        "Launch",
        "for 4 months",
        "−$350.00",
        "Total due today",
        "$350.00",
        "then $200.00 per month",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in {text}");
    }
    assert_eq!(
        host.query_selector("[aria-live=polite]")
            .unwrap()
            .map(|e| e.text_content().unwrap().contains("$350.00")),
        Some(true)
    );
}

#[wasm_bindgen_test]
fn upsell_switch_has_its_stable_name_state_and_label() {
    let s = session();
    let host = render(move || {
        view! {
            <UpsellSwitch
                upsell=Signal::stored(s.upsell.clone().unwrap())
                currency=Signal::stored("usd".to_string())
                locale=en()
                busy=Signal::stored(false)
                on_toggle=Callback::new(|_| {})
            />
        }
    });
    let switch = host.query_selector("[role=switch]").unwrap().unwrap();
    assert_eq!(
        switch.get_attribute("aria-checked").as_deref(),
        Some("false")
    );
    let label_id = switch.get_attribute("aria-labelledby").unwrap();
    let label = host
        .query_selector(&format!("#{label_id}"))
        .unwrap()
        .unwrap();
    assert_eq!(
        label.text_content().as_deref(),
        Some("Save with a yearly subscription")
    );
    assert!(host.text_content().unwrap().contains("Save $400"));
}

#[wasm_bindgen_test]
fn savings_label_switches_to_percent_past_six_characters() {
    // "$200" (4) and "$19.90" (6) fit; "$199.90" (7) does not.
    assert_eq!(format::savings_figure(20_000, 16, "usd", "en-US"), "$200");
    assert_eq!(format::savings_figure(1_990, 9, "usd", "en-US"), "$19.90");
    assert_eq!(format::savings_figure(19_990, 14, "usd", "en-US"), "14%");
    assert_eq!(format::savings_figure(123_450, 16, "usd", "en-US"), "16%");
    // German puts the symbol after a space: "200 $" (5) fits; "1.200 $" (7) does not.
    assert_eq!(
        nbsp(&format::savings_figure(20_000, 16, "usd", "de-DE")),
        "200 $"
    );
    assert_eq!(
        nbsp(&format::savings_figure(120_000, 16, "usd", "de-DE")),
        "16 %"
    );
}

#[wasm_bindgen_test]
fn money_formats_per_currency_and_locale() {
    let cases = [
        (123_456, "usd", "en-US", "$1,234.56"),
        (123_456, "usd", "de-DE", "1.234,56 $"),
        (123_456, "eur", "en-US", "€1,234.56"),
        (123_456, "eur", "de-DE", "1.234,56 €"),
        (1_500, "jpy", "en-US", "¥1,500"),
        (1_500, "jpy", "de-DE", "1.500 ¥"),
        (12_345, "kwd", "en-US", "KWD 12.345"),
        (12_345, "kwd", "de-DE", "12,345 KWD"),
    ];
    for (amount, currency, locale, expected) in cases {
        assert_eq!(
            nbsp(&format::money(amount, currency, locale, false)),
            expected,
            "{amount} {currency} {locale}"
        );
    }
    assert_eq!(format::money(20_000, "usd", "en-US", true), "$200");
    assert_eq!(format::money(20_050, "usd", "en-US", true), "$200.50");
}

/// The widget writes the common pairs without `Intl` (its first use costs a fresh page
/// 30–70 ms); for every pair it covers, the result must be exactly what `Intl` writes.
#[wasm_bindgen_test]
fn direct_formatting_writes_exactly_what_intl_does() {
    let amounts = [
        0,
        1,
        5,
        10,
        99,
        100,
        101,
        999,
        1_000,
        1_050,
        9_999,
        10_000,
        99_999,
        100_000,
        123_456,
        999_999,
        1_000_000,
        12_345_678,
        100_000_000,
        123_456_789_012,
        999_999_999_999_999,
        1_000_000_000_000_000,
    ];
    let mut compared = 0;
    for locale in ["en", "en-US", "EN-us", "de", "de-DE"] {
        for currency in ["usd", "eur", "gbp", "jpy"] {
            for amount in amounts {
                for strip in [false, true] {
                    assert_eq!(
                        format::money(amount, currency, locale, strip),
                        format::intl_money(amount, currency, locale, strip),
                        "{amount} {currency} {locale} strip={strip}"
                    );
                    compared += 1;
                }
            }
        }
        for percent in [0, 1, 9, 10, 16, 50, 99, 100, 999, 1_000, 12_345] {
            assert_eq!(
                format::percent(percent, locale),
                format::intl_percent(percent, locale),
                "{percent}% {locale}"
            );
            compared += 1;
        }
    }
    assert_eq!(compared, 5 * (4 * 22 * 2 + 11));
}

#[wasm_bindgen_test]
fn locale_choice_order_and_fallback() {
    let chosen = |candidates: [Option<&str>; 3]| {
        let w = Wanted::choose(candidates);
        (w.id, w.tag)
    };
    assert_eq!(
        chosen([Some("de"), Some("en"), None]),
        ("de".into(), "de".into())
    );
    assert_eq!(
        chosen([None, Some("de-AT"), Some("en")]),
        ("de".into(), "de-AT".into())
    );
    assert_eq!(
        chosen([Some("xx"), None, Some("en-GB")]),
        ("en-GB".into(), "en-GB".into())
    );
    assert_eq!(
        chosen([Some("!"), Some("auto"), Some("qq")]),
        ("en".into(), "en".into())
    );
}

/// A new answer updates the row of the line item that changed in place (the same element,
/// so keyboard focus on its stepper survives), drops the row of an item that is gone and
/// adds one for a new item.
#[wasm_bindgen_test]
async fn an_answer_updates_a_changed_row_in_place_and_adds_and_drops_rows() {
    let s = session();
    let shown = RwSignal::new(Arc::new(s.clone()));
    let host = render(move || {
        view! {
            <LineItemList
                session=shown
                currency="usd"
                locale=en()
                busy=Signal::stored(false)
                on_quantity=Callback::new(|_| {})
                on_remove=Callback::new(|_| {})
            />
        }
    });
    let row = |id: &str| {
        host.query_selector(&format!("li[data-line-item='{id}']"))
            .unwrap()
    };
    let before = row("li_1").expect("li_1 is shown");
    assert!(row("li_3").is_none());

    let mut next = s.line_items.clone();
    next[0].quantity = 1;
    next[0].amount_subtotal = 10_000;
    let mut added = next[1].clone();
    added.id = "li_3".into();
    added.product.name = "Priority Support".into();
    next[1] = added;
    shown.set(Arc::new(ClientSession {
        line_items: next,
        ..s.clone()
    }));
    leptos::task::tick().await;
    leptos::task::tick().await;

    let after = row("li_1").expect("li_1 is still shown");
    assert!(
        after.is_same_node(Some(&before)),
        "the changed row is updated in place"
    );
    let qty = after.query_selector(".cw-qty").unwrap().unwrap();
    assert_eq!(qty.text_content().as_deref(), Some("1"));
    assert!(nbsp(&after.text_content().unwrap()).contains("$100.00"));
    let dec = after
        .query_selector("[aria-label='Decrease quantity of Togethere Professional']")
        .unwrap()
        .unwrap();
    assert_eq!(
        dec.get_attribute("aria-disabled").as_deref(),
        Some("true"),
        "at the minimum the − button is disabled"
    );
    let inc = after
        .query_selector("[aria-label='Increase quantity of Togethere Professional']")
        .unwrap()
        .unwrap();
    assert_eq!(
        inc.get_attribute("aria-disabled"),
        None,
        "below the maximum + is enabled"
    );
    assert!(
        row("li_2").is_none(),
        "the row of the item that is gone is dropped"
    );
    let new_row = row("li_3").expect("the new item has a row");
    assert!(new_row.text_content().unwrap().contains("Priority Support"));
    assert_eq!(
        host.query_selector_all("ul[role=list] > li")
            .unwrap()
            .length(),
        2
    );
}
