//! Checkout sessions: the stored model, creation, the §3.3 line-item update, the widget's
//! intents (upsell, cross-sells, quantity) and the client view with every amount.

use crate::amounts::{coupon_discounted_invoices, price_amount};
use crate::catalog::{Coupon, Price, Product, TaxBehavior};
use crate::cross_sell::{offer_check, OfferContext};
use crate::error::{Code, Error, RuleError, StoreError};
use crate::money;
use crate::upsell::{check_upsell_config, savings};
use crate::view::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

/// Most line items a session holds.
pub const MAX_LINE_ITEMS: usize = 100;
/// Largest configurable quantity maximum.
pub const MAX_QUANTITY: u64 = 999_999;

/// Read access to the catalog; the server implements it over its store. Every read may
/// fail ([`StoreError`]): the rules hand such a failure back as it is, never as a refusal.
pub trait Catalog {
    fn price(&self, id: &str) -> Result<Option<Price>, StoreError>;
    fn product(&self, id: &str) -> Result<Option<Product>, StoreError>;
    /// Active prices of a product.
    fn active_prices(&self, product: &str) -> Result<Vec<Price>, StoreError>;
    fn coupon(&self, id: &str) -> Result<Option<Coupon>, StoreError>;
}

/// An in-memory catalog (used by tests and tools).
#[derive(Debug, Clone, Default)]
pub struct MemCatalog {
    pub products: BTreeMap<String, Product>,
    pub prices: BTreeMap<String, Price>,
    pub coupons: BTreeMap<String, Coupon>,
}

impl MemCatalog {
    pub fn with_product(mut self, p: Product) -> Self {
        self.products.insert(p.id.clone(), p);
        self
    }
    pub fn with_price(mut self, p: Price) -> Self {
        self.prices.insert(p.id.clone(), p);
        self
    }
    pub fn with_coupon(mut self, c: Coupon) -> Self {
        self.coupons.insert(c.id.clone(), c);
        self
    }
}

impl Catalog for MemCatalog {
    fn price(&self, id: &str) -> Result<Option<Price>, StoreError> {
        Ok(self.prices.get(id).cloned())
    }
    fn product(&self, id: &str) -> Result<Option<Product>, StoreError> {
        Ok(self.products.get(id).cloned())
    }
    fn active_prices(&self, product: &str) -> Result<Vec<Price>, StoreError> {
        Ok(self
            .prices
            .values()
            .filter(|p| p.product == product && p.active)
            .cloned()
            .collect())
    }
    fn coupon(&self, id: &str) -> Result<Option<Coupon>, StoreError> {
        Ok(self.coupons.get(id).cloned())
    }
}

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
}

/// Makes a fresh prefixed id (`li_…`); the server supplies randomness.
pub type IdGen<'a> = &'a mut dyn FnMut(&str) -> String;

fn refuse(code: Code, msg: impl Into<String>, param: impl Into<String>) -> RuleError {
    RuleError::new(code, msg).param(param)
}

fn range_of(
    params: Option<AdjustableQuantityParams>,
    param: &str,
) -> Result<AdjustableQuantity, RuleError> {
    let Some(p) = params else {
        return Ok(AdjustableQuantity::default());
    };
    let minimum = p.minimum.unwrap_or(1);
    let maximum = p.maximum.unwrap_or(99);
    if minimum < 1 || minimum > maximum || maximum > MAX_QUANTITY {
        return Err(refuse(
            Code::ParameterInvalid,
            format!("adjustable_quantity needs 1 <= minimum <= maximum <= {MAX_QUANTITY}"),
            format!("{param}.adjustable_quantity"),
        ));
    }
    Ok(AdjustableQuantity {
        enabled: p.enabled,
        minimum,
        maximum,
    })
}

fn check_quantity(q: u64, range: &AdjustableQuantity, param: String) -> Result<(), RuleError> {
    if q < range.minimum || q > range.maximum {
        return Err(refuse(
            Code::QuantityOutOfRange,
            format!(
                "quantity must be between {} and {}",
                range.minimum, range.maximum
            ),
            param,
        ));
    }
    Ok(())
}

