//! Amounts for display, through the browser's `Intl.NumberFormat` in the buyer's locale.
//! The exponent of each currency comes from checkout-core's table, never an assumed 2.

use checkout_core::money;
use checkout_core::upsell::{savings_label, SavingsLabel};
use js_sys::{Array, Intl, Object, Reflect};
use std::cell::RefCell;
use wasm_bindgen::JsValue;

thread_local! {
    /// Building an `Intl.NumberFormat` costs far more than using one: keep one per
    /// (locale, currency or percent, fraction digits). A page uses one or two, so a list
    /// found without allocating a key beats a hash map, and is less code.
    static FORMATTERS: RefCell<Vec<(String, String, u32, js_sys::Function)>> = const { RefCell::new(Vec::new()) };
}

fn format_with(locale: &str, style: &str, digits: u32, value: f64) -> String {
    let format = FORMATTERS.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some((.., f)) = cache
            .iter()
            .find(|(l, s, d, _)| l == locale && s == style && *d == digits)
        {
            return f.clone();
        }
        let opts = Object::new();
        let set = |k: &str, v: JsValue| {
            let _ = Reflect::set(&opts, &JsValue::from_str(k), &v);
        };
        if style == "percent" {
            set("style", "percent".into());
        } else {
            set("style", "currency".into());
            set("currency", style.to_ascii_uppercase().into());
            set("minimumFractionDigits", digits.into());
        }
        set("maximumFractionDigits", digits.into());
        let f = Intl::NumberFormat::new(&Array::of1(&JsValue::from_str(locale)), &opts).format();
        cache.push((locale.into(), style.into(), digits, f.clone()));
        f
    });
    format
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
    format_with(locale, currency, digits, value)
}

/// Formats a whole percentage: `16%`, `16 %`.
pub fn percent(percent: u32, locale: &str) -> String {
    format_with(locale, "percent", 0, f64::from(percent) / 100.0)
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
