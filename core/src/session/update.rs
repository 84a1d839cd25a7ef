//! The engine's line-item update (§3.3): the whole array, kept, updated, added, removed, reordered.

use super::*;

use super::checks::*;

/// The engine's session update (`POST /v1/checkout/sessions/{id}`): the line items when
/// given (only while the session is open, §3.3), then the metadata, merged key by key.
/// The metadata is the merchant's own record, not the cart: it changes in any status (a
/// completed session learns its order number) and keeps the version, so the buyer's
/// confirm still matches the cart it saw.
pub fn update_session(
    session: &Session,
    catalog: &dyn Catalog,
    params: &crate::view::UpdateSessionParams,
    new_id: IdGen,
) -> Result<Session, Error> {
    let mut next = match &params.line_items {
        Some(items) => update_line_items(session, catalog, items, new_id)?,
        None => session.clone(),
    };
    next.metadata = crate::metadata::update(&session.metadata, params.metadata.as_ref())?;
    Ok(next)
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
                add_new_item(&mut next, catalog, price_id, item, &param, new_id)?;
            }
        }
    }
    validate_items(&next, catalog)?;
    Ok(commit(session, next))
}
