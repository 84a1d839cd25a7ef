//! Every string the buyer sees, and how the locale is chosen.
//!
//! The locale is the first of the `locale` attribute, the session's `locale` and
//! `navigator.language` that `js/locales.js` matches to a supported one (the exact tag,
//! then the language: `fr-BE` → `fr`, `zh-Hant-TW` → `zh-TW`); anything else is English.
//! English is compiled in ([`EN`]); every other locale's strings are `locales/<id>.json`,
//! fetched only when needed (the loader starts that fetch beside the wasm) and kept for
//! the page's life. A test holds every file to [`EN`]: the same keys, the same
//! placeholders. Amounts, and which plural form a count takes, come from the browser's
//! `Intl` for the buyer's own tag.

use crate::api::ApiError;
use checkout_core::catalog::{CouponDuration, Interval};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(module = "/js/locales.js")]
extern "C" {
    /// The supported locale a BCP 47 tag is written in, if any.
    #[wasm_bindgen(js_name = matchLocale)]
    fn match_locale(tag: &str) -> Option<String>;
    /// `locales/<id>.json`, read by the loader's code (which started its fetch beside the
    /// wasm): an object of key → text.
    #[wasm_bindgen(js_name = localeStrings)]
    fn locale_strings(id: &str) -> js_sys::Promise;
    /// What [`locale_strings`] answered, once it has: the object, `null` if the file could
    /// not be had, `undefined` while it is on its way.
    #[wasm_bindgen(js_name = loadedStrings)]
    fn loaded_strings(id: &str) -> JsValue;
    /// The plural category (`one`, `few`, …) `Intl.PluralRules` gives `count` in `tag`.
    #[wasm_bindgen(js_name = pluralCategory)]
    fn plural_category(tag: &str, count: f64) -> String;
}

