//! Amounts for display, through the browser's `Intl.NumberFormat` in the buyer's locale.
//! The exponent of each currency comes from checkout-core's table, never an assumed 2.

use checkout_core::money;
use checkout_core::upsell::{savings_label, SavingsLabel};
use js_sys::{Array, Intl, Object, Reflect};
use wasm_bindgen::JsValue;

fn format_with(locale: &str, options: &[(&str, JsValue)], value: f64) -> String {
    let opts = Object::new();
    for (k, v) in options {
        let _ = Reflect::set(&opts, &JsValue::from_str(k), v);
    }
    let locales = Array::of1(&JsValue::from_str(locale));
    let nf = Intl::NumberFormat::new(&locales, &opts);
    nf.format()
        .call1(&JsValue::NULL, &JsValue::from_f64(value))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// Formats `amount` minor units of `currency`: `$1,000.00`, `1.000,00 $`, `¥1,500`,
/// `KWD 12.345`. With `strip_zero_minor`, whole amounts drop their minor digits (`$200`).
pub fn money(amount: i64, currency: &str, locale: &str, strip_zero_minor: bool) -> String {
    let exp = money::exponent(currency);
    let per_major = money::minor_per_major(currency);
    let digits = if strip_zero_minor && amount % per_major == 0 {
        0
    } else {
        exp
    };
    let value = amount as f64 / per_major as f64;
    format_with(
        locale,
        &[
            ("style", "currency".into()),
            ("currency", currency.to_ascii_uppercase().into()),
            ("minimumFractionDigits", digits.into()),
            ("maximumFractionDigits", digits.into()),
        ],
        value,
    )
}

/// Formats a whole percentage: `16%`, `16 %`.
pub fn percent(percent: u32, locale: &str) -> String {
    format_with(
        locale,
        &[
            ("style", "percent".into()),
            ("maximumFractionDigits", 0.into()),
        ],
        f64::from(percent) / 100.0,
    )
}

/// The figure of the savings label (§3.2): the amount with trailing zero minor units
/// stripped when it has at most six characters, otherwise the percentage.
pub fn savings_figure(amount: i64, percent_off: u32, currency: &str, locale: &str) -> String {
    let formatted = money(amount, currency, locale, true);
    match savings_label(&formatted) {
        SavingsLabel::Amount => formatted,
        SavingsLabel::Percent => percent(percent_off, locale),
    }
}
