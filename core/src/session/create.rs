//! Creating a session from the engine API's parameters.

use super::*;

use super::checks::*;

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
    if let Some(r) = &params.client_reference_id {
        if r.is_empty() || r.chars().count() > 200 {
            return Err(refuse(
                Code::ParameterInvalid,
                "client_reference_id must be 1 to 200 characters",
                "client_reference_id",
            )
            .into());
        }
    }
    if let Some(email) = &params.customer_email {
        if !crate::web::is_email(email) {
            return Err(refuse(
                Code::EmailInvalid,
                format!("customer_email `{email}` is not an email address"),
                "customer_email",
            )
            .into());
        }
    }
    for (name, url) in [
        ("return_url", &params.return_url),
        ("success_url", &params.success_url),
    ] {
        if let Some(url) = url {
            if !crate::web::is_absolute_http_url(url, 5000) {
                return Err(refuse(
                    Code::ParameterInvalid,
                    format!("{name} must be an absolute http(s) URL of at most 5000 characters"),
                    name,
                )
                .into());
            }
        }
    }
    let metadata = crate::metadata::merge(&Default::default(), &params.metadata)?;
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
        created: 0,
        metadata,
        client_reference_id: params.client_reference_id.clone(),
        customer_email: params.customer_email.clone(),
        return_url: params.return_url.clone(),
        success_url: params.success_url.clone(),
        payment_method_collection: params.payment_method_collection.unwrap_or_default(),
        payment_status: PaymentStatus::Unpaid,
        awaiting_payment: false,
        email: None,
        payment_reference: None,
        payment_failure: None,
        amount_confirmed: None,
        allow_promotion_codes: params.allow_promotion_codes.unwrap_or(false),
        promotion_code: None,
        refused_codes: vec![],
        optional_items: vec![],
    };
    if params.allow_promotion_codes == Some(true) && !params.discounts.is_empty() {
        return Err(refuse(
            Code::PromotionCodesNotAllowed,
            "a session takes `discounts` or `allow_promotion_codes`, not both",
            "allow_promotion_codes",
        )
        .into());
    }
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
        add_new_item(&mut session, catalog, price_id, item, &param, new_id)?;
    }
    validate_items(&session, catalog)?;
    session.optional_items =
        super::optional::offered_items(&session, catalog, &params.optional_items)?;
    Ok(session)
}