/// A message whose wording depends on a count: one form per plural category (zero, one,
/// two, few, many, other), and `=1`, the form for exactly 1 where the language's `one`
/// also takes other numbers (Russian's 21) or it has no `one` (Japanese), as ICU's
/// `=1` selector. An empty form is the `other` one. In a locale file, `"trial.one"`,
/// `"trial.other"`, `"line_month.=1"`, ….
pub type Plural = [&'static str; 7];

/// The plural categories, in the order of a [`Plural`]'s forms.
pub const CATEGORIES: [&str; 7] = ["zero", "one", "two", "few", "many", "other", "=1"];

macro_rules! strings {
    (simple { $($s:ident: $st:expr,)* } plural { $($p:ident: $pt:expr,)* }) => {
        #[allow(non_camel_case_types)]
        enum Simple { $($s,)* }
        #[allow(non_camel_case_types)]
        enum Many { $($p,)* }

        /// The text of one locale: every simple string, then every plural message, in
        /// the order of [`Strings::SIMPLE`] and [`Strings::PLURAL`]. `{name}` marks where
        /// a value goes.
        #[derive(Clone)]
        pub struct Strings {
            simple: [&'static str; Strings::SIMPLE.len()],
            plural: [Plural; Strings::PLURAL.len()],
        }

        impl Strings {
            /// The keys of a locale file with one form (tests hold every file to them).
            pub const SIMPLE: &'static [&'static str] = &[$(stringify!($s)),*];
            /// The messages with a form per plural category (`trial.one`, `trial.other`).
            pub const PLURAL: &'static [&'static str] = &[$(stringify!($p)),*];

            $(pub fn $s(&self) -> &'static str { self.simple[Simple::$s as usize] })*
            $(pub fn $p(&self) -> &Plural { &self.plural[Many::$p as usize] })*
        }

        /// English, the fallback of every string.
        pub static EN: Strings = Strings { simple: [$($st),*], plural: [$($pt),*] };
    };
}

strings! {
    simple {
        loading: "Loading your checkout…",
        load_failed: "We couldn't load your checkout.",
        try_again: "Try again",
        empty: "Your cart is empty.",
        order_summary: "Order summary",
        items_label: "Items in your order",
        quantity: "Qty {count}",
        decrease: "Decrease quantity of {name}",
        increase: "Increase quantity of {name}",
        quantity_of: "Quantity of {name}",
        subtotal: "Subtotal",
        discount: "Discount",
        total_due_today: "Total due today",
        add: "Add {name}",
        add_short: "Add",
        remove: "Remove {name}",
        remove_short: "Remove",
        cross_sells_heading: "Recommended add-ons",
        optional_heading: "Add to your order",
        save_amount: "Save {amount}",
        once: "first invoice",
        forever: "every invoice",
        updating: "Updating your order…",
        dismiss: "Dismiss",
        err_network: "We couldn't reach the server. Check your connection and try again.",
        err_timeout: "The server took too long to answer. Please try again.",
        err_server: "Something went wrong on our end. Please try again.",
        err_malformed: "We received an unexpected answer from the server. Please try again.",
        err_refused: "That change isn't possible for this order.",
        err_quantity: "That quantity isn't available for this item.",
        err_permission: "This order can't be changed here.",
        err_not_open: "This checkout is no longer open.",
        err_not_found: "This checkout could not be found.",
        err_offer_gone: "That offer is no longer available.",
        err_declined: "Your payment was declined.",
        err_cart_changed: "Your cart changed in the meantime; please check it and confirm again.",
        err_email_invalid: "Enter a valid email address, such as name@example.com.",
        err_email_missing: "Enter your email address to continue.",
        err_awaiting_payment: "Your payment is being processed, so your order can't change right now.",
        payment_failed: "Your payment didn't go through. Check your details and try again.",
        email: "Email",
        waiting_for_payment: "Waiting for payment…",
        subscribe: "Subscribe",
        pay: "Pay",
        test_mode: "Test mode",
        test_mode_note: "No money moves in test mode.",
        done_subscription: "Thank you! Your subscription is active.",
        done_payment: "Thank you! Your payment went through.",
        paid_today: "Paid today",
        unchanged: "Your cart has not changed.",
        upsell_day: "Save with a daily subscription",
        upsell_week: "Save with a weekly subscription",
        upsell_month: "Save with a monthly subscription",
        upsell_year: "Save with a yearly subscription",
        add_promotion_code: "Add promotion code",
        promotion_code: "Promotion code",
        apply: "Apply",
        remove_promotion_code: "Remove promotion code",
        code_invalid: "This code is invalid.",
        code_expired: "This code has expired.",
        code_exhausted: "This code is no longer available.",
        code_minimum: "Your order doesn't reach this code's minimum amount.",
        code_attempts: "Too many codes tried. Please wait a while and try again.",
    }
    plural {
        trial: ["", "{count} day free", "", "", "", "{count} days free", ""],
        for_months: ["", "for {count} month", "", "", "", "for {count} months", ""],
        line_day: ["", "{amount} / day", "", "", "", "{amount} / {count} days", ""],
        line_week: ["", "{amount} / week", "", "", "", "{amount} / {count} weeks", ""],
        line_month: ["", "{amount} / month", "", "", "", "{amount} / {count} months", ""],
        line_year: ["", "{amount} / year", "", "", "", "{amount} / {count} years", ""],
        then_day: ["", "then {amount} per day", "", "", "", "then {amount} every {count} days", ""],
        then_week: ["", "then {amount} per week", "", "", "", "then {amount} every {count} weeks", ""],
        then_month: ["", "then {amount} per month", "", "", "", "then {amount} every {count} months", ""],
        then_year: ["", "then {amount} per year", "", "", "", "then {amount} every {count} years", ""],
        monthly_equivalent: [
            "",
            "{amount} / month, billed yearly",
            "",
            "",
            "",
            "{amount} / month, billed every {count} years",
            "",
        ],
    }
}

/// Puts each value where its `{name}` is.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match values.iter().find(|(n, _)| *n == name) {
                    Some((_, value)) => out.push_str(value),
                    None => out.push_str(&rest[open..open + close + 2]),
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

impl Strings {
    /// The string a key names (`trial.one`: a plural form), if the widget knows it.
    fn slot(&mut self, key: &str) -> Option<&mut &'static str> {
        let find = |keys: &[&str], key: &str| keys.iter().position(|k| *k == key);
        match key.split_once('.') {
            None => self.simple.get_mut(find(Strings::SIMPLE, key)?),
            Some((base, category)) => {
                let forms = self.plural.get_mut(find(Strings::PLURAL, base)?)?;
                forms.get_mut(find(&CATEGORIES, category)?)
            }
        }
    }

    /// Sets one entry of a locale file; `false` for a key the widget does not know.
    pub fn set(&mut self, key: &str, text: &'static str) -> bool {
        self.slot(key).map(|slot| *slot = text).is_some()
    }

    /// A key's text (`None` for an empty plural form), for tests.
    pub fn get(&self, key: &str) -> Option<&'static str> {
        self.clone().slot(key).map(|t| *t).filter(|t| !t.is_empty())
    }

    /// A locale file's entries over English's (a missing key stays English; unknown keys
    /// are the tests' business). Each locale is read once per page and kept for its life,
    /// so its strings are leaked.
    pub fn with(entries: impl IntoIterator<Item = (String, String)>) -> Strings {
        let mut strings = EN.clone();
        for (key, text) in entries {
            strings.set(&key, Box::leak(text.into_boxed_str()));
        }
        strings
    }
}

