//! Metadata: the merchant's own key-value pairs on products, prices, coupons and sessions,
//! with Stripe's limits (DESIGN §9): at most 50 keys, keys of 1 to 40 characters without
//! square brackets, values of up to 500 characters. An update merges key by key: a key
//! given a value is set, a key given `null` or `""` is removed, keys not named stay.

use crate::{Code, RuleError};
use std::collections::BTreeMap;

/// Most keys one object carries.
pub const MAX_KEYS: usize = 50;
/// Longest key, in characters.
pub const MAX_KEY_CHARS: usize = 40;
/// Longest value, in characters.
pub const MAX_VALUE_CHARS: usize = 500;

/// An object's metadata, keys in order.
pub type Metadata = BTreeMap<String, String>;

/// What a create or an update sends: a value sets a key, `null` or `""` removes it.
pub type MetadataParams = BTreeMap<String, Option<String>>;

/// Reads a field that may be absent (`None`), `null` (`Some(None)`) or a value.
pub fn double_option<'de, D: serde::Deserializer<'de>, T: serde::Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    <Option<T> as serde::Deserialize>::deserialize(d).map(Some)
}

/// The metadata after an update's `metadata`: absent leaves it, `null` empties it, a
/// map merges key by key.
pub fn update(
    current: &Metadata,
    change: Option<&Option<MetadataParams>>,
) -> Result<Metadata, RuleError> {
    match change {
        None => Ok(current.clone()),
        Some(None) => Ok(Metadata::new()),
        Some(Some(changes)) => merge(current, changes),
    }
}

fn refuse(message: String, key: &str) -> RuleError {
    RuleError::new(Code::ParameterInvalid, message).param(format!("metadata.{key}"))
}

/// `current` with `changes` merged in, or the refusal naming the first key that breaks
/// a limit (nothing is changed then).
pub fn merge(current: &Metadata, changes: &MetadataParams) -> Result<Metadata, RuleError> {
    let mut out = current.clone();
    for (key, value) in changes {
        if key.is_empty() || key.chars().count() > MAX_KEY_CHARS {
            return Err(refuse(
                format!("a metadata key has 1 to {MAX_KEY_CHARS} characters"),
                key,
            ));
        }
        if key.contains(['[', ']']) {
            // Named as the map: the key itself has no bracket form.
            return Err(RuleError::new(
                Code::ParameterInvalid,
                format!("a metadata key cannot contain square brackets: `{key}`"),
            )
            .param("metadata"));
        }
        match value.as_deref() {
            None | Some("") => {
                out.remove(key);
            }
            Some(v) if v.chars().count() > MAX_VALUE_CHARS => {
                return Err(refuse(
                    format!("a metadata value has at most {MAX_VALUE_CHARS} characters"),
                    key,
                ))
            }
            Some(v) => {
                out.insert(key.clone(), v.to_string());
            }
        }
    }
    if out.len() > MAX_KEYS {
        // The first key this update adds.
        let key = changes
            .iter()
            .find(|(k, v)| v.as_deref().is_some_and(|v| !v.is_empty()) && !current.contains_key(*k))
            .map(|(k, _)| k.clone())
            .unwrap_or_default();
        return Err(refuse(
            format!("an object carries at most {MAX_KEYS} metadata keys"),
            &key,
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, Option<&str>)]) -> MetadataParams {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.map(String::from)))
            .collect()
    }

    #[test]
    fn an_update_merges_key_by_key() {
        let current = merge(
            &Metadata::new(),
            &params(&[("order", Some("42")), ("team", Some("a"))]),
        )
        .unwrap();
        let next = merge(
            &current,
            &params(&[
                ("order", Some("43")),
                ("team", Some("")),
                ("new", Some("x")),
            ]),
        )
        .unwrap();
        assert_eq!(
            next.into_iter().collect::<Vec<_>>(),
            vec![
                ("new".to_string(), "x".to_string()),
                ("order".to_string(), "43".to_string())
            ]
        );
        let removed = merge(&current, &params(&[("order", None)])).unwrap();
        assert_eq!(removed.keys().collect::<Vec<_>>(), vec!["team"]);
    }

    #[test]
    fn the_limits_are_stripes() {
        let long_key = "k".repeat(41);
        let e = merge(&Metadata::new(), &params(&[(&long_key, Some("v"))])).unwrap_err();
        assert_eq!(
            (e.code, e.param.as_deref()),
            (
                Code::ParameterInvalid,
                Some(format!("metadata.{long_key}").as_str())
            )
        );
        assert!(merge(&Metadata::new(), &params(&[(&"k".repeat(40), Some("v"))])).is_ok());
        let long_value = "v".repeat(501);
        assert!(merge(&Metadata::new(), &params(&[("k", Some(&long_value))])).is_err());
        assert!(merge(&Metadata::new(), &params(&[("k", Some(&"v".repeat(500)))])).is_ok());
        assert!(merge(&Metadata::new(), &params(&[("a[b]", Some("v"))])).is_err());
        assert!(merge(&Metadata::new(), &params(&[("", Some("v"))])).is_err());
        let fifty: MetadataParams = (0..50)
            .map(|i| (format!("k{i:02}"), Some("v".to_string())))
            .collect();
        let full = merge(&Metadata::new(), &fifty).unwrap();
        let e = merge(&full, &params(&[("one_more", Some("v"))])).unwrap_err();
        assert_eq!(e.param.as_deref(), Some("metadata.one_more"));
        // Removing one makes room for another in the same update.
        assert_eq!(
            merge(&full, &params(&[("k00", None), ("one_more", Some("v"))]))
                .unwrap()
                .len(),
            50
        );
    }
}
