//! The widget's intents: the upsell switch (§3.2), cross-sells (§3.1), quantity, and completion.

use super::*;

use super::checks::*;
use super::view::summary;

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
    // A product the session offers as an optional item is not a cross-sell there too.
    let optional = super::optional::optional_products(session, catalog)?;
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
            if !out.contains(cs) && !optional.contains(cs) {
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
