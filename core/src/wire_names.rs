//! The wire names of the unit enums the widget decodes, read from a string.
//!
//! serde's derive gives every enum a visitor of its own (strings, bytes and integers, each
//! with its error messages): about 1.3 KB of wasm per enum. A build that decodes only what
//! the widget shows (neither `requests` nor `catalog`) reads these enums through
//! `serde(try_from = "String")` and the `TryFrom` below instead: one string decoder shared
//! by all of them. The engine and the dashboard keep serde's derive, whose refusals name
//! the expected variants. A test holds both readings to the same names.

use crate::catalog::{CouponDuration, Interval};
use crate::view::{LineItemSource, Mode, Status};

/// A name that is none of the enum's variants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnknownVariant;

impl std::fmt::Display for UnknownVariant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("unknown variant")
    }
}

macro_rules! wire_names {
    ($($ty:ty { $($name:literal => $variant:expr),* $(,)? })*) => {
        $(impl TryFrom<String> for $ty {
            type Error = UnknownVariant;
            fn try_from(name: String) -> Result<Self, UnknownVariant> {
                Ok(match name.as_str() {
                    $($name => $variant,)*
                    _ => return Err(UnknownVariant),
                })
            }
        })*

        #[cfg(test)]
        mod tests {
            use super::*;

            /// Every name reads back as serde's derive writes it, and nothing else reads.
            #[test]
            fn names_are_serdes() {
                $($(
                    let written = serde_json::to_value($variant).unwrap();
                    assert_eq!(written, serde_json::json!($name));
                    assert_eq!(<$ty>::try_from($name.to_string()), Ok($variant));
                    let read: $ty = serde_json::from_value(written).unwrap();
                    assert_eq!(read, $variant);
                )*
                assert!(serde_json::from_value::<$ty>(serde_json::json!("Nope")).is_err());
                assert_eq!(<$ty>::try_from("Nope".to_string()), Err(UnknownVariant));)*
            }
        }
    };
}

wire_names! {
    Interval { "day" => Interval::Day, "week" => Interval::Week, "month" => Interval::Month, "year" => Interval::Year }
    CouponDuration { "once" => CouponDuration::Once, "repeating" => CouponDuration::Repeating, "forever" => CouponDuration::Forever }
    LineItemSource { "original" => LineItemSource::Original, "cross_sell" => LineItemSource::CrossSell, "optional_item" => LineItemSource::OptionalItem }
    Mode { "payment" => Mode::Payment, "subscription" => Mode::Subscription }
    Status { "open" => Status::Open, "complete" => Status::Complete, "expired" => Status::Expired }
}
