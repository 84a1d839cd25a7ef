//! The session as the widget sees it (§4.3), and the request bodies of both APIs.

use crate::catalog::{Coupon, Interval, Price};
use crate::upsell::Savings;
use serde::{Deserialize, Serialize};

/// `payment` (one-time prices only) or `subscription` (at least one recurring price).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    Payment,
    Subscription,
}

/// Only `open` sessions can change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Open,
    Complete,
    Expired,
}

/// Who may change line items: the buyer through the widget API, or only the merchant's server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum UpdatePermission {
    #[default]
    Client,
    ServerOnly,
}

/// Where a line item came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum LineItemSource {
    Original,
    CrossSell,
}

/// The quantity range of a line item, and whether the buyer may change it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AdjustableQuantity {
    pub enabled: bool,
    pub minimum: u64,
    pub maximum: u64,
}

impl Default for AdjustableQuantity {
    fn default() -> Self {
        AdjustableQuantity {
            enabled: false,
            minimum: 1,
            maximum: 99,
        }
    }
}

/// The product fields a buyer sees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProductSummary {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub images: Vec<String>,
}

/// One line of the cart with its amounts in minor units.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ClientLineItem {
    pub id: String,
    pub source: LineItemSource,
    pub product: ProductSummary,
    pub price: Price,
    pub quantity: u64,
    pub adjustable_quantity: AdjustableQuantity,
    /// Cost of the quantity for one cycle (or once), before discounts.
    pub amount_subtotal: i64,
    /// Discount applied to what is due today.
    pub amount_discount: i64,
    pub amount_total: i64,
}

/// The upsell offer of an eligible session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ClientUpsell {
    pub line_item: String,
    pub price: Price,
    pub selected: bool,
    pub savings: Option<Savings>,
}

/// A cross-sell offer; `added` tells whether it is on the cart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ClientCrossSell {
    pub product: ProductSummary,
    pub price: Price,
    pub added: bool,
}

/// A coupon on the session and how many invoices it discounts (`null`: all).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ClientDiscount {
    pub coupon: Coupon,
    #[serde(default)]
    pub invoices: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SubscriptionData {
    #[serde(default)]
    #[cfg_attr(
        feature = "requests",
        serde(deserialize_with = "crate::integers::opt_int")
    )]
    pub trial_period_days: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TotalDetails {
    pub amount_discount: i64,
    pub amount_tax: i64,
}

/// What each later cycle costs, before discounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RecurringTotal {
    pub interval: Interval,
    pub interval_count: u32,
    pub amount: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Permissions {
    pub update_line_items: UpdatePermission,
}

/// What the widget reads of an error answer (§4): `{"error": {"code", "message", …}}`;
/// the other fields (`type`, `param`) are the server's to add.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

/// The `error` of an [`ErrorBody`]: a stable `code` and a `message` for people.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ErrorDetail {
    pub code: String,
    #[serde(default)]
    pub message: String,
}

/// The session, client view (§4.3). The widget renders only from this.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ClientSession {
    pub id: String,
    pub object: String,
    pub mode: Mode,
    pub status: Status,
    pub currency: String,
    #[serde(default)]
    pub locale: Option<String>,
    pub version: u64,
    pub line_items: Vec<ClientLineItem>,
    pub upsell: Option<ClientUpsell>,
    pub cross_sells: Vec<ClientCrossSell>,
    pub discounts: Vec<ClientDiscount>,
    pub subscription_data: SubscriptionData,
    pub amount_subtotal: i64,
    pub total_details: TotalDetails,
    pub amount_total: i64,
    pub recurring: Option<RecurringTotal>,
    #[serde(default)]
    pub permissions: Permissions,
    /// Unix seconds when the session stops accepting changes (24 h after creation unless
    /// the merchant set it).
    #[serde(default)]
    #[cfg_attr(
        feature = "requests",
        serde(deserialize_with = "crate::integers::opt_int")
    )]
    pub expires_at: Option<i64>,
    /// False while payments run in test mode (the widget shows "Test mode").
    #[serde(default)]
    pub livemode: bool,
}

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
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct ConfirmIntent {
    #[cfg_attr(feature = "requests", serde(deserialize_with = "crate::integers::int"))]
    pub expected_version: u64,
}

// ----- engine API request bodies -----

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
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct CreateSessionParams {
    pub mode: Mode,
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 100))]
    pub line_items: Vec<LineItemParams>,
    #[serde(default)]
    pub discounts: Vec<DiscountParams>,
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
}

/// `POST /v1/checkout/sessions/{id}`: the whole line-item array (§3.3).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct UpdateSessionParams {
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 100))]
    pub line_items: Vec<LineItemParams>,
}