thread_local! {
    /// The locales this page has loaded (a handful at most, so a list).
    static LOADED: RefCell<Vec<(String, &'static Strings)>> = const { RefCell::new(Vec::new()) };
}

/// The locale the buyer asked for, before its strings are known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wanted {
    /// The supported locale: `fr`, `es-419`, `en`.
    pub id: String,
    /// The buyer's own tag, for `Intl`: `fr-BE`.
    pub tag: String,
}

impl Wanted {
    /// The first of `candidates` that matches a supported locale, else English.
    pub fn choose<'a>(candidates: impl IntoIterator<Item = Option<&'a str>>) -> Wanted {
        for tag in candidates.into_iter().flatten() {
            let tag = tag.trim().to_string();
            if let Some(id) = match_locale(&tag) {
                return Wanted { id, tag };
            }
        }
        Wanted {
            id: "en".into(),
            tag: "en".into(),
        }
    }

    /// A widget's locale: its `locale` attribute, then its session's, then the browser's.
    pub fn of(attribute: Option<&str>, session: Option<&str>) -> Wanted {
        let nav = web_sys::window().and_then(|w| w.navigator().language());
        Wanted::choose([attribute, session, nav.as_deref()])
    }

    /// The locale, once its strings are here (English always is).
    pub fn ready(&self) -> Option<Locale> {
        let strings = if self.id.starts_with("en") {
            &EN
        } else {
            match LOADED.with(|l| {
                l.borrow()
                    .iter()
                    .find(|(id, _)| *id == self.id)
                    .map(|(_, s)| *s)
            }) {
                Some(strings) => strings,
                None => register(&self.id, loaded_strings(&self.id))?,
            }
        };
        Some(Locale {
            id: self.id.clone(),
            tag: self.tag.clone(),
            strings,
        })
    }

    /// Waits for this locale's strings (the loader started their fetch beside the wasm).
    pub async fn load(&self) {
        if self.ready().is_none() {
            let _ = wasm_bindgen_futures::JsFuture::from(locale_strings(&self.id)).await;
        }
    }
}

/// Keeps a locale's strings as JS answered them: an object of key → text, or `null` when
/// the file could not be had (the page stays in English then: a checkout in English
/// beats none). `None` while they are on their way.
#[inline(never)]
fn register(id: &str, object: JsValue) -> Option<&'static Strings> {
    if object.is_undefined() {
        return None;
    }
    let strings: &'static Strings = if object.is_object() {
        let entries = js_sys::Object::entries(object.unchecked_ref());
        Box::leak(Box::new(Strings::with(entries.iter().filter_map(|pair| {
            let pair: js_sys::Array = pair.unchecked_into();
            Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
        }))))
    } else {
        &EN
    };
    LOADED.with(|l| l.borrow_mut().push((id.to_string(), strings)));
    Some(strings)
}

