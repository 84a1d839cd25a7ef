//! Catalog wire types (engine API §4.1): products, prices, coupons.

use serde::{Deserialize, Serialize};

/// A product the merchant sells.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Product {
    pub id: String,
    #[serde(default = "product_object")]
    pub object: String,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub images: Vec<String>,
    pub active: bool,
    /// Up to 10 products offered as cross-sells when this product is in a session.
    #[serde(default)]
    pub cross_sells: Vec<String>,
}

fn product_object() -> String {
    "product".into()
}

/// Whether a price is charged once or every cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum PriceType {
    #[default]
    OneTime,
    Recurring,
}

/// A billing cycle unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    not(any(feature = "requests", feature = "catalog")),
    serde(try_from = "String")
)]
pub enum Interval {
    Day,
    Week,
    Month,
    Year,
}

impl Interval {
    pub fn as_str(self) -> &'static str {
        match self {
            Interval::Day => "day",
            Interval::Week => "week",
            Interval::Month => "month",
            Interval::Year => "year",
        }
    }
}

/// Licensed (charged by quantity) or metered (charged by reported usage).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum UsageType {
    #[default]
    Licensed,
    Metered,
}

/// The cycle of a recurring price.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Recurring {
    pub interval: Interval,
    #[serde(default = "one")]
    #[cfg_attr(feature = "requests", serde(deserialize_with = "crate::integers::int"))]
    pub interval_count: u32,
    #[serde(default)]
    #[cfg_attr(
        not(any(feature = "requests", feature = "catalog")),
        serde(skip_deserializing)
    )]
    pub usage_type: UsageType,
}

fn one() -> u32 {
    1
}

/// How the amount of a price is computed from the quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum BillingScheme {
    #[default]
    PerUnit,
    Tiered,
}

/// Graduated: each tier prices its own units. Volume: one tier prices all units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum TiersMode {
    Graduated,
    Volume,
}

/// One tier of a tiered price; `up_to: null` (sent as `"inf"` too, as at Stripe) is the
/// last, unbounded tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Tier {
    #[serde(default)]
    #[cfg_attr(
        feature = "requests",
        serde(deserialize_with = "crate::integers::up_to")
    )]
    #[cfg_attr(feature = "openapi", schema(schema_with = up_to_schema))]
    pub up_to: Option<u64>,
    #[serde(default)]
    #[cfg_attr(
        feature = "requests",
        serde(deserialize_with = "crate::integers::opt_int")
    )]
    pub unit_amount: Option<i64>,
    #[serde(default)]
    #[cfg_attr(
        feature = "requests",
        serde(deserialize_with = "crate::integers::opt_int")
    )]
    pub flat_amount: Option<i64>,
}

/// `up_to`: an integer from 1, `"inf"` or `null`.
#[cfg(feature = "openapi")]
fn up_to_schema() -> utoipa::openapi::schema::Schema {
    use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Schema, Type};
    Schema::OneOf(
        OneOfBuilder::new()
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .minimum(Some(1)),
            )
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .enum_values(Some(["inf"])),
            )
            .item(ObjectBuilder::new().schema_type(Type::Null))
            .build(),
    )
}

/// Rounding of a transformed quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Round {
    Up,
    Down,
}

/// Charge per group of units: quantity is divided by `divide_by` and rounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TransformQuantity {
    #[cfg_attr(feature = "requests", serde(deserialize_with = "crate::integers::int"))]
    pub divide_by: u64,
    pub round: Round,
}

/// Whether tax is included in the amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum TaxBehavior {
    Inclusive,
    Exclusive,
    #[default]
    Unspecified,
}

