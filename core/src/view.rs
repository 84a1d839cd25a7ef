//! The session as the widget sees it (§4.3), and the request bodies of both APIs.

use crate::catalog::{Coupon, Interval, Price};
use crate::upsell::Savings;
use serde::{Deserialize, Serialize};

/// `payment` (one-time prices only) or `subscription` (at least one recurring price).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    not(any(feature = "requests", feature = "catalog")),
    serde(try_from = "String")
)]
pub enum Mode {
    Payment,
    #[default]
    Subscription,
}

/// Only `open` sessions can change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    not(any(feature = "requests", feature = "catalog")),
    serde(try_from = "String")
)]
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

/// Whether a session collects a payment method when nothing is due (Stripe's values):
/// `always`, or `if_required` to complete a free order without one (§10).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethodCollection {
    #[default]
    Always,
    IfRequired,
}

/// Whether the session's money has been taken (Stripe's values): `unpaid` until the
/// payment step succeeds, `paid` after, `no_payment_required` for a free order completed
/// without a payment method (§10).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum PaymentStatus {
    #[default]
    Unpaid,
    Paid,
    NoPaymentRequired,
}

/// What the buyer gave at confirm (Stripe's `customer_details`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CustomerDetails {
    pub email: String,
}

/// The merchant reopened a session awaiting payment: `message` is its reason (as given to
/// `…/reopen`), or none for the widget's own sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PaymentFailure {
    pub message: Option<String>,
}

/// How the session is shown: `custom`, the merchant's page renders it with the widget
/// (the only one this engine serves; Stripe's `hosted` and `embedded` are its own pages).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum UiMode {
    #[default]
    Custom,
}

/// Where a line item came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    not(any(feature = "requests", feature = "catalog")),
    serde(try_from = "String")
)]
pub enum LineItemSource {
    Original,
    CrossSell,
    /// One of the session's `optional_items` the buyer added (§11).
    OptionalItem,
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
    // The widget shows the name only (see `Price`).
    #[serde(default)]
    #[cfg_attr(
        not(any(feature = "requests", feature = "catalog")),
        serde(skip_deserializing)
    )]
    pub description: Option<String>,
    #[serde(default)]
    #[cfg_attr(
        not(any(feature = "requests", feature = "catalog")),
        serde(skip_deserializing)
    )]
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
    // The widget shows the session's totals, not each line's (see `catalog::Price`).
    /// Discount applied to what is due today.
    #[cfg_attr(
        not(any(feature = "requests", feature = "catalog")),
        serde(skip_deserializing)
    )]
    pub amount_discount: i64,
    #[cfg_attr(
        not(any(feature = "requests", feature = "catalog")),
        serde(skip_deserializing)
    )]
    pub amount_total: i64,
}

/// The upsell offer of an eligible session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ClientUpsell {
    #[cfg_attr(
        not(any(feature = "requests", feature = "catalog")),
        serde(skip_deserializing)
    )]
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

/// One of the session's optional items (§11): offered while not `added`; an added one is a
/// line item with `source: "optional_item"`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ClientOptionalItem {
    pub product: ProductSummary,
    pub price: Price,
    /// The quantity it is added with.
    #[serde(default)]
    #[cfg_attr(
        not(any(feature = "requests", feature = "catalog")),
        serde(skip_deserializing)
    )]
    pub quantity: u64,
    /// The range the buyer may choose once it is added (`minimum` 0: it may be removed).
    #[serde(default)]
    #[cfg_attr(
        not(any(feature = "requests", feature = "catalog")),
        serde(skip_deserializing)
    )]
    pub adjustable_quantity: AdjustableQuantity,
    pub added: bool,
}

