//! The checks every change of a session shares: quantities, new prices, the whole line-item array (§3.3), open sessions, versions.

use super::*;

pub(super) fn refuse(code: Code, msg: impl Into<String>, param: impl Into<String>) -> RuleError {
    RuleError::new(code, msg).param(param)
}

pub(super) fn range_of(
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

pub(super) fn check_quantity(
    q: u64,
    range: &AdjustableQuantity,
    param: String,
) -> Result<(), RuleError> {
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
pub(super) fn snapshot_config(
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
pub(super) fn price_for_new_item(
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
    if !catalog.product(&price.product)?.is_some_and(|p| p.active) {
        return Err(refuse(
            Code::ProductInactive,
            format!("price {id} belongs to an archived product"),
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
/// Adds a new line item for `price_id` (quantity and range from `item`, checked) at the end
/// of `session`, and records its price's upsell and cross-sell configuration.
pub(super) fn add_new_item(
    session: &mut Session,
    catalog: &dyn Catalog,
    price_id: &str,
    item: &LineItemParams,
    param: &str,
    new_id: IdGen,
) -> Result<(), Error> {
    let price = price_for_new_item(session, catalog, price_id, &format!("{param}.price"))?;
    let range = range_of(item.adjustable_quantity, param)?;
    let quantity = item.quantity.unwrap_or(1);
    check_quantity(quantity, &range, format!("{param}.quantity"))?;
    snapshot_config(session, &price, catalog)?;
    session.line_items.push(LineItem {
        id: new_id("li"),
        source: LineItemSource::Original,
        price: price.id,
        quantity,
        adjustable_quantity: range,
        upsell_of: None,
    });
    Ok(())
}

pub(super) fn validate_items(session: &Session, catalog: &dyn Catalog) -> Result<(), Error> {
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

/// Only an open session changes, and not while it awaits the merchant's payment step.
pub(super) fn ensure_open(session: &Session) -> Result<(), RuleError> {
    if session.status != Status::Open {
        return Err(refuse(
            Code::SessionNotOpen,
            "this session is no longer open",
            "id",
        ));
    }
    if session.awaiting_payment {
        return Err(refuse(
            Code::SessionAwaitingPayment,
            "the buyer confirmed and the payment is under way: the cart changes only after the merchant reopens the session",
            "id",
        ));
    }
    Ok(())
}

/// Bumps the version when something changed; otherwise hands back the session as it was.
pub(super) fn commit(before: &Session, mut after: Session) -> Session {
    if after.line_items == before.line_items {
        return before.clone();
    }
    after.version = before.version + 1;
    // A changed cart is a new attempt: the last payment failure no longer applies.
    after.payment_failure = None;
    after
}
