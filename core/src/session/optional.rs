//! Optional items (§11, Stripe's `optional_items`): up to 10 prices the buyer may add
//! beside the cart, each with the quantity it is added with and a range; an added one is a
//! line item (`source: "optional_item"`) the buyer may change within its range and always
//! remove, after which it is offered again.

use super::checks::*;
use super::*;

/// Most optional items a session offers.
pub const MAX_OPTIONAL_ITEMS: usize = 10;

/// The optional items a new session offers, each held to §3.3's rules for the cart it
/// would join: an active, licensed price of an active product in the session's currency,
/// recurring only in subscription mode and on the cart's billing cycle, a range with
/// `0 <= minimum <= maximum <= 999,999` holding its quantity, no price twice and none
/// already on the cart.
pub(super) fn offered_items(
    session: &Session,
    catalog: &dyn Catalog,
    params: &[OptionalItemParams],
) -> Result<Vec<OptionalItem>, Error> {
    if params.len() > MAX_OPTIONAL_ITEMS {
        return Err(refuse(
            Code::TooManyOptionalItems,
            format!("a session offers at most {MAX_OPTIONAL_ITEMS} optional items"),
            "optional_items",
        )
        .into());
    }
    let cycle = cart_cycle(session, catalog)?;
    let mut out: Vec<OptionalItem> = Vec::with_capacity(params.len());
    for (i, item) in params.iter().enumerate() {
        let param = format!("optional_items[{i}]");
        let price = price_for_new_item(session, catalog, &item.price, &format!("{param}.price"))?;
        if let Some(c) = price.cycle() {
            if session.mode == Mode::Payment {
                return Err(refuse(
                    Code::RecurringPriceInPaymentMode,
                    "a payment session cannot offer recurring prices",
                    format!("{param}.price"),
                )
                .into());
            }
            if cycle.is_some_and(|cart| cart != c) {
                return Err(refuse(
                    Code::RecurringIntervalMismatch,
                    "an optional item's recurring price must share the cart's interval and interval_count",
                    format!("{param}.price"),
                )
                .into());
            }
        }
        let duplicate = out.iter().any(|o| o.price == price.id)
            || session.line_items.iter().any(|li| li.price == price.id);
        if duplicate {
            return Err(refuse(
                Code::ParameterInvalid,
                format!("price {} is on the cart or offered already", price.id),
                format!("{param}.price"),
            )
            .into());
        }
        let range = match item.adjustable_quantity {
            None => AdjustableQuantity {
                enabled: false,
                minimum: item.quantity,
                maximum: item.quantity,
            },
            Some(q) => {
                let minimum = q.minimum.unwrap_or(1);
                let maximum = q.maximum.unwrap_or(99);
                if minimum > maximum || maximum == 0 || maximum > MAX_QUANTITY {
                    return Err(refuse(
                        Code::ParameterInvalid,
                        format!(
                            "adjustable_quantity needs 0 <= minimum <= maximum <= {MAX_QUANTITY}"
                        ),
                        format!("{param}.adjustable_quantity"),
                    )
                    .into());
                }
                AdjustableQuantity {
                    enabled: q.enabled,
                    minimum,
                    maximum,
                }
            }
        };
        if item.quantity == 0 || item.quantity < range.minimum || item.quantity > range.maximum {
            return Err(refuse(
                Code::QuantityOutOfRange,
                format!(
                    "quantity must be between {} and {}",
                    range.minimum.max(1),
                    range.maximum
                ),
                format!("{param}.quantity"),
            )
            .into());
        }
        out.push(OptionalItem {
            price: price.id,
            quantity: item.quantity,
            adjustable_quantity: range,
        });
    }
    Ok(out)
}

/// The billing cycle the cart's recurring prices share, if any.
fn cart_cycle(
    session: &Session,
    catalog: &dyn Catalog,
) -> Result<Option<(crate::catalog::Interval, u32)>, StoreError> {
    for li in &session.line_items {
        if let Some(c) = catalog.price(&li.price)?.and_then(|p| p.cycle()) {
            return Ok(Some(c));
        }
    }
    Ok(None)
}

/// The products of the session's optional items (never offered as cross-sells too).
pub(super) fn optional_products(
    session: &Session,
    catalog: &dyn Catalog,
) -> Result<Vec<String>, StoreError> {
    let mut out = Vec::with_capacity(session.optional_items.len());
    for o in &session.optional_items {
        if let Some(p) = catalog.price(&o.price)? {
            out.push(p.product);
        }
    }
    Ok(out)
}

/// The session's optional items as the views show them.
pub fn optional_items(
    session: &Session,
    catalog: &dyn Catalog,
) -> Result<Vec<ClientOptionalItem>, Error> {
    let mut out = Vec::with_capacity(session.optional_items.len());
    for o in &session.optional_items {
        let Some(price) = catalog.price(&o.price)? else {
            continue;
        };
        let Some(product) = catalog.product(&price.product)? else {
            continue;
        };
        out.push(ClientOptionalItem {
            product: super::view::summary(&product),
            added: added_index(session, &o.price).is_some(),
            price,
            quantity: o.quantity,
            adjustable_quantity: o.adjustable_quantity,
        });
    }
    Ok(out)
}

fn added_index(session: &Session, price: &str) -> Option<usize> {
    session
        .line_items
        .iter()
        .position(|li| li.source == LineItemSource::OptionalItem && li.price == price)
}

/// The buyer adds an optional item (by its price): a line item at the end of the cart
/// with the item's quantity and range (its own minimum at least 1: removing is the 0).
pub fn add_optional_item(
    session: &Session,
    catalog: &dyn Catalog,
    price: &str,
    new_id: IdGen,
) -> Result<Session, Error> {
    ensure_open(session)?;
    let Some(item) = session.optional_items.iter().find(|o| o.price == price) else {
        return Err(refuse(
            Code::OptionalItemNotOffered,
            format!("{price} is not an optional item of this session"),
            "price",
        )
        .into());
    };
    if added_index(session, price).is_some() {
        return Err(refuse(
            Code::OptionalItemAlreadyAdded,
            "that optional item is on the cart already; change its quantity instead",
            "price",
        )
        .into());
    }
    // Still sellable as it was when offered.
    let current = price_for_new_item(session, catalog, price, "price")?;
    let mut next = session.clone();
    snapshot_config(&mut next, &current, catalog)?;
    next.line_items.push(LineItem {
        id: new_id("li"),
        source: LineItemSource::OptionalItem,
        price: current.id,
        quantity: item.quantity,
        adjustable_quantity: AdjustableQuantity {
            minimum: item.adjustable_quantity.minimum.max(1),
            ..item.adjustable_quantity
        },
        upsell_of: None,
    });
    validate_items(&next, catalog)?;
    Ok(commit(session, next))
}

/// The buyer removes an added optional item; it is offered again.
pub fn remove_optional_item(
    session: &Session,
    catalog: &dyn Catalog,
    price: &str,
) -> Result<Session, Error> {
    ensure_open(session)?;
    let Some(index) = added_index(session, price) else {
        return Err(refuse(
            Code::OptionalItemNotAdded,
            format!("{price} is not on the cart as an optional item"),
            "price",
        )
        .into());
    };
    let mut next = session.clone();
    next.line_items.remove(index);
    validate_items(&next, catalog)?;
    Ok(commit(session, next))
}