/// Records the upsell and cross-sell configuration of a price joining the session.
fn snapshot_config(
    session: &mut Session,
    price: &Price,
    catalog: &dyn Catalog,
) -> Result<(), StoreError> {
    if let Some(up) = &price.upsell {
        session
            .upsells
            .entry(price.id.clone())
            .or_insert_with(|| up.clone());
    }
    if !session.cross_sells.contains_key(&price.product) {
        let cs = catalog
            .product(&price.product)?
            .map(|p| p.cross_sells)
            .unwrap_or_default();
        session.cross_sells.insert(price.product.clone(), cs);
    }
    Ok(())
}

/// Resolves and checks a price being added to a session at `param`.
fn price_for_new_item(
    session: &Session,
    catalog: &dyn Catalog,
    id: &str,
    param: &str,
) -> Result<Price, Error> {
    let price = catalog
        .price(id)?
        .ok_or_else(|| refuse(Code::ResourceMissing, format!("no such price: {id}"), param))?;
    if !price.active {
        return Err(refuse(
            Code::PriceInactive,
            format!("price {id} is not active"),
            param,
        )
        .into());
    }
    if price.currency != session.currency {
        return Err(refuse(
            Code::CurrencyMismatch,
            format!(
                "price {id} is in {}, the session in {}",
                price.currency, session.currency
            ),
            param,
        )
        .into());
    }
    if price.is_metered() {
        return Err(refuse(
            Code::MeteredPriceUnsupported,
            format!("price {id} is metered"),
            param,
        )
        .into());
    }
    Ok(price)
}

/// Session-level checks of a line-item array (§3.3).
fn validate_items(session: &Session, catalog: &dyn Catalog) -> Result<(), Error> {
    if session.line_items.is_empty() {
        return Err(refuse(
            Code::LineItemsEmpty,
            "a session needs at least one line item",
            "line_items",
        )
        .into());
    }
    if session.line_items.len() > MAX_LINE_ITEMS {
        return Err(refuse(
            Code::TooManyLineItems,
            format!("a session holds at most {MAX_LINE_ITEMS} line items"),
            "line_items",
        )
        .into());
    }
    let mut cycle = None;
    let mut any_recurring = false;
    for (i, li) in session.line_items.iter().enumerate() {
        let param = format!("line_items[{i}].price");
        let price = catalog.price(&li.price)?.ok_or_else(|| {
            refuse(
                Code::ResourceMissing,
                format!("no such price: {}", li.price),
                param.clone(),
            )
        })?;
        if let Some(c) = price.cycle() {
            any_recurring = true;
            if session.mode == Mode::Payment {
                return Err(refuse(
                    Code::RecurringPriceInPaymentMode,
                    "a payment session cannot hold recurring prices",
                    param,
                )
                .into());
            }
            match cycle {
                None => cycle = Some(c),
                Some(first) if first != c => {
                    return Err(refuse(
                        Code::RecurringIntervalMismatch,
                        "all recurring prices must share interval and interval_count",
                        param,
                    )
                    .into())
                }
                _ => {}
            }
        }
    }
    if session.mode == Mode::Subscription && !any_recurring {
        return Err(refuse(
            Code::SubscriptionRequiresRecurring,
            "a subscription session needs at least one recurring price",
            "line_items",
        )
        .into());
    }
    // Every amount must be computable without overflow (this prices each line once).
    totals(session, catalog)?;
    Ok(())
}

fn ensure_open(session: &Session) -> Result<(), RuleError> {
    if session.status != Status::Open {
        return Err(refuse(
            Code::SessionNotOpen,
            "this session is no longer open",
            "id",
        ));
    }
    Ok(())
}