impl Wanted {
    /// Takes `entries` as this locale's strings (a test's fixture).
    pub fn with_strings(&self, entries: impl IntoIterator<Item = (String, String)>) -> Locale {
        let strings: &'static Strings = Box::leak(Box::new(Strings::with(entries)));
        LOADED.with(|l| l.borrow_mut().push((self.id.clone(), strings)));
        self.ready().expect("just registered")
    }
}

/// A locale with its strings.
#[derive(Clone)]
pub struct Locale {
    /// The supported locale the strings are in: `fr`, `es-419`, `en`.
    pub id: String,
    /// The buyer's own tag, for `Intl`: `fr-BE`.
    pub tag: String,
    strings: &'static Strings,
}

impl PartialEq for Locale {
    fn eq(&self, other: &Locale) -> bool {
        self.id == other.id && self.tag == other.tag && std::ptr::eq(self.strings, other.strings)
    }
}

impl std::fmt::Debug for Locale {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(&self.tag)
    }
}

fn by_interval<T: Copy>(interval: Interval, of: [T; 4]) -> T {
    of[match interval {
        Interval::Day => 0,
        Interval::Week => 1,
        Interval::Month => 2,
        Interval::Year => 3,
    }]
}

impl Locale {
    /// English, for the tag `en`.
    pub fn english() -> Locale {
        Wanted::choose([None])
            .ready()
            .expect("English is compiled in")
    }

    pub fn strings(&self) -> &'static Strings {
        self.strings
    }

    /// The language the strings are in (`lang`): the locale's, or `en` when its file
    /// could not be had.
    pub fn lang(&self) -> &str {
        if std::ptr::eq(self.strings, &EN) && !self.id.starts_with("en") {
            "en"
        } else {
            &self.id
        }
    }

    /// Arabic and Hebrew are written right to left.
    pub fn rtl(&self) -> bool {
        matches!(self.lang(), "ar" | "he")
    }

    /// The `dir` of the widget's root.
    pub fn dir(&self) -> &'static str {
        if self.rtl() {
            "rtl"
        } else {
            "ltr"
        }
    }

    /// `message`'s form for `count`, with `{count}` and `{amount}` filled in. English
    /// needs no `Intl` for it (one for 1, other for the rest), and a fresh renderer's
    /// first `Intl` object costs tens of milliseconds (see format.rs); other locales
    /// ask `Intl.PluralRules` (a wasm test holds the English rule to it).
    pub fn plural(&self, message: &Plural, count: u64, amount: &str) -> String {
        let category = if std::ptr::eq(self.strings, &EN) {
            if count == 1 {
                1
            } else {
                5
            }
        } else {
            let c = plural_category(&self.tag, count as f64);
            CATEGORIES.iter().position(|x| *x == c).unwrap_or(5)
        };
        let form = [6, category, 5]
            .into_iter()
            .filter(|i| *i != 6 || count == 1)
            .map(|i| message[i])
            .find(|f| !f.is_empty())
            .unwrap_or_default();
        fill(form, &[("count", &count.to_string()), ("amount", amount)])
    }

    /// A line's price: "$100.00 / month", "$300.00 / 3 months".
    pub fn line_price(&self, amount: &str, interval: Interval, count: u32) -> String {
        let s = self.strings;
        let message = by_interval(
            interval,
            [s.line_day(), s.line_week(), s.line_month(), s.line_year()],
        );
        self.plural(message, count.into(), amount)
    }

    /// "then $1,000.00 per year" / "then $300.00 every 3 months".
    pub fn then(&self, amount: &str, interval: Interval, count: u32) -> String {
        let s = self.strings;
        let message = by_interval(
            interval,
            [s.then_day(), s.then_week(), s.then_month(), s.then_year()],
        );
        self.plural(message, count.into(), amount)
    }

    /// The switch's stable accessible name for an upsell to `interval`.
    pub fn upsell_name(&self, interval: Interval) -> &'static str {
        let s = self.strings;
        by_interval(
            interval,
            [
                s.upsell_day(),
                s.upsell_week(),
                s.upsell_month(),
                s.upsell_year(),
            ],
        )
    }

    /// How long a coupon lasts.
    pub fn coupon_duration(&self, duration: CouponDuration, months: Option<u32>) -> String {
        let s = self.strings;
        match duration {
            CouponDuration::Once => s.once().to_string(),
            CouponDuration::Forever => s.forever().to_string(),
            CouponDuration::Repeating => {
                self.plural(s.for_months(), months.unwrap_or(0).into(), "")
            }
        }
    }
}

