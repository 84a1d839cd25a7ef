//! Amounts for display, in the buyer's locale. The exponent of each currency comes from
//! checkout-core's table, never an assumed 2.
//!
//! The browser's `Intl.NumberFormat` is the reference. But the first one a page builds
//! loads ICU's locale data: 30–70 ms of the main thread in a fresh renderer on the
//! benchmark machine, inside the widget's first render (BENCHMARKS.md). So the pairs a
//! checkout shows most (English or German as in the US and Germany; dollars, euros,
//! pounds, yen) are written here directly, and everything else goes through `Intl`. The
//! wasm tests check in Chromium that the direct path writes exactly what `Intl` does for
//! every pair it covers.

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
    let digits = money_digits(amount, currency, strip_zero_minor);
    direct::money(amount, currency, locale, digits)
        .unwrap_or_else(|| intl_money(amount, currency, locale, strip_zero_minor))
}

/// [`money`] through `Intl.NumberFormat` always: the reference of the direct path.
pub fn intl_money(amount: i64, currency: &str, locale: &str, strip_zero_minor: bool) -> String {
    let digits = money_digits(amount, currency, strip_zero_minor);
    let value = amount as f64 / money::minor_per_major(currency) as f64;
    format_with(locale, currency, digits, value)
}

fn money_digits(amount: i64, currency: &str, strip_zero_minor: bool) -> u32 {
    if strip_zero_minor && amount % money::minor_per_major(currency) == 0 {
        0
    } else {
        money::exponent(currency)
    }
}

/// Formats a whole percentage: `16%`, `16 %`.
pub fn percent(percent: u32, locale: &str) -> String {
    direct::percent(percent, locale).unwrap_or_else(|| intl_percent(percent, locale))
}

/// [`percent`] through `Intl.NumberFormat` always: the reference of the direct path.
pub fn intl_percent(percent: u32, locale: &str) -> String {
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

/// The locales and currencies written without `Intl` (see the module's doc).
mod direct {
    use checkout_core::money;

    /// How a locale writes numbers: the group and decimal separators, and whether the
    /// currency symbol follows the number (after a no-break space) or leads it.
    struct Numbers {
        group: char,
        decimal: char,
        symbol_after: bool,
    }

    fn numbers(locale: &str) -> Option<Numbers> {
        let is = |tag: &str| locale.eq_ignore_ascii_case(tag);
        if is("en") || is("en-US") {
            Some(Numbers {
                group: ',',
                decimal: '.',
                symbol_after: false,
            })
        } else if is("de") || is("de-DE") {
            Some(Numbers {
                group: '.',
                decimal: ',',
                symbol_after: true,
            })
        } else {
            None
        }
    }

    fn symbol(currency: &str) -> Option<&'static str> {
        Some(match currency {
            "usd" => "$",
            "eur" => "€",
            "gbp" => "£",
            "jpy" => "¥",
            _ => return None,
        })
    }

    /// Above this many minor units `Intl` is handed an `f64` that no longer holds every
    /// cent; such amounts keep going through it, so both paths always agree.
    const LARGEST: i64 = 1_000_000_000_000_000;

    /// Writes `n` with a group separator every three digits.
    pub(super) fn push_grouped(out: &mut String, n: u64, group: char) {
        let digits = n.to_string();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(group);
            }
            out.push(c);
        }
    }

    /// `amount` minor units with `digits` fraction digits, or `None` for `Intl`.
    pub(super) fn money(amount: i64, currency: &str, locale: &str, digits: u32) -> Option<String> {
        let numbers = numbers(locale)?;
        let symbol = symbol(currency)?;
        let exponent = money::exponent(currency);
        let per_major = u64::try_from(money::minor_per_major(currency)).ok()?;
        let amount = u64::try_from(amount)
            .ok()
            .filter(|a| *a <= LARGEST as u64)?;
        let minor = amount % per_major;
        // Only the exact exponent, or none for a whole amount (nothing to round).
        if digits != exponent && !(digits == 0 && minor == 0) {
            return None;
        }
        let mut out = String::with_capacity(24);
        if !numbers.symbol_after {
            out.push_str(symbol);
        }
        push_grouped(&mut out, amount / per_major, numbers.group);
        if digits > 0 {
            out.push(numbers.decimal);
            let minor = minor.to_string();
            for _ in minor.len()..digits as usize {
                out.push('0');
            }
            out.push_str(&minor);
        }
        if numbers.symbol_after {
            out.push('\u{a0}');
            out.push_str(symbol);
        }
        Some(out)
    }

    /// A whole percentage, or `None` for `Intl`.
    pub(super) fn percent(percent: u32, locale: &str) -> Option<String> {
        let numbers = numbers(locale)?;
        let mut out = String::with_capacity(8);
        push_grouped(&mut out, u64::from(percent), numbers.group);
        if numbers.symbol_after {
            out.push('\u{a0}');
        }
        out.push('%');
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::direct;

    // The wasm tests compare every covered pair with `Intl` in Chromium; these pin the
    // pieces natively.
    #[test]
    fn direct_path_groups_pads_and_places_the_symbol() {
        assert_eq!(
            direct::money(0, "usd", "en-US", 2).as_deref(),
            Some("$0.00")
        );
        assert_eq!(direct::money(5, "usd", "en", 2).as_deref(), Some("$0.05"));
        assert_eq!(
            direct::money(123_456_789, "eur", "de-DE", 2).as_deref(),
            Some("1.234.567,89\u{a0}€")
        );
        assert_eq!(
            direct::money(20_000, "gbp", "en-US", 0).as_deref(),
            Some("£200")
        );
        assert_eq!(
            direct::money(1_500, "jpy", "DE", 0).as_deref(),
            Some("1.500\u{a0}¥")
        );
        assert_eq!(direct::percent(16, "de").as_deref(), Some("16\u{a0}%"));
        assert_eq!(direct::percent(1_000, "en-US").as_deref(), Some("1,000%"));
    }

    #[test]
    fn direct_path_leaves_the_rest_to_intl() {
        assert_eq!(
            direct::money(100, "chf", "en-US", 2),
            None,
            "no symbol of its own"
        );
        assert_eq!(
            direct::money(100, "usd", "en-GB", 2),
            None,
            "another region"
        );
        assert_eq!(direct::money(100, "usd", "fr", 2), None, "another language");
        assert_eq!(direct::money(-100, "usd", "en", 2), None, "negative");
        assert_eq!(
            direct::money(1_000_000_000_000_001, "usd", "en", 2),
            None,
            "past f64's cents"
        );
        assert_eq!(direct::money(150, "usd", "en", 0), None, "would round");
        assert_eq!(
            direct::money(1_500, "jpy", "en", 2),
            None,
            "digits past the exponent"
        );
        assert_eq!(direct::percent(16, "it"), None);
    }
}