/// Creates a session from the engine API's parameters.
pub fn create_session(
    id: String,
    params: &CreateSessionParams,
    catalog: &dyn Catalog,
    new_id: IdGen,
) -> Result<Session, Error> {
    if params.line_items.is_empty() {
        return Err(refuse(
            Code::LineItemsEmpty,
            "a session needs at least one line item",
            "line_items",
        )
        .into());
    }
    if params.line_items.len() > MAX_LINE_ITEMS {
        return Err(refuse(
            Code::TooManyLineItems,
            format!("a session holds at most {MAX_LINE_ITEMS} line items"),
            "line_items",
        )
        .into());
    }
    let first_price = params.line_items[0].price.as_deref().ok_or_else(|| {
        refuse(
            Code::ParameterMissing,
            "each new line item needs a price",
            "line_items[0].price",
        )
    })?;
    let currency = catalog
        .price(first_price)?
        .map(|p| p.currency)
        .ok_or_else(|| {
            refuse(
                Code::ResourceMissing,
                format!("no such price: {first_price}"),
                "line_items[0].price",
            )
        })?;
    if let Some(locale) = &params.locale {
        if locale.is_empty()
            || locale.len() > 35
            || !locale
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            return Err(refuse(
                Code::ParameterInvalid,
                "locale must be a BCP 47 tag such as `de` or `en-US`",
                "locale",
            )
            .into());
        }
    }
    let trial = params.subscription_data.and_then(|s| s.trial_period_days);
    if let Some(days) = trial {
        if params.mode != Mode::Subscription || !(1..=730).contains(&days) {
            return Err(refuse(
                Code::ParameterInvalid,
                "trial_period_days must be 1..=730 and needs subscription mode",
                "subscription_data.trial_period_days",
            )
            .into());
        }
    }
    let mut session = Session {
        id,
        mode: params.mode,
        status: Status::Open,
        currency,
        locale: params.locale.clone(),
        version: 1,
        line_items: Vec::with_capacity(params.line_items.len()),
        discounts: vec![],
        trial_period_days: trial,
        automatic_tax: params.automatic_tax.is_some_and(|t| t.enabled),
        permissions: params
            .permissions
            .map(|p| p.update_line_items)
            .unwrap_or_default(),
        upsells: BTreeMap::new(),
        cross_sells: BTreeMap::new(),
        expires_at: None,
        livemode: false,
    };
    if params.discounts.len() > 1 {
        return Err(refuse(
            Code::TooManyDiscounts,
            "a session takes at most one coupon",
            "discounts",
        )
        .into());
    }
    for (i, d) in params.discounts.iter().enumerate() {
        let param = format!("discounts[{i}].coupon");
        let coupon = catalog.coupon(&d.coupon)?.ok_or_else(|| {
            refuse(
                Code::ResourceMissing,
                format!("no such coupon: {}", d.coupon),
                param.clone(),
            )
        })?;
        if coupon.amount_off.is_some()
            && coupon.currency.as_deref() != Some(session.currency.as_str())
        {
            return Err(refuse(
                Code::CouponCurrencyMismatch,
                "the coupon's currency differs from the session's",
                param,
            )
            .into());
        }
        session.discounts.push(coupon.id);
    }
    for (i, item) in params.line_items.iter().enumerate() {
        let param = format!("line_items[{i}]");
        if item.id.is_some() {
            return Err(refuse(
                Code::ParameterUnknown,
                "new sessions take prices, not line-item ids",
                format!("{param}.id"),
            )
            .into());
        }
        let price_id = item.price.as_deref().ok_or_else(|| {
            refuse(
                Code::ParameterMissing,
                "each new line item needs a price",
                format!("{param}.price"),
            )
        })?;
        let price = price_for_new_item(&session, catalog, price_id, &format!("{param}.price"))?;
        let range = range_of(item.adjustable_quantity, &param)?;
        let quantity = item.quantity.unwrap_or(1);
        check_quantity(quantity, &range, format!("{param}.quantity"))?;
        snapshot_config(&mut session, &price, catalog)?;
        session.line_items.push(LineItem {
            id: new_id("li"),
            source: LineItemSource::Original,
            price: price.id,
            quantity,
            adjustable_quantity: range,
            upsell_of: None,
        });
    }
    validate_items(&session, catalog)?;
    Ok(session)
}

