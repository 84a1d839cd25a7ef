//! The locales in headless Chromium: how a tag is matched (js/locales.js, what the loader
//! and the widget both use), and that every locale's plural messages have the form
//! `Intl.PluralRules` picks for every count a checkout shows.
#![cfg(target_arch = "wasm32")]

use checkout_widget::i18n::{Locale, Strings, Wanted, CATEGORIES};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

macro_rules! files {
    ($($id:literal),* $(,)?) => {
        &[$(($id, include_str!(concat!("../locales/", $id, ".json")))),*]
    };
}

/// Every locale file (the native test in src/i18n.rs holds this list to js/locales.js).
const FILES: &[(&str, &str)] = files![
    "ar", "bg", "cs", "da", "de", "el", "es", "es-419", "et", "fi", "fil", "fr", "fr-CA", "he",
    "hr", "hu", "id", "it", "ja", "ko", "lt", "lv", "ms", "mt", "nb", "nl", "pl", "pt", "pt-BR",
    "ro", "ru", "sk", "sl", "sv", "th", "tr", "vi", "zh", "zh-HK", "zh-TW",
];

fn entries(json: &str) -> Vec<(String, String)> {
    let file: serde_json::Map<String, serde_json::Value> = serde_json::from_str(json).unwrap();
    file.into_iter()
        .map(|(k, v)| (k, v.as_str().unwrap().to_string()))
        .collect()
}

#[wasm_bindgen_test]
fn tags_match_exactly_then_by_language_else_english() {
    let id = |tag: &str| Wanted::choose([Some(tag)]).id;
    for (tag, expected) in [
        ("fr", "fr"),
        ("fr-BE", "fr"),
        ("fr-CA", "fr-CA"),
        ("FR-ca", "fr-CA"),
        ("pt-PT", "pt"),
        ("pt-BR", "pt-BR"),
        ("pt_BR", "pt-BR"),
        ("zh-Hant-TW", "zh-TW"),
        ("zh-Hant", "zh-TW"),
        ("zh-Hant-HK", "zh-HK"),
        ("zh-MO", "zh-HK"),
        ("zh-TW", "zh-TW"),
        ("zh-CN", "zh"),
        ("zh-Hans-SG", "zh"),
        ("zh", "zh"),
        ("nb-NO", "nb"),
        ("no", "nb"),
        ("es-MX", "es-419"),
        ("es-AR", "es-419"),
        ("es-419", "es-419"),
        ("es-ES", "es"),
        ("es", "es"),
        ("en-GB", "en-GB"),
        ("en-AU", "en"),
        ("de-AT", "de"),
        ("ar-EG", "ar"),
        ("he-IL", "he"),
        ("iw", "he"),
        ("fil-PH", "fil"),
        ("tl", "fil"),
        ("ja-JP", "ja"),
        ("garbage", "en"),
        ("", "en"),
        ("*", "en"),
        ("x-private", "en"),
        ("de-DE-u-co-phonebk", "de"),
    ] {
        assert_eq!(id(tag), expected, "{tag:?}");
    }
    // The buyer's own tag stays for `Intl` (amounts in fr-BE's way).
    assert_eq!(Wanted::choose([Some("fr-BE")]).tag, "fr-BE");
}

/// For every count from 1 to 400 (a trial's days, months of a coupon, an interval), each
/// locale's plural messages have the form its language's rules pick, and every form used
/// for a count other than 1 says the count (or is a dual).
#[wasm_bindgen_test]
fn every_plural_form_intl_picks_is_there() {
    for (id, json) in FILES {
        let entries = entries(json);
        let form = |key: &str, category: &str| {
            entries
                .iter()
                .find(|(k, _)| *k == format!("{key}.{category}"))
                .map(|(_, v)| v.clone())
        };
        let rules = js_sys::Intl::PluralRules::new(
            &js_sys::Array::of1(&(*id).into()),
            &js_sys::Object::new(),
        );
        for n in 1..=400_u32 {
            let category = String::from(rules.select(f64::from(n)));
            assert!(CATEGORIES.contains(&category.as_str()));
            for key in Strings::PLURAL {
                let text = form(key, &category)
                    .unwrap_or_else(|| panic!("{id}: {key}.{category} is missing (for {n})"));
                // A dual (`two`: Arabic's, Hebrew's, Maltese's "two months") says its count
                // in the word itself.
                if n != 1 && category != "two" {
                    assert!(
                        text.contains("{count}"),
                        "{id}: {key}.{category} is used for {n}"
                    );
                }
            }
        }
    }
}

/// English picks its plural form without `Intl` (one for 1, other for the rest): the
/// same as `Intl.PluralRules`.
#[wasm_bindgen_test]
fn englishs_plural_rule_is_intls() {
    let en = Wanted::choose([Some("en-US")]).ready().unwrap();
    let rules = js_sys::Intl::PluralRules::new(
        &js_sys::Array::of1(&"en-US".into()),
        &js_sys::Object::new(),
    );
    for n in 0..=1000_u64 {
        let expected = if rules.select(n as f64) == "one" {
            "{count} day free"
        } else {
            "{count} days free"
        };
        assert_eq!(
            en.plural(en.strings().trial(), n, ""),
            expected.replace("{count}", &n.to_string())
        );
    }
}

/// A locale's strings as the widget takes them: Polish's few/many forms, Arabic right to
/// left.
#[wasm_bindgen_test]
fn fetched_strings_are_used_with_their_plural_rules() {
    let load = |tag: &str| -> Locale {
        let wanted = Wanted::choose([Some(tag)]);
        let json = FILES.iter().find(|(id, _)| *id == wanted.id).unwrap().1;
        wanted.with_strings(entries(json))
    };
    let pl = load("pl-PL");
    let file = entries(FILES.iter().find(|(id, _)| *id == "pl").unwrap().1);
    let text = |key: &str| file.iter().find(|(k, _)| k == key).unwrap().1.clone();
    assert_eq!(
        pl.plural(pl.strings().trial(), 3, ""),
        text("trial.few").replace("{count}", "3")
    );
    assert_eq!(
        pl.plural(pl.strings().trial(), 5, ""),
        text("trial.many").replace("{count}", "5")
    );
    assert_eq!(pl.strings().upsell_year(), text("upsell_year"));
    assert_eq!((pl.dir(), pl.lang()), ("ltr", "pl"));
    let ar = load("ar-EG");
    assert_eq!((ar.dir(), ar.lang()), ("rtl", "ar"));
}
