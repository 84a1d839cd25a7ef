//! Rule refusals: a stable machine-readable code, a human message and the offending param.

use std::fmt;

macro_rules! codes {
    ($($variant:ident => $code:literal, $status:literal, $meaning:literal;)*) => {
        /// Every stable error code the engine answers. `docs/errors.md` lists the same table.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code { $($variant,)* }

        impl Code {
            /// Every code, in documentation order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable string sent as `error.code`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code,)* }
            }

            /// The HTTP status this refusal is answered with.
            pub fn http_status(self) -> u16 {
                match self { $(Code::$variant => $status,)* }
            }

            /// One sentence on what the code means (for docs/errors.md).
            pub fn meaning(self) -> &'static str {
                match self { $(Code::$variant => $meaning,)* }
            }
        }
    };
}

codes! {
    // Requests
    ParameterMissing => "parameter_missing", 400, "A required field is missing.";
    ParameterInvalid => "parameter_invalid", 400, "A field has a value of the wrong shape or out of its allowed range.";
    ParameterUnknown => "parameter_unknown", 400, "The body carries a field this endpoint does not accept (prices and amounts can never be sent by the widget).";
    InvalidJson => "invalid_json", 400, "The body is not valid JSON.";
    FormInvalid => "form_invalid", 400, "The form body (`application/x-www-form-urlencoded`) cannot be read: not UTF-8, brackets nested deeper than 5 levels, more than 1,000 parameters, or indexes with a gap.";
    UnsupportedMediaType => "unsupported_media_type", 415, "The body is neither `application/json` nor (on `/v1`) `application/x-www-form-urlencoded`.";
    BodyTooLarge => "body_too_large", 413, "The body is larger than the endpoint accepts.";
    ResourceMissing => "resource_missing", 404, "No object with that id exists (or the session id is not known).";
    RouteMissing => "route_missing", 404, "No endpoint has this path (see `GET /v1/openapi.json`).";
    MethodNotAllowed => "method_not_allowed", 405, "The endpoint does not take this method; `Allow` lists the ones it takes.";
    ResourceExists => "resource_exists", 409, "An object with that id already exists.";
    AuthenticationRequired => "authentication_required", 401, "The engine API needs the secret key: `Authorization: Bearer <secret key>`, or HTTP Basic with the key as user name.";
    InvalidApiKey => "invalid_api_key", 401, "The secret key is wrong.";
    SessionVersionConflict => "session_version_conflict", 409, "Another writer changed the session between read and write; fetch it again and retry.";
    IdempotencyKeyReused => "idempotency_key_reused", 400, "This `Idempotency-Key` was used with another request (method, path or body) in the last 24 hours.";
    OriginNotAllowed => "origin_not_allowed", 403, "The widget API refuses requests from this page's origin (see `ALLOWED_ORIGINS`).";
    RateLimited => "rate_limited", 429, "Too many requests from this client; wait the `Retry-After` seconds.";
    InternalError => "internal_error", 500, "Something failed on the server; nothing was changed.";
    StoreUnavailable => "store_unavailable", 503, "The database does not answer right now; nothing was changed. Retry after the `Retry-After` seconds.";
    // Money
    AmountOverflow => "amount_overflow", 400, "An amount would exceed the supported range.";
    AmountInvalid => "amount_invalid", 400, "An amount typed in major units (the dashboard's \"100.00\") is not a valid amount of its currency.";
    // Catalog
    PriceInvalid => "price_invalid", 400, "The price's fields contradict each other (e.g. tiers without `tiers_mode`).";
    CouponInvalid => "coupon_invalid", 400, "The coupon's fields contradict each other.";
    TooManyCrossSells => "too_many_cross_sells", 400, "A product may name at most 10 cross-sells.";
    CrossSellSelf => "cross_sell_self", 400, "A product cannot be its own cross-sell.";
    CrossSellPriceCount => "cross_sell_price_count", 400, "A cross-sell product must have exactly one active price.";
    CrossSellInactive => "cross_sell_inactive", 400, "A cross-sell product must be active (not archived).";
    UpsellSourceNotRecurring => "upsell_source_not_recurring", 400, "Only a recurring, non-metered price can name an upsell.";
    UpsellSamePrice => "upsell_same_price", 400, "A price cannot upsell to itself.";
    UpsellInactive => "upsell_inactive", 400, "The upsell price is not active.";
    UpsellProductMismatch => "upsell_product_mismatch", 400, "The upsell price belongs to a different product.";
    UpsellCurrencyMismatch => "upsell_currency_mismatch", 400, "The upsell price has a different currency.";
    UpsellNotRecurring => "upsell_not_recurring", 400, "The upsell price is not recurring.";
    UpsellMetered => "upsell_metered", 400, "The price or its upsell is metered.";
    UpsellTaxBehaviorMismatch => "upsell_tax_behavior_mismatch", 400, "The prices have different `tax_behavior`.";
    UpsellTiersMismatch => "upsell_tiers_mismatch", 400, "The prices' tiers differ in their `up_to` sequence (or only one is tiered).";
    UpsellTransformQuantityMismatch => "upsell_transform_quantity_mismatch", 400, "The prices' `transform_quantity` `divide_by`/`round` differ.";
    // Sessions and line items
    SessionNotOpen => "session_not_open", 409, "Only open sessions can change.";
    SessionAwaitingPayment => "session_awaiting_payment", 409, "The buyer confirmed and the session waits for the merchant's payment step (`awaiting_payment: true`): nothing changes until the merchant's server completes or reopens it.";
    SessionNotAwaitingPayment => "session_not_awaiting_payment", 409, "Only a session awaiting payment (the buyer confirmed under `PAYMENTS=merchant`) can be completed or reopened.";
    LineItemsEmpty => "line_items_empty", 400, "A session needs at least one line item.";
    TooManyLineItems => "too_many_line_items", 400, "A session holds at most 100 line items.";
    LineItemUnknown => "line_item_unknown", 400, "A line-item id is not on this session.";
    LineItemDuplicate => "line_item_duplicate", 400, "A line-item id appears twice in the array.";
    LineItemAmbiguous => "line_item_ambiguous", 400, "A line item names both `id` and `price`; keep or update by id, add by price.";
    PriceInactive => "price_inactive", 400, "The price is not active.";
    ProductInactive => "product_inactive", 400, "The price's product is archived: no new session or line item can sell it.";
    CurrencyMismatch => "currency_mismatch", 400, "The price's currency differs from the session's.";
    RecurringPriceInPaymentMode => "recurring_price_in_payment_mode", 400, "A `payment` session cannot hold recurring prices.";
    SubscriptionRequiresRecurring => "subscription_requires_recurring_price", 400, "A `subscription` session needs at least one recurring price.";
    RecurringIntervalMismatch => "recurring_interval_mismatch", 400, "All recurring prices of a session must share interval and interval_count.";
    MeteredPriceUnsupported => "metered_price_unsupported", 400, "Metered prices cannot be sold through checkout line items.";
    QuantityOutOfRange => "quantity_out_of_range", 400, "The quantity is outside the item's minimum and maximum.";
    QuantityNotAdjustable => "quantity_not_adjustable", 400, "The buyer cannot change this item's quantity.";
    CrossSellQuantityFixed => "cross_sell_quantity_fixed", 400, "A cross-sell line item always has quantity 1.";
    PermissionDenied => "permission_denied", 403, "The session only allows line-item updates from the merchant's server.";
    TooManyDiscounts => "too_many_discounts", 400, "A session takes at most one coupon.";
    CouponCurrencyMismatch => "coupon_currency_mismatch", 400, "An `amount_off` coupon must be in the session's currency.";
    UpsellNotAvailable => "upsell_not_available", 400, "This session is not eligible for an upsell (§3.2).";
    CrossSellNotOffered => "cross_sell_not_offered", 400, "That product is not offered as a cross-sell in this session.";
    CrossSellNotAdded => "cross_sell_not_added", 400, "That cross-sell is not on the cart.";
    PaymentDeclined => "payment_declined", 402, "The payment step declined the payment; the session stays open.";
    WebhookUrlInvalid => "webhook_url_invalid", 400, "A webhook endpoint needs an absolute http(s) URL to a host name, in ASCII (RFC 3986: percent-encode anything else).";
    CrossSellAlreadyAdded => "cross_sell_already_added", 409, "That cross-sell is already on the cart (each is added once).";
    TooManyOptionalItems => "too_many_optional_items", 400, "A session offers at most 10 optional items.";
    OptionalItemNotOffered => "optional_item_not_offered", 400, "That price is not one of this session's optional items.";
    OptionalItemAlreadyAdded => "optional_item_already_added", 409, "That optional item is on the cart already (change its quantity instead).";
    OptionalItemNotAdded => "optional_item_not_added", 400, "That optional item is not on the cart.";
    PromotionCodeInvalid => "promotion_code_invalid", 400, "No active promotion code matches what the buyer typed (or its coupon is for another currency).";
    PromotionCodeExpired => "promotion_code_expired", 400, "The promotion code's `expires_at` has passed.";
    PromotionCodeExhausted => "promotion_code_exhausted", 400, "The promotion code was redeemed `max_redemptions` times.";
    PromotionCodeMinimumAmount => "promotion_code_minimum_amount", 400, "The order is under the promotion code's minimum amount, or in another currency than that minimum's.";
    PromotionCodesNotAllowed => "promotion_codes_not_allowed", 400, "The session was not created with `allow_promotion_codes: true`, or a session with it names `discounts` too.";
    EmailInvalid => "email_invalid", 400, "The email address cannot receive mail as written (one `@`, a domain with a dot, no spaces).";
    DeliveryNotFailed => "delivery_not_failed", 409, "Only a webhook delivery whose last try failed can be resent (not one delivered, not tried yet, or being sent now).";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A refusal by a rule: nothing was changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    pub code: Code,
    pub message: String,
    pub param: Option<String>,
}