/// Applies a retransmitted line-item array (§3.3). Returns the new session (version + 1)
/// or, when nothing changes, the session as it was; a refusal changes nothing.
pub fn update_line_items(
    session: &Session,
    catalog: &dyn Catalog,
    items: &[LineItemParams],
    new_id: IdGen,
) -> Result<Session, Error> {
    ensure_open(session)?;
    if items.len() > MAX_LINE_ITEMS {
        return Err(refuse(
            Code::TooManyLineItems,
            format!("a session holds at most {MAX_LINE_ITEMS} line items"),
            "line_items",
        )
        .into());
    }
    let mut next = session.clone();
    next.line_items = Vec::with_capacity(items.len());
    let mut seen = HashSet::new();
    for (i, item) in items.iter().enumerate() {
        let param = format!("line_items[{i}]");
        match (&item.id, &item.price) {
            (Some(_), Some(_)) => {
                return Err(refuse(
                    Code::LineItemAmbiguous,
                    "give `id` to keep or update an item, `price` to add one",
                    param,
                )
                .into())
            }
            (None, None) => {
                return Err(refuse(
                    Code::ParameterMissing,
                    "each line item needs `id` or `price`",
                    param,
                )
                .into())
            }
            (Some(id), None) => {
                let mut li = session
                    .line_items
                    .iter()
                    .find(|li| &li.id == id)
                    .cloned()
                    .ok_or_else(|| {
                        refuse(
                            Code::LineItemUnknown,
                            format!("no line item {id} on this session"),
                            format!("{param}.id"),
                        )
                    })?;
                if !seen.insert(id.clone()) {
                    return Err(refuse(
                        Code::LineItemDuplicate,
                        format!("line item {id} appears twice"),
                        format!("{param}.id"),
                    )
                    .into());
                }
                let cross_sell = li.source == LineItemSource::CrossSell;
                if let Some(aq) = item.adjustable_quantity {
                    if cross_sell {
                        return Err(refuse(
                            Code::CrossSellQuantityFixed,
                            "a cross-sell's quantity cannot be adjusted",
                            format!("{param}.adjustable_quantity"),
                        )
                        .into());
                    }
                    li.adjustable_quantity = range_of(Some(aq), &param)?;
                }
                if let Some(q) = item.quantity {
                    if cross_sell && q != 1 {
                        return Err(refuse(
                            Code::CrossSellQuantityFixed,
                            "a cross-sell line item has quantity 1",
                            format!("{param}.quantity"),
                        )
                        .into());
                    }
                    li.quantity = q;
                }
                check_quantity(
                    li.quantity,
                    &li.adjustable_quantity,
                    format!("{param}.quantity"),
                )?;
                next.line_items.push(li);
            }
            (None, Some(price_id)) => {
                let price =
                    price_for_new_item(session, catalog, price_id, &format!("{param}.price"))?;
                let range = range_of(item.adjustable_quantity, &param)?;
                let quantity = item.quantity.unwrap_or(1);
                check_quantity(quantity, &range, format!("{param}.quantity"))?;
                snapshot_config(&mut next, &price, catalog)?;
                next.line_items.push(LineItem {
                    id: new_id("li"),
                    source: LineItemSource::Original,
                    price: price.id,
                    quantity,
                    adjustable_quantity: range,
                    upsell_of: None,
                });
            }
        }
    }
    validate_items(&next, catalog)?;
    Ok(commit(session, next))
}

/// Bumps the version when something changed; otherwise hands back the session as it was.
fn commit(before: &Session, mut after: Session) -> Session {
    if after.line_items == before.line_items {
        return before.clone();
    }
    after.version = before.version + 1;
    after
}