impl Strings {
    /// Why a promotion code was refused, for the field's own message (`None`: the
    /// refusal is not about the code, and the widget's alert says it).
    pub fn code_refusal(&self, error: &ApiError) -> Option<&'static str> {
        Some(match error.code() {
            "promotion_code_invalid" => self.code_invalid(),
            "promotion_code_expired" => self.code_expired(),
            "promotion_code_exhausted" => self.code_exhausted(),
            "promotion_code_minimum_amount" => self.code_minimum(),
            "rate_limited" => self.code_attempts(),
            _ => return None,
        })
    }

    /// What to tell the buyer when an update or the load fails.
    pub fn error_message(&self, error: &ApiError) -> &'static str {
        match error {
            ApiError::Network => self.err_network(),
            ApiError::Timeout => self.err_timeout(),
            ApiError::Malformed => self.err_malformed(),
            ApiError::Http { status } if *status >= 500 => self.err_server(),
            ApiError::Http { .. } => self.err_refused(),
            ApiError::Server { status, code, .. } => match code.as_str() {
                _ if *status >= 500 => self.err_server(),
                "quantity_out_of_range" | "quantity_not_adjustable" => self.err_quantity(),
                "permission_denied" => self.err_permission(),
                "session_not_open" => self.err_not_open(),
                "payment_declined" => self.err_declined(),
                "session_version_conflict" => self.err_cart_changed(),
                "email_invalid" => self.err_email_invalid(),
                // The one field a buyer's request can miss: the email at confirm.
                "parameter_missing" => self.err_email_missing(),
                "session_awaiting_payment" => self.err_awaiting_payment(),
                "resource_missing" => self.err_not_found(),
                "cross_sell_not_offered"
                | "cross_sell_not_added"
                | "upsell_not_available"
                | "optional_item_not_offered"
                | "optional_item_already_added"
                | "optional_item_not_added" => self.err_offer_gone(),
                _ => self.code_refusal(error).unwrap_or(self.err_refused()),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Strings, CATEGORIES, EN};
    use std::collections::BTreeSet;

    fn placeholders(text: &str) -> BTreeSet<String> {
        text.split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_string()))
            .collect()
    }

    /// The placeholders of a key's text, or of all a plural message's forms together.
    fn english_placeholders(key: &str) -> BTreeSet<String> {
        match EN.get(key) {
            Some(text) => placeholders(text),
            None => CATEGORIES
                .iter()
                .filter_map(|c| EN.get(&format!("{key}.{c}")))
                .flat_map(placeholders)
                .collect(),
        }
    }

    /// The supported locales, as js/locales.js lists them.
    fn listed() -> Vec<String> {
        let js = include_str!("../js/locales.js");
        let list = js
            .split("LOCALES = [")
            .nth(1)
            .unwrap()
            .split(']')
            .next()
            .unwrap();
        list.split(',')
            .map(|t| t.trim().trim_matches('\'').to_string())
            .filter(|t| !t.is_empty())
            .collect()
    }

    fn files() -> Vec<(String, serde_json::Map<String, serde_json::Value>)> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/locales");
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .map(|p| {
                let id = p.file_stem().unwrap().to_str().unwrap().to_string();
                let text = std::fs::read_to_string(&p).unwrap();
                let json: serde_json::Value = serde_json::from_str(&text)
                    .unwrap_or_else(|e| panic!("locales/{id}.json is not JSON: {e}"));
                (id, json.as_object().expect("an object").clone())
            })
            .collect();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        files
    }

    /// Every supported locale but English (compiled in) has its file, and no file is for
    /// a locale the widget does not offer.
    #[test]
    fn every_listed_locale_has_its_file() {
        let mut wanted: Vec<String> = listed()
            .into_iter()
            .filter(|l| !l.starts_with("en"))
            .collect();
        wanted.sort();
        let found: Vec<String> = files().into_iter().map(|(id, _)| id).collect();
        assert_eq!(found, wanted);
        assert_eq!(
            listed().len(),
            42,
            "Stripe Checkout's 40 locales, and ar and he"
        );
    }

    /// Each file has every string the widget shows and none it does not know, each
    /// with English's placeholders, and parses as the widget parses it.
    #[test]
    fn every_locale_has_every_string_with_englishs_placeholders() {
        for (id, entries) in files() {
            let mut strings = EN.clone();
            for (key, value) in &entries {
                let text = value
                    .as_str()
                    .unwrap_or_else(|| panic!("{id}: {key} is not a string"));
                assert!(!text.trim().is_empty(), "{id}: {key} is empty");
                assert!(
                    strings.set(key, Box::leak(text.to_string().into_boxed_str())),
                    "{id}: {key} is not a string the widget knows"
                );
                let base = key.split('.').next().unwrap();
                let extra: Vec<_> = placeholders(text)
                    .difference(&english_placeholders(base))
                    .cloned()
                    .collect();
                assert!(
                    extra.is_empty(),
                    "{id}: {key} has placeholders English lacks: {extra:?}"
                );
            }
            for key in Strings::SIMPLE {
                let text = entries
                    .get(*key)
                    .and_then(|v| v.as_str())
                    .unwrap_or_else(|| panic!("{id} lacks {key}"));
                assert_eq!(
                    placeholders(text),
                    english_placeholders(key),
                    "{id}: {key} has other placeholders than English"
                );
            }
            for key in Strings::PLURAL {
                let other = format!("{key}.other");
                assert!(entries.contains_key(&other), "{id} lacks {other}");
                let used: BTreeSet<String> = CATEGORIES
                    .iter()
                    .filter_map(|c| entries.get(&format!("{key}.{c}")))
                    .flat_map(|v| placeholders(v.as_str().unwrap()))
                    .collect();
                assert_eq!(
                    used,
                    english_placeholders(key),
                    "{id}: {key}'s forms together"
                );
                assert!(
                    placeholders(entries[&other].as_str().unwrap()).contains("count"),
                    "{id}: {other} must say the count"
                );
            }
            let text = std::fs::read_to_string(format!(
                "{}/locales/{id}.json",
                env!("CARGO_MANIFEST_DIR")
            ))
            .unwrap();
            let json: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(&text).unwrap();
            let parsed = Strings::with(
                json.into_iter()
                    .map(|(k, v)| (k, v.as_str().unwrap().to_string())),
            );
            assert_eq!(
                parsed.upsell_year(),
                entries["upsell_year"].as_str().unwrap()
            );
            assert_eq!(parsed.trial()[5], entries["trial.other"].as_str().unwrap());
        }
    }

    /// English's own texts for every key carry what the tests above compare against.
    #[test]
    fn english_has_every_key_and_the_loaders_texts() {
        for key in Strings::SIMPLE {
            assert!(EN.get(key).is_some_and(|t| !t.is_empty()), "{key}");
        }
        for key in Strings::PLURAL {
            assert!(EN.get(&format!("{key}.other")).is_some(), "{key}");
        }
        // The loader's failure state (js/checkout-widget.js, shown when the wasm cannot
        // load) says in English what the widget's own failed load says; other locales
        // take these keys from their files.
        let loader = include_str!("../js/checkout-widget.js");
        for text in [EN.load_failed(), EN.err_network(), EN.try_again()] {
            assert!(
                loader.contains(text),
                "js/checkout-widget.js lacks {text:?}"
            );
        }
        for key in ["load_failed", "err_network", "try_again"] {
            assert!(
                loader.contains(&format!("strings.{key}")),
                "the loader reads {key}"
            );
        }
    }

    #[test]
    fn fill_puts_each_value_by_name() {
        assert_eq!(
            super::fill(
                "{count}か月ごとに{amount}",
                &[("amount", "$3"), ("count", "3")]
            ),
            "3か月ごとに$3"
        );
        assert_eq!(super::fill("{x} {", &[]), "{x} {");
    }
}