impl RuleError {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        RuleError {
            code,
            message: message.into(),
            param: None,
        }
    }

    pub fn param(mut self, param: impl Into<String>) -> Self {
        self.param = Some(param.into());
        self
    }
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for RuleError {}

impl From<crate::money::MoneyError> for RuleError {
    fn from(e: crate::money::MoneyError) -> Self {
        RuleError::new(Code::AmountOverflow, e.to_string())
    }
}

/// The store behind a [`crate::session::Catalog`] failed while a rule read it. Never a
/// refusal: the server answers it as an internal error (500) or, when the database does
/// not answer at all, as `store_unavailable` (503), and nothing is changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreError {
    /// The database could not be reached (a retry later may succeed).
    pub unavailable: bool,
    /// What failed, for the server's log (never sent to a client).
    pub detail: String,
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.detail)
    }
}

impl std::error::Error for StoreError {}

/// How a rule that reads the catalog ends when it does not succeed: refused by the rule,
/// or stopped by a storage failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    Rule(RuleError),
    Store(StoreError),
}

impl Error {
    /// The refusal, if this is one.
    pub fn rule(&self) -> Option<&RuleError> {
        match self {
            Error::Rule(e) => Some(e),
            Error::Store(_) => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Rule(e) => e.fmt(f),
            Error::Store(e) => write!(f, "store: {e}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<RuleError> for Error {
    fn from(e: RuleError) -> Self {
        Error::Rule(e)
    }
}

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Self {
        Error::Store(e)
    }
}

impl From<crate::money::MoneyError> for Error {
    fn from(e: crate::money::MoneyError) -> Self {
        Error::Rule(e.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_snake_case() {
        let mut seen = std::collections::HashSet::new();
        for c in Code::ALL {
            assert!(seen.insert(c.as_str()), "duplicate code {c}");
            assert!(c
                .as_str()
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'_'));
            // DESIGN.md §4's statuses, plus 402 for a declined payment and 405 for a wrong
            // method (docs/decisions.md).
            assert!(matches!(
                c.http_status(),
                400 | 401 | 402 | 403 | 404 | 405 | 409 | 413 | 415 | 422 | 429 | 500 | 503
            ));
        }
    }
}