/// The upsell of an eligible session (§3.2): which line item, from which price to which.
#[derive(Debug, Clone, PartialEq)]
pub struct UpsellState {
    pub line_item: usize,
    pub original: Price,
    pub upsell: Price,
    pub selected: bool,
}

/// `Some` when the session is eligible: subscription mode, exactly one recurring line
/// item, and that price's upsell (as configured when it joined) still valid.
pub fn upsell_state(
    session: &Session,
    catalog: &dyn Catalog,
) -> Result<Option<UpsellState>, StoreError> {
    if session.mode != Mode::Subscription {
        return Ok(None);
    }
    let mut recurring = None;
    for (index, li) in session.line_items.iter().enumerate() {
        if catalog.price(&li.price)?.is_some_and(|p| p.is_recurring()) {
            if recurring.is_some() {
                return Ok(None);
            }
            recurring = Some((index, li));
        }
    }
    let Some((index, li)) = recurring else {
        return Ok(None);
    };
    let original_id = li.upsell_of.as_deref().unwrap_or(&li.price);
    let Some(upsell_id) = session.upsells.get(original_id) else {
        return Ok(None);
    };
    let (Some(original), Some(upsell)) = (catalog.price(original_id)?, catalog.price(upsell_id)?)
    else {
        return Ok(None);
    };
    if !original.active || check_upsell_config(&original, &upsell).is_err() {
        return Ok(None);
    }
    Ok(Some(UpsellState {
        line_item: index,
        original,
        upsell,
        selected: li.upsell_of.is_some(),
    }))
}

/// The buyer switches the upsell on or off: the line item keeps its id and quantity.
pub fn select_upsell(
    session: &Session,
    catalog: &dyn Catalog,
    selected: bool,
) -> Result<Session, Error> {
    ensure_open(session)?;
    let state = upsell_state(session, catalog)?.ok_or_else(|| {
        refuse(
            Code::UpsellNotAvailable,
            "this session has no upsell to select",
            "selected",
        )
    })?;
    if state.selected == selected {
        return Ok(session.clone());
    }
    let mut next = session.clone();
    let li = &mut next.line_items[state.line_item];
    if selected {
        li.upsell_of = Some(state.original.id);
        li.price = state.upsell.id;
    } else {
        li.upsell_of = None;
        li.price = state.original.id;
    }
    validate_items(&next, catalog)?;
    Ok(commit(session, next))
}

/// The cross-sell candidates of a session, in configuration order, without repeats.
fn cross_sell_candidates(
    session: &Session,
    catalog: &dyn Catalog,
) -> Result<Vec<String>, StoreError> {
    let mut out: Vec<String> = vec![];
    for li in session
        .line_items
        .iter()
        .filter(|li| li.source == LineItemSource::Original)
    {
        let Some(price) = catalog.price(&li.price)? else {
            continue;
        };
        for cs in session
            .cross_sells
            .get(&price.product)
            .into_iter()
            .flatten()
        {
            if !out.contains(cs) {
                out.push(cs.clone());
            }
        }
    }
    Ok(out)
}

fn offer_context(session: &Session, catalog: &dyn Catalog) -> Result<OfferContext, StoreError> {
    let mut ctx = OfferContext {
        mode: session.mode,
        currency: session.currency.clone(),
        automatic_tax: session.automatic_tax,
        upsell_eligible: upsell_state(session, catalog)?.is_some(),
        recurring_cycle: None,
        original_products: vec![],
    };
    for li in &session.line_items {
        let Some(price) = catalog.price(&li.price)? else {
            continue;
        };
        if ctx.recurring_cycle.is_none() {
            ctx.recurring_cycle = price.cycle();
        }
        if li.source == LineItemSource::Original {
            ctx.original_products.push(price.product);
        }
    }
    Ok(ctx)
}

