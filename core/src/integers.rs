//! Integer fields of request bodies read `2` and `2.0` alike: JSON Schema counts `2.0` as
//! an integer, so a client generated from the OpenAPI document may send it
//! (docs/decisions.md). Any other fraction is refused, and so is a float beyond ±2^53,
//! where a 64-bit float no longer holds every integer. Use with
//! `#[serde(deserialize_with = "crate::integers::int")]`, or `opt_int` for an `Option`
//! (with `#[serde(default)]`).

use serde::de::{Deserializer, Error, Visitor};
use std::fmt;
use std::marker::PhantomData;

/// The largest integer every smaller one of which a 64-bit float holds exactly.
const EXACT: f64 = 9_007_199_254_740_992.0;

struct IntVisitor<T>(PhantomData<T>);

impl<T: TryFrom<i128>> IntVisitor<T> {
    fn fit<E: Error>(v: i128) -> Result<T, E> {
        T::try_from(v).map_err(|_| E::custom(format!("{v} is out of range")))
    }
}

impl<'de, T: TryFrom<i128>> Visitor<'de> for IntVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an integer")
    }

    fn visit_i64<E: Error>(self, v: i64) -> Result<T, E> {
        Self::fit(i128::from(v))
    }

    fn visit_u64<E: Error>(self, v: u64) -> Result<T, E> {
        Self::fit(i128::from(v))
    }

    fn visit_f64<E: Error>(self, v: f64) -> Result<T, E> {
        if v.fract() == 0.0 && v.abs() <= EXACT {
            Self::fit(v as i128)
        } else {
            Err(E::custom(format!("expected an integer, found {v}")))
        }
    }
}

/// An integer, written `2` or `2.0`. (Asked for as an `i64`: a JSON reader hands any
/// number to the visitor, as `u64`, `i64` or `f64`, without the code of `deserialize_any`.)
pub fn int<'de, D: Deserializer<'de>, T: TryFrom<i128>>(d: D) -> Result<T, D::Error> {
    d.deserialize_i64(IntVisitor(PhantomData))
}

/// An optional integer: `null` is `None`, `2` and `2.0` are `Some(2)`.
pub fn opt_int<'de, D: Deserializer<'de>, T: TryFrom<i128>>(d: D) -> Result<Option<T>, D::Error> {
    struct Opt<T>(PhantomData<T>);
    impl<'de, T: TryFrom<i128>> Visitor<'de> for Opt<T> {
        type Value = Option<T>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an integer or null")
        }
        fn visit_none<E: Error>(self) -> Result<Option<T>, E> {
            Ok(None)
        }
        fn visit_unit<E: Error>(self) -> Result<Option<T>, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
            int(d).map(Some)
        }
    }
    d.deserialize_option(Opt(PhantomData))
}

/// A tier's `up_to`: an integer, or `"inf"` (Stripe's word for the last, unbounded tier,
/// what its SDKs send) or `null` for `None`.
pub fn up_to<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    struct UpTo;
    impl<'de> Visitor<'de> for UpTo {
        type Value = Option<u64>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an integer, \"inf\" or null")
        }
        fn visit_i64<E: Error>(self, v: i64) -> Result<Option<u64>, E> {
            IntVisitor(PhantomData).visit_i64(v).map(Some)
        }
        fn visit_u64<E: Error>(self, v: u64) -> Result<Option<u64>, E> {
            IntVisitor(PhantomData).visit_u64(v).map(Some)
        }
        fn visit_f64<E: Error>(self, v: f64) -> Result<Option<u64>, E> {
            IntVisitor(PhantomData).visit_f64(v).map(Some)
        }
        fn visit_str<E: Error>(self, v: &str) -> Result<Option<u64>, E> {
            match v {
                "inf" => Ok(None),
                _ => Err(E::invalid_value(serde::de::Unexpected::Str(v), &self)),
            }
        }
        fn visit_none<E: Error>(self) -> Result<Option<u64>, E> {
            Ok(None)
        }
        fn visit_unit<E: Error>(self) -> Result<Option<u64>, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<u64>, D::Error> {
            d.deserialize_any(UpTo)
        }
    }
    d.deserialize_option(UpTo)
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[test]
    fn up_to_reads_integers_inf_and_null() {
        #[derive(Deserialize)]
        struct T {
            #[serde(default, deserialize_with = "super::up_to")]
            up_to: Option<u64>,
        }
        let read = |s: &str| serde_json::from_str::<T>(s).map(|t| t.up_to);
        assert_eq!(read(r#"{"up_to": 5}"#).unwrap(), Some(5));
        assert_eq!(read(r#"{"up_to": 5.0}"#).unwrap(), Some(5));
        assert_eq!(read(r#"{"up_to": "inf"}"#).unwrap(), None);
        assert_eq!(read(r#"{"up_to": null}"#).unwrap(), None);
        assert_eq!(read(r#"{}"#).unwrap(), None);
        assert!(read(r#"{"up_to": "5"}"#).is_err());
        assert!(read(r#"{"up_to": -1}"#).is_err());
    }

    #[derive(Deserialize, Debug, PartialEq)]
    struct Body {
        #[serde(deserialize_with = "super::int")]
        quantity: u64,
        #[serde(default, deserialize_with = "super::opt_int")]
        amount: Option<i64>,
    }

    fn read(json: &str) -> Result<Body, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn integers_may_be_written_with_a_zero_fraction_and_nothing_else() {
        let body = |q, a| Body {
            quantity: q,
            amount: a,
        };
        assert_eq!(read(r#"{"quantity": 2}"#), Ok(body(2, None)));
        assert_eq!(
            read(r#"{"quantity": 2.0, "amount": -5.0}"#),
            Ok(body(2, Some(-5)))
        );
        assert_eq!(
            read(r#"{"quantity": 2, "amount": null}"#),
            Ok(body(2, None))
        );
        assert_eq!(
            read(r#"{"quantity": 9007199254740992.0}"#),
            Ok(body(1 << 53, None))
        );
        for bad in [
            r#"{"quantity": 2.5}"#,
            r#"{"quantity": -1}"#,
            r#"{"quantity": 1e300}"#,
            r#"{"quantity": 18014398509481984.0}"#,
            r#"{"quantity": "2"}"#,
            r#"{"quantity": 2, "amount": 0.5}"#,
        ] {
            assert!(read(bad).is_err(), "{bad} was read");
        }
        assert!(read(r#"{"quantity": "2"}"#)
            .unwrap_err()
            .contains("expected an integer"));
    }
}
