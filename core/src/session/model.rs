//! The stored session and its line items, their lifetime, and id generation.

use super::checks::refuse;
use super::*;

/// A stored line item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineItem {
    pub id: String,
    pub source: LineItemSource,
    pub price: String,
    pub quantity: u64,
    pub adjustable_quantity: AdjustableQuantity,
    /// While the upsell is selected: the price the item had before (to switch back).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upsell_of: Option<String>,
}

/// A stored checkout session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub id: String,
    pub mode: Mode,
    pub status: Status,
    pub currency: String,
    pub locale: Option<String>,
    pub version: u64,
    pub line_items: Vec<LineItem>,
    /// Coupon ids.
    pub discounts: Vec<String>,
    pub trial_period_days: Option<u32>,
    pub automatic_tax: bool,
    pub permissions: UpdatePermission,
    /// Upsell configuration as it was when each price joined the session (price → upsell),
    /// so removing an upsell from a price affects new sessions only.
    pub upsells: BTreeMap<String, String>,
    /// Cross-sell configuration as it was when each product joined (product → products).
    pub cross_sells: BTreeMap<String, Vec<String>>,
    /// Unix seconds after which an open session lapses to `expired` (see [`Session::lapse`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<i64>,
    /// True when created under a live payment processor (test mode otherwise).
    #[serde(default)]
    pub livemode: bool,
    /// Unix seconds (sessions stored before `created` was kept read it from their row).
    #[serde(default)]
    pub created: i64,
    /// The merchant's own key-value pairs (§9); the rules never read them and the
    /// buyer's view never shows them, nor the fields below.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: crate::metadata::Metadata,
    /// The merchant's own reference for the session (an order or a cart id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_reference_id: Option<String>,
    /// The buyer's email, when the merchant already knows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_email: Option<String>,
    /// Where the merchant's page sends the buyer once the session is complete.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success_url: Option<String>,
    #[serde(default)]
    pub payment_method_collection: PaymentMethodCollection,
    /// §10: `unpaid` until the payment step succeeds.
    #[serde(default)]
    pub payment_status: PaymentStatus,
    /// The buyer confirmed under `PAYMENTS=merchant`; the cart is frozen (§10).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub awaiting_payment: bool,
    /// The email the buyer gave at confirm (Stripe's `customer_details.email`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The merchant's reference for the payment, from `…/complete`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_reference: Option<String>,
    /// Set by `…/reopen`: the merchant's reason, shown to the buyer until the cart
    /// changes or the buyer confirms again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_failure: Option<PaymentFailure>,
    /// The amount due today the buyer confirmed (frozen with the cart).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_confirmed: Option<i64>,
    /// The buyer may enter a promotion code (§11).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub allow_promotion_codes: bool,
    /// The applied code: its id and spelling; its coupon is in `discounts`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promotion_code: Option<AppliedPromotionCode>,
    /// When the buyer's codes were refused, within the last hour (the guess limit).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refused_codes: Vec<i64>,
    /// What the buyer may add beside the cart (§11), in the merchant's order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub optional_items: Vec<OptionalItem>,
}

/// A stored optional item: its price, the quantity it is added with, its range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptionalItem {
    pub price: String,
    pub quantity: u64,
    /// `minimum` may be 0 (the line item's own range starts at 1: removing is its 0).
    pub adjustable_quantity: AdjustableQuantity,
}

/// How long a session stays open unless the merchant asks otherwise: 24 hours.
pub const SESSION_LIFETIME_SECS: i64 = 24 * 60 * 60;
/// The shortest lifetime a merchant may ask for: 30 minutes.
pub const SESSION_MIN_LIFETIME_SECS: i64 = 30 * 60;

/// When a session created at `now` expires: `requested` (unix seconds) if it lies 30
/// minutes to 24 hours ahead, else a refusal naming `expires_at`; by default in 24 hours.
pub fn session_expiry(requested: Option<i64>, now: i64) -> Result<i64, RuleError> {
    match requested {
        None => Ok(now + SESSION_LIFETIME_SECS),
        Some(at)
            if (now + SESSION_MIN_LIFETIME_SECS..=now + SESSION_LIFETIME_SECS).contains(&at) =>
        {
            Ok(at)
        }
        Some(_) => Err(refuse(
            Code::ParameterInvalid,
            "expires_at must be between 30 minutes and 24 hours from now (unix seconds)",
            "expires_at",
        )),
    }
}

impl Session {
    /// An open session whose `expires_at` has passed reads as `expired` from then on:
    /// every change is refused with `session_not_open`.
    pub fn lapse(&mut self, now: i64) {
        if self.status == Status::Open && self.expires_at.is_some_and(|at| now >= at) {
            self.status = Status::Expired;
        }
    }

    /// The moment [`Session::lapse`] would next change this session: its `expires_at`
    /// while it is open; `None` once it is not (nothing the clock does changes it then).
    pub fn lapses_at(&self) -> Option<i64> {
        self.expires_at.filter(|_| self.status == Status::Open)
    }
}

/// Makes a fresh prefixed id (`li_…`); the server supplies randomness.
pub type IdGen<'a> = &'a mut dyn FnMut(&str) -> String;