/// The position of the cross-sell line item of `product_id`, if the cart holds one.
fn added_cross_sell(
    session: &Session,
    catalog: &dyn Catalog,
    product_id: &str,
) -> Result<Option<usize>, StoreError> {
    for (index, li) in session.line_items.iter().enumerate() {
        if li.source == LineItemSource::CrossSell
            && catalog
                .price(&li.price)?
                .is_some_and(|p| p.product == product_id)
        {
            return Ok(Some(index));
        }
    }
    Ok(None)
}

/// The cross-sells of a session (§3.1): what is offered and what is already added.
pub fn cross_sells(
    session: &Session,
    catalog: &dyn Catalog,
) -> Result<Vec<ClientCrossSell>, StoreError> {
    let ctx = offer_context(session, catalog)?;
    let mut out = vec![];
    for product_id in cross_sell_candidates(session, catalog)? {
        let Some(product) = catalog.product(&product_id)? else {
            continue;
        };
        if let Some(index) = added_cross_sell(session, catalog, &product_id)? {
            if let Some(price) = catalog.price(&session.line_items[index].price)? {
                out.push(ClientCrossSell {
                    product: summary(&product),
                    price,
                    added: true,
                });
            }
        } else if let Ok(price) = offer_check(&ctx, &product, &catalog.active_prices(&product_id)?)
        {
            out.push(ClientCrossSell {
                product: summary(&product),
                price,
                added: false,
            });
        }
    }
    Ok(out)
}

/// The buyer adds an offered cross-sell: a line item with quantity 1 that cannot be adjusted.
pub fn add_cross_sell(
    session: &Session,
    catalog: &dyn Catalog,
    product_id: &str,
    new_id: IdGen,
) -> Result<Session, Error> {
    ensure_open(session)?;
    let not_offered = |msg: String| refuse(Code::CrossSellNotOffered, msg, "product");
    if !cross_sell_candidates(session, catalog)?
        .iter()
        .any(|c| c == product_id)
    {
        return Err(
            not_offered(format!("{product_id} is not a cross-sell of this session")).into(),
        );
    }
    let product = catalog
        .product(product_id)?
        .ok_or_else(|| not_offered(format!("no such product: {product_id}")))?;
    if added_cross_sell(session, catalog, product_id)?.is_some() {
        return Err(refuse(
            Code::CrossSellAlreadyAdded,
            format!("{} is already on the cart", product.name),
            "product",
        )
        .into());
    }
    let price = offer_check(
        &offer_context(session, catalog)?,
        &product,
        &catalog.active_prices(product_id)?,
    )
    .map_err(|reason| {
        not_offered(format!(
            "{} is not offered: {}",
            product.name,
            reason.message()
        ))
    })?;
    let mut next = session.clone();
    next.line_items.push(LineItem {
        id: new_id("li"),
        source: LineItemSource::CrossSell,
        price: price.id,
        quantity: 1,
        adjustable_quantity: AdjustableQuantity {
            enabled: false,
            minimum: 1,
            maximum: 1,
        },
        upsell_of: None,
    });
    validate_items(&next, catalog)?;
    Ok(commit(session, next))
}

/// Completes a session the buyer confirmed at `expected_version` (after the payment step
/// succeeded): only an open session, and only the cart the buyer saw.
pub fn complete(session: &Session, expected_version: u64) -> Result<Session, RuleError> {
    ensure_open(session)?;
    if session.version != expected_version {
        return Err(refuse(
            Code::SessionVersionConflict,
            format!(
                "the cart changed (version {} is not {expected_version}); review it and confirm again",
                session.version
            ),
            "expected_version",
        ));
    }
    let mut next = session.clone();
    next.status = Status::Complete;
    next.version += 1;
    Ok(next)
}

/// The buyer removes an added cross-sell; it is offered again afterwards.
pub fn remove_cross_sell(
    session: &Session,
    catalog: &dyn Catalog,
    product_id: &str,
) -> Result<Session, Error> {
    ensure_open(session)?;
    let Some(index) = added_cross_sell(session, catalog, product_id)? else {
        return Err(refuse(
            Code::CrossSellNotAdded,
            format!("{product_id} is not on the cart as a cross-sell"),
            "product",
        )
        .into());
    };
    let mut next = session.clone();
    next.line_items.remove(index);
    validate_items(&next, catalog)?;
    Ok(commit(session, next))
}

