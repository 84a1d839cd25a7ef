//! The request bodies of both APIs: the widget API's intents (unknown fields refused,
//! never a price or an amount) and the engine API's parameters. `crate::view` names them
//! too.

use crate::view::*;
use serde::{Deserialize, Serialize};

// ----- widget API request bodies: intents only, unknown fields refused -----

/// `POST /api/checkout/{session}/upsell`
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct UpsellIntent {
    pub selected: bool,
}

/// `POST /api/checkout/{session}/cross-sells`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct CrossSellIntent {
    pub product: String,
}

/// `POST /api/checkout/{session}/line-items/{line_item}/quantity`
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct QuantityIntent {
    #[cfg_attr(feature = "requests", serde(deserialize_with = "crate::integers::int"))]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 999_999))]
    pub quantity: u64,
}

/// `POST /api/checkout/{session}/confirm`: pay for the cart as the buyer saw it. The
/// engine refuses (409 `session_version_conflict`) if the session changed since.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct ConfirmIntent {
    #[cfg_attr(feature = "requests", serde(deserialize_with = "crate::integers::int"))]
    pub expected_version: u64,
    /// The buyer's email; required unless the session was created with `customer_email`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 254))]
    pub email: Option<String>,
}

/// `POST /api/checkout/{session}/optional-items`: the optional item (by its price) to add.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct OptionalItemIntent {
    pub price: String,
}

/// `POST /api/checkout/{session}/promotion-code`: the code the buyer typed.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct PromotionCodeIntent {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 50))]
    pub code: String,
}

// ----- engine API request bodies -----

/// `POST /v1/checkout/sessions/{id}/complete`: the merchant's payment step took the money.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct CompleteSessionParams {
    /// The payment provider's id for the payment (a PaymentIntent, say), answered as given.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 200, pattern = "\\S")
    )]
    pub payment_reference: Option<String>,
    #[serde(default)]
    pub expand: Vec<Expand>,
}

/// `POST /v1/checkout/sessions/{id}/reopen`: the payment failed or the buyer went back.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct ReopenSessionParams {
    /// Shown to the buyer in the widget's alert (a generic sentence when absent).
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 200, pattern = "\\S")
    )]
    pub failure_message: Option<String>,
    #[serde(default)]
    pub expand: Vec<Expand>,
}

/// One of `optional_items` at session create (Stripe's shape).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct OptionalItemParams {
    #[cfg_attr(feature = "openapi", schema(min_length = 1))]
    pub price: String,
    #[cfg_attr(feature = "requests", serde(deserialize_with = "crate::integers::int"))]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 999_999))]
    pub quantity: u64,
    #[serde(default)]
    pub adjustable_quantity: Option<OptionalQuantityParams>,
}

/// The range of an optional item; `minimum` may be 0.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct OptionalQuantityParams {
    pub enabled: bool,
    #[serde(default)]
    #[cfg_attr(
        feature = "requests",
        serde(deserialize_with = "crate::integers::opt_int")
    )]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 999_999))]
    pub minimum: Option<u64>,
    #[serde(default)]
    #[cfg_attr(
        feature = "requests",
        serde(deserialize_with = "crate::integers::opt_int")
    )]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 999_999))]
    pub maximum: Option<u64>,
}

/// Quantity settings of a line item the merchant creates.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct AdjustableQuantityParams {
    pub enabled: bool,
    #[serde(default)]
    #[cfg_attr(
        feature = "requests",
        serde(deserialize_with = "crate::integers::opt_int")
    )]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 999_999))]
    pub minimum: Option<u64>,
    #[serde(default)]
    #[cfg_attr(
        feature = "requests",
        serde(deserialize_with = "crate::integers::opt_int")
    )]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 999_999))]
    pub maximum: Option<u64>,
}

/// One entry of the line-item array: keep `{id}`, update `{id, quantity}`, add `{price, quantity}`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct LineItemParams {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub price: Option<String>,
    #[serde(default)]
    #[cfg_attr(
        feature = "requests",
        serde(deserialize_with = "crate::integers::opt_int")
    )]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 999_999))]
    pub quantity: Option<u64>,
    #[serde(default)]
    pub adjustable_quantity: Option<AdjustableQuantityParams>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct DiscountParams {
    pub coupon: String,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct AutomaticTaxParams {
    pub enabled: bool,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct PermissionsParams {
    pub update_line_items: UpdatePermission,
}

/// `POST /v1/checkout/sessions`
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct CreateSessionParams {
    pub mode: Mode,
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 100))]
    pub line_items: Vec<LineItemParams>,
    #[serde(default)]
    pub discounts: Vec<DiscountParams>,
    /// Lets the buyer enter one promotion code (§11); not together with `discounts`.
    #[serde(default)]
    pub allow_promotion_codes: Option<bool>,
    /// Up to 10 products the buyer may add, with a quantity (§11).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 10))]
    pub optional_items: Vec<OptionalItemParams>,
    #[serde(default)]
    pub subscription_data: Option<SubscriptionData>,
    #[serde(default)]
    pub automatic_tax: Option<AutomaticTaxParams>,
    #[serde(default)]
    pub permissions: Option<PermissionsParams>,
    #[serde(default)]
    pub locale: Option<String>,
    /// Unix seconds, 30 minutes to 24 hours ahead; default 24 hours.
    #[serde(default)]
    #[cfg_attr(
        feature = "requests",
        serde(deserialize_with = "crate::integers::opt_int")
    )]
    pub expires_at: Option<i64>,
    /// The merchant's own key-value pairs: up to 50 keys of up to 40 characters, values
    /// of up to 500.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(value_type = std::collections::BTreeMap<String, Option<String>>)
    )]
    pub metadata: crate::metadata::MetadataParams,
    /// The merchant's own reference (1 to 200 characters).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub client_reference_id: Option<String>,
    /// The buyer's email, when the merchant knows it (the widget then does not ask).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 254))]
    pub customer_email: Option<String>,
    /// An absolute `http(s)` URL the merchant's page sends the buyer to when done.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 5000))]
    pub return_url: Option<String>,
    /// Stripe's other name for a page to go to when done: kept and answered as given.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 5000))]
    pub success_url: Option<String>,
    /// `custom` (the default): the widget renders the session on the merchant's page.
    #[serde(default)]
    pub ui_mode: Option<UiMode>,
    #[serde(default)]
    pub payment_method_collection: Option<PaymentMethodCollection>,
    /// Fields of the answer to expand: `line_items`.
    #[serde(default)]
    pub expand: Vec<Expand>,
}

/// What an engine answer expands on request (Stripe's `expand[]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Expand {
    /// The session's line items, as a list of `item`s.
    LineItems,
}

/// `POST /v1/checkout/sessions/{id}`: the whole line-item array (§3.3), the metadata
/// to merge, or both.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct UpdateSessionParams {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 100))]
    pub line_items: Option<Vec<LineItemParams>>,
    /// Merged key by key: a value sets a key, `null` or `""` removes it; `null` for the
    /// whole map removes every key.
    #[serde(default, deserialize_with = "crate::metadata::double_option")]
    #[cfg_attr(
        feature = "openapi",
        schema(value_type = Option<std::collections::BTreeMap<String, Option<String>>>)
    )]
    pub metadata: Option<Option<crate::metadata::MetadataParams>>,
    /// Fields of the answer to expand: `line_items`.
    #[serde(default)]
    pub expand: Vec<Expand>,
}