/// A price of a product.
///
/// A build without `requests` or `catalog` (the widget's) decodes only `unit_amount` and
/// `recurring`, what the widget shows (it formats in the session's currency); the other fields read as their
/// defaults there (see docs/decisions.md: the widget decodes what it renders).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Price {
    pub id: String,
    #[cfg_attr(
        not(any(feature = "requests", feature = "catalog")),
        serde(skip_deserializing)
    )]
    #[serde(default = "price_object")]
    pub object: String,
    #[cfg_attr(
        not(any(feature = "requests", feature = "catalog")),
        serde(skip_deserializing)
    )]
    pub product: String,
    #[cfg_attr(
        not(any(feature = "requests", feature = "catalog")),
        serde(skip_deserializing)
    )]
    pub active: bool,
    #[cfg_attr(
        not(any(feature = "requests", feature = "catalog")),
        serde(skip_deserializing)
    )]
    pub currency: String,
    pub unit_amount: Option<i64>,
    #[cfg_attr(
        not(any(feature = "requests", feature = "catalog")),
        serde(skip_deserializing)
    )]
    #[serde(rename = "type")]
    pub price_type: PriceType,
    pub recurring: Option<Recurring>,
    #[cfg_attr(
        not(any(feature = "requests", feature = "catalog")),
        serde(skip_deserializing)
    )]
    #[serde(default)]
    pub billing_scheme: BillingScheme,
    #[cfg_attr(
        not(any(feature = "requests", feature = "catalog")),
        serde(skip_deserializing)
    )]
    #[serde(default)]
    pub tiers_mode: Option<TiersMode>,
    #[cfg_attr(
        not(any(feature = "requests", feature = "catalog")),
        serde(skip_deserializing)
    )]
    #[serde(default)]
    pub tiers: Option<Vec<Tier>>,
    #[cfg_attr(
        not(any(feature = "requests", feature = "catalog")),
        serde(skip_deserializing)
    )]
    #[serde(default)]
    pub transform_quantity: Option<TransformQuantity>,
    #[cfg_attr(
        not(any(feature = "requests", feature = "catalog")),
        serde(skip_deserializing)
    )]
    #[serde(default)]
    pub tax_behavior: TaxBehavior,
    /// The price this one upsells to (a longer cycle of the same product), if any.
    #[cfg_attr(
        not(any(feature = "requests", feature = "catalog")),
        serde(skip_deserializing)
    )]
    #[serde(default)]
    pub upsell: Option<String>,
    #[cfg_attr(
        not(any(feature = "requests", feature = "catalog")),
        serde(skip_deserializing)
    )]
    #[serde(default)]
    pub nickname: Option<String>,
}

fn price_object() -> String {
    "price".into()
}

impl Price {
    pub fn is_recurring(&self) -> bool {
        self.price_type == PriceType::Recurring
    }

    pub fn is_metered(&self) -> bool {
        self.recurring
            .is_some_and(|r| r.usage_type == UsageType::Metered)
    }

    /// `(interval, interval_count)` of a recurring price.
    pub fn cycle(&self) -> Option<(Interval, u32)> {
        self.recurring.map(|r| (r.interval, r.interval_count))
    }
}

/// How long a coupon discounts a subscription.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    not(any(feature = "requests", feature = "catalog")),
    serde(try_from = "String")
)]
pub enum CouponDuration {
    Once,
    Repeating,
    Forever,
}

/// A discount: a percentage (`percent_off`, up to two decimals) or an amount
/// (`amount_off` in `currency`'s minor unit).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Coupon {
    #[cfg_attr(
        not(any(feature = "requests", feature = "catalog")),
        serde(skip_deserializing)
    )]
    pub id: String,
    #[cfg_attr(
        not(any(feature = "requests", feature = "catalog")),
        serde(skip_deserializing)
    )]
    #[serde(default = "coupon_object")]
    pub object: String,
    #[serde(default)]
    pub name: Option<String>,
    #[cfg_attr(
        not(any(feature = "requests", feature = "catalog")),
        serde(skip_deserializing)
    )]
    #[serde(default)]
    pub percent_off: Option<f64>,
    #[cfg_attr(
        not(any(feature = "requests", feature = "catalog")),
        serde(skip_deserializing)
    )]
    #[serde(default)]
    pub amount_off: Option<i64>,
    #[cfg_attr(
        not(any(feature = "requests", feature = "catalog")),
        serde(skip_deserializing)
    )]
    #[serde(default)]
    pub currency: Option<String>,
    pub duration: CouponDuration,
    #[serde(default)]
    pub duration_in_months: Option<u32>,
}

fn coupon_object() -> String {
    "coupon".into()
}

impl Coupon {
    /// `percent_off` in hundredths of a percent (12.5 % → 1250), if it is a percentage coupon.
    pub fn percent_off_hundredths(&self) -> Option<i64> {
        self.percent_off.map(|p| (p * 100.0).round() as i64)
    }
}

/// A catalog object as the engine API answers it and the store keeps it (DESIGN §9): the
/// type the rules read, with what only the merchant sees beside it: its `metadata`, when
/// it was `created` and whether it is `livemode`. The buyer's view (§4.3) shows the inner
/// type alone, so metadata never reaches a browser.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Record<T> {
    #[serde(flatten)]
    pub inner: T,
    #[serde(default)]
    pub metadata: crate::metadata::Metadata,
    /// Unix seconds.
    #[serde(default)]
    pub created: i64,
    #[serde(default)]
    pub livemode: bool,
}

impl<T> Record<T> {
    /// A new object, without metadata.
    pub fn new(inner: T, created: i64, livemode: bool) -> Self {
        Record {
            inner,
            metadata: Default::default(),
            created,
            livemode,
        }
    }
}

impl<T> std::ops::Deref for Record<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.inner
    }
}

impl<T> std::ops::DerefMut for Record<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.inner
    }
}