/// The buyer changes the quantity of an adjustable line item.
pub fn set_quantity(
    session: &Session,
    catalog: &dyn Catalog,
    line_item: &str,
    quantity: u64,
) -> Result<Session, Error> {
    ensure_open(session)?;
    if session.permissions == UpdatePermission::ServerOnly {
        return Err(refuse(
            Code::PermissionDenied,
            "this session's line items can only be changed by the merchant's server",
            "quantity",
        )
        .into());
    }
    let index = session
        .line_items
        .iter()
        .position(|li| li.id == line_item)
        .ok_or_else(|| {
            refuse(
                Code::ResourceMissing,
                format!("no line item {line_item} on this session"),
                "line_item",
            )
        })?;
    let li = &session.line_items[index];
    if li.source == LineItemSource::CrossSell || !li.adjustable_quantity.enabled {
        return Err(refuse(
            Code::QuantityNotAdjustable,
            "this item's quantity cannot be changed",
            "quantity",
        )
        .into());
    }
    check_quantity(quantity, &li.adjustable_quantity, "quantity".into())?;
    let mut next = session.clone();
    next.line_items[index].quantity = quantity;
    validate_items(&next, catalog)?;
    Ok(commit(session, next))
}

fn summary(p: &Product) -> ProductSummary {
    ProductSummary {
        id: p.id.clone(),
        name: p.name.clone(),
        description: p.description.clone(),
        images: p.images.clone(),
    }
}

/// Every amount of a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Totals {
    /// Per line item: (subtotal, discount).
    pub lines: Vec<(i64, i64)>,
    pub amount_subtotal: i64,
    pub amount_discount: i64,
    pub amount_total: i64,
    pub recurring: Option<RecurringTotal>,
}

/// Computes the amounts: line subtotals for one cycle (or once); what is due today (with a
/// trial, recurring items are due later and one-time items today); the coupon's discount
/// on what is due today; and the recurring amount per cycle before discounts.
pub fn totals(session: &Session, catalog: &dyn Catalog) -> Result<Totals, Error> {
    let trial =
        session.mode == Mode::Subscription && session.trial_period_days.is_some_and(|d| d > 0);
    let mut lines = Vec::with_capacity(session.line_items.len());
    let mut due_today = Vec::with_capacity(session.line_items.len());
    let mut recurring: Option<RecurringTotal> = None;
    for li in &session.line_items {
        let price = catalog.price(&li.price)?.ok_or_else(|| {
            RuleError::new(
                Code::ResourceMissing,
                format!("no such price: {}", li.price),
            )
        })?;
        let subtotal = price_amount(&price, li.quantity)?;
        if let Some(r) = price.recurring {
            let total = recurring.get_or_insert(RecurringTotal {
                interval: r.interval,
                interval_count: r.interval_count,
                amount: 0,
            });
            total.amount = money::add(total.amount, subtotal)?;
        }
        due_today.push(!(trial && price.is_recurring()));
        lines.push((subtotal, 0_i64));
    }
    let amount_subtotal = money::sum(
        lines
            .iter()
            .zip(&due_today)
            .filter(|(_, d)| **d)
            .map(|(l, _)| l.0),
    )?;
    let coupon = match session.discounts.first() {
        Some(c) => catalog.coupon(c)?,
        None => None,
    };
    if let Some(coupon) = coupon {
        if let Some(hundredths) = coupon.percent_off_hundredths() {
            for (line, due) in lines.iter_mut().zip(&due_today) {
                if *due {
                    line.1 = money::mul_div_round(line.0, hundredths, 10_000)?;
                }
            }
        } else if let Some(off) = coupon.amount_off {
            let applied = off.min(amount_subtotal);
            let mut left = applied;
            for (line, due) in lines.iter_mut().zip(&due_today) {
                if *due && amount_subtotal > 0 {
                    line.1 = (i128::from(applied) * i128::from(line.0)
                        / i128::from(amount_subtotal)) as i64;
                    left -= line.1;
                }
            }
            // Rounding remainder goes to the first lines with room for it.
            for (line, due) in lines.iter_mut().zip(&due_today) {
                if left == 0 {
                    break;
                }
                if *due {
                    let room = (line.0 - line.1).min(left);
                    line.1 += room;
                    left -= room;
                }
            }
        }
    }
    let amount_discount = money::sum(lines.iter().map(|l| l.1))?;
    let amount_total = money::sub(amount_subtotal, amount_discount)?;
    Ok(Totals {
        lines,
        amount_subtotal,
        amount_discount,
        amount_total,
        recurring,
    })
}

