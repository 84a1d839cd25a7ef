//! The client view (§4.3) of a stored session.

use super::*;

pub(super) fn summary(p: &Product) -> ProductSummary {
    ProductSummary {
        id: p.id.clone(),
        name: p.name.clone(),
        description: p.description.clone(),
        images: p.images.clone(),
    }
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
        payment_status: session.payment_status,
        awaiting_payment: session.awaiting_payment,
        collect_email: session.customer_email.is_none(),
        customer_details: session.email.clone().map(|email| CustomerDetails { email }),
        payment_failure: session.payment_failure.clone(),
        allow_promotion_codes: session.allow_promotion_codes,
        promotion_code: session.promotion_code.clone(),
        optional_items: super::optional::optional_items(session, catalog)?,
    })
}

/// The session on the engine API (§9) from its stored form and its client view;
/// `expand_line_items` puts the line items in as a list of `item`s.
pub fn engine_view(
    session: &Session,
    view: ClientSession,
    expand_line_items: bool,
) -> EngineSession {
    let line_items = expand_line_items.then(|| ItemList {
        object: "list".into(),
        url: format!("/v1/checkout/sessions/{}/line_items", session.id),
        has_more: false,
        data: view.line_items.into_iter().map(Item::from).collect(),
    });
    EngineSession {
        id: view.id,
        object: view.object,
        created: session.created,
        livemode: view.livemode,
        mode: view.mode,
        status: view.status,
        ui_mode: UiMode::Custom,
        currency: view.currency,
        locale: view.locale,
        version: view.version,
        line_items,
        upsell: view.upsell,
        cross_sells: view.cross_sells,
        discounts: view.discounts,
        subscription_data: view.subscription_data,
        amount_subtotal: view.amount_subtotal,
        total_details: view.total_details,
        amount_total: view.amount_total,
        recurring: view.recurring,
        permissions: view.permissions,
        expires_at: view.expires_at,
        metadata: session.metadata.clone(),
        client_reference_id: session.client_reference_id.clone(),
        customer_email: session.customer_email.clone(),
        return_url: session.return_url.clone(),
        success_url: session.success_url.clone(),
        payment_method_collection: session.payment_method_collection,
        payment_status: view.payment_status,
        awaiting_payment: view.awaiting_payment,
        customer_details: view.customer_details,
        payment_reference: session.payment_reference.clone(),
        payment_failure: view.payment_failure,
        allow_promotion_codes: view.allow_promotion_codes,
        promotion_code: view.promotion_code,
        optional_items: view.optional_items,
    }
}

/// True when a tax behavior counts as specified (cross-sells under automatic tax).
pub fn tax_specified(t: TaxBehavior) -> bool {
    t != TaxBehavior::Unspecified
}