/// A coupon on the session and how many invoices it discounts (`null`: all).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ClientDiscount {
    pub coupon: Coupon,
    #[serde(default)]
    #[cfg_attr(
        not(any(feature = "requests", feature = "catalog")),
        serde(skip_deserializing)
    )]
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
    #[cfg_attr(
        not(any(feature = "requests", feature = "catalog")),
        serde(skip_deserializing)
    )]
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
    // The widget decodes what it shows (see `catalog::Price`); the page gets every field
    // in the events' JSON.
    #[cfg_attr(
        not(any(feature = "requests", feature = "catalog")),
        serde(skip_deserializing)
    )]
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
    #[cfg_attr(
        not(any(feature = "requests", feature = "catalog")),
        serde(skip_deserializing)
    )]
    pub permissions: Permissions,
    /// Unix seconds when the session stops accepting changes (24 h after creation unless
    /// the merchant set it).
    #[serde(default)]
    #[cfg_attr(
        not(any(feature = "requests", feature = "catalog")),
        serde(skip_deserializing)
    )]
    #[cfg_attr(
        feature = "requests",
        serde(deserialize_with = "crate::integers::opt_int")
    )]
    pub expires_at: Option<i64>,
    /// False while payments run in test mode (the widget shows "Test mode").
    #[serde(default)]
    pub livemode: bool,
    // The widget never shows `payment_status` or `customer_details` (the page reads them
    // from the events' JSON), so its build does not carry the code to decode them.
    #[serde(default)]
    #[cfg_attr(not(feature = "requests"), serde(skip_deserializing))]
    pub payment_status: PaymentStatus,
    /// True once the buyer confirmed under `PAYMENTS=merchant`: the cart is frozen until
    /// the merchant's server completes or reopens the session (§10).
    #[serde(default)]
    pub awaiting_payment: bool,
    /// True when the widget asks the buyer for an email (the merchant passed none).
    #[serde(default)]
    pub collect_email: bool,
    /// The email the buyer gave at confirm.
    #[serde(default)]
    #[cfg_attr(not(feature = "requests"), serde(skip_deserializing))]
    pub customer_details: Option<CustomerDetails>,
    /// The merchant reopened the session: its payment failed (shown to the buyer).
    #[serde(default)]
    pub payment_failure: Option<PaymentFailure>,
    /// The buyer may enter a promotion code (§11).
    #[serde(default)]
    pub allow_promotion_codes: bool,
    /// The code the buyer applied; its coupon is in `discounts`.
    #[serde(default)]
    pub promotion_code: Option<AppliedPromotionCode>,
    /// The session's optional items (§11), added or not.
    #[serde(default)]
    pub optional_items: Vec<ClientOptionalItem>,
}

/// A promotion code on a session: its id and the code as the merchant wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AppliedPromotionCode {
    #[serde(default)]
    #[cfg_attr(
        not(any(feature = "requests", feature = "catalog")),
        serde(skip_deserializing)
    )]
    pub id: String,
    pub code: String,
}

/// One line of a session as Stripe answers it on `/v1` (`object: "item"`): in
/// `line_items` when expanded and from `GET …/line_items`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Item {
    pub id: String,
    pub object: String,
    /// The product's name.
    pub description: String,
    pub price: Price,
    pub quantity: u64,
    pub currency: String,
    pub amount_subtotal: i64,
    pub amount_discount: i64,
    pub amount_tax: i64,
    pub amount_total: i64,
    pub adjustable_quantity: AdjustableQuantity,
    /// This engine's own: where the line came from, and the product as the buyer sees it.
    pub source: LineItemSource,
    pub product: ProductSummary,
}

impl From<ClientLineItem> for Item {
    fn from(li: ClientLineItem) -> Self {
        Item {
            object: "item".into(),
            description: li.product.name.clone(),
            currency: li.price.currency.clone(),
            amount_tax: 0,
            id: li.id,
            price: li.price,
            quantity: li.quantity,
            amount_subtotal: li.amount_subtotal,
            amount_discount: li.amount_discount,
            amount_total: li.amount_total,
            adjustable_quantity: li.adjustable_quantity,
            source: li.source,
            product: li.product,
        }
    }
}

/// A session's line items as a Stripe list (all of them: a session holds at most 100).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ItemList {
    pub object: String,
    pub url: String,
    pub has_more: bool,
    pub data: Vec<Item>,
}

/// The session on the engine API (`/v1`), in Stripe's shape (§9): the client view's
/// fields, the merchant's own (`metadata`, `client_reference_id`, …), and `line_items`
/// only when asked for with `expand[]=line_items`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EngineSession {
    pub id: String,
    pub object: String,
    pub created: i64,
    pub livemode: bool,
    pub mode: Mode,
    pub status: Status,
    pub ui_mode: UiMode,
    pub currency: String,
    pub locale: Option<String>,
    pub version: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line_items: Option<ItemList>,
    pub upsell: Option<ClientUpsell>,
    pub cross_sells: Vec<ClientCrossSell>,
    pub discounts: Vec<ClientDiscount>,
    pub subscription_data: SubscriptionData,
    pub amount_subtotal: i64,
    pub total_details: TotalDetails,
    pub amount_total: i64,
    pub recurring: Option<RecurringTotal>,
    pub permissions: Permissions,
    pub expires_at: Option<i64>,
    pub metadata: std::collections::BTreeMap<String, String>,
    pub client_reference_id: Option<String>,
    pub customer_email: Option<String>,
    pub return_url: Option<String>,
    pub success_url: Option<String>,
    pub payment_method_collection: PaymentMethodCollection,
    pub payment_status: PaymentStatus,
    pub awaiting_payment: bool,
    pub customer_details: Option<CustomerDetails>,
    /// The merchant's reference for the payment, as given to `…/complete`.
    pub payment_reference: Option<String>,
    /// As given to `…/reopen`, until the cart changes or the buyer confirms again.
    pub payment_failure: Option<PaymentFailure>,
    pub allow_promotion_codes: bool,
    pub promotion_code: Option<AppliedPromotionCode>,
    pub optional_items: Vec<ClientOptionalItem>,
}

// The request bodies of both APIs live in `crate::params`; they are named here too.
pub use crate::params::*;