/// The client view (§4.3) of a stored session.
pub fn client_view(session: &Session, catalog: &dyn Catalog) -> Result<ClientSession, Error> {
    let t = totals(session, catalog)?;
    let mut line_items = Vec::with_capacity(session.line_items.len());
    for (li, (subtotal, discount)) in session.line_items.iter().zip(&t.lines) {
        let price = catalog.price(&li.price)?.ok_or_else(|| {
            RuleError::new(
                Code::ResourceMissing,
                format!("no such price: {}", li.price),
            )
        })?;
        let product = catalog.product(&price.product)?.ok_or_else(|| {
            RuleError::new(
                Code::ResourceMissing,
                format!("no such product: {}", price.product),
            )
        })?;
        let mut adjustable_quantity = li.adjustable_quantity;
        if session.permissions == UpdatePermission::ServerOnly {
            adjustable_quantity.enabled = false;
        }
        line_items.push(ClientLineItem {
            id: li.id.clone(),
            source: li.source,
            product: summary(&product),
            price,
            quantity: li.quantity,
            adjustable_quantity,
            amount_subtotal: *subtotal,
            amount_discount: *discount,
            amount_total: subtotal - discount,
        });
    }
    let upsell = match upsell_state(session, catalog)? {
        Some(state) => {
            let quantity = session.line_items[state.line_item].quantity;
            Some(ClientUpsell {
                line_item: session.line_items[state.line_item].id.clone(),
                savings: savings(&state.original, &state.upsell, quantity)?,
                price: state.upsell,
                selected: state.selected,
            })
        }
        None => None,
    };
    let trial = session.trial_period_days.unwrap_or(0);
    let mut discounts = Vec::with_capacity(session.discounts.len());
    for id in &session.discounts {
        let Some(coupon) = catalog.coupon(id)? else {
            continue;
        };
        let invoices = match t.recurring {
            Some(r) => coupon_discounted_invoices(&coupon, r.interval, r.interval_count, trial),
            None => Some(1),
        };
        discounts.push(ClientDiscount { coupon, invoices });
    }
    Ok(ClientSession {
        id: session.id.clone(),
        object: "checkout.session".into(),
        mode: session.mode,
        status: session.status,
        currency: session.currency.clone(),
        locale: session.locale.clone(),
        version: session.version,
        line_items,
        upsell,
        cross_sells: cross_sells(session, catalog)?,
        discounts,
        subscription_data: SubscriptionData {
            trial_period_days: session.trial_period_days,
        },
        amount_subtotal: t.amount_subtotal,
        total_details: TotalDetails {
            amount_discount: t.amount_discount,
            amount_tax: 0,
        },
        amount_total: t.amount_total,
        recurring: t.recurring,
        permissions: Permissions {
            update_line_items: session.permissions,
        },
        expires_at: session.expires_at,
        livemode: session.livemode,
    })
}

/// True when a tax behavior counts as specified (cross-sells under automatic tax).
pub fn tax_specified(t: TaxBehavior) -> bool {
    t != TaxBehavior::Unspecified
}
