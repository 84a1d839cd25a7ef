//! Engine API (§4.1): server-to-server, behind the secret key. The merchant's backend
//! manages the catalog and creates and updates sessions here.

use super::Mutation;
use crate::error::{AppError, ErrorBody};
use crate::store::{self, change_session, Reply, StoreCatalog, Tx};
use crate::{new_id, webhooks, AppState};
use axum::extract::{Path, Query, State};
use axum::Json;
use checkout_core::amounts::{validate_coupon, validate_price};
use checkout_core::catalog::*;
use checkout_core::cross_sell::check_cross_sell_config;
use checkout_core::session::{self, client_view, create_session};
use checkout_core::upsell::check_upsell_config;
use checkout_core::view::{
    ClientLineItem, ClientSession, CreateSessionParams, Status, UpdateSessionParams,
};
use checkout_core::Code;
use serde::{Deserialize, Deserializer, Serialize};

/// A page of objects: at most `limit`, and `has_more` when more follow.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ListOf<T> {
    pub object: &'static str,
    pub data: Vec<T>,
    pub has_more: bool,
}

/// The page of `data` (fetched with one more than `limit`, to know whether more follow).
fn list_of<T>(mut data: Vec<T>, limit: i64) -> Json<ListOf<T>> {
    let limit = usize::try_from(limit).unwrap_or(0);
    let has_more = data.len() > limit;
    data.truncate(limit);
    Json(ListOf {
        object: "list",
        data,
        has_more,
    })
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct ListParams {
    /// 1..=100, default 10.
    pub limit: Option<i64>,
    /// Line items only: the page after this line-item id.
    pub starting_after: Option<String>,
}

/// The page size of a list without a cursor (only the line-item list pages by id).
fn limit(p: &ListParams) -> Result<i64, AppError> {
    if p.starting_after.is_some() {
        return Err(AppError::with_param(
            Code::ParameterInvalid,
            "starting_after pages the line-item list only; other lists take limit",
            "starting_after",
        ));
    }
    page_size(p)
}

/// `limit`: 1..=100, default 10.
fn page_size(p: &ListParams) -> Result<i64, AppError> {
    match p.limit {
        None => Ok(10),
        Some(l) if (1..=100).contains(&l) => Ok(l),
        Some(_) => Err(AppError::with_param(
            Code::ParameterInvalid,
            "limit must be between 1 and 100",
            "limit",
        )),
    }
}

/// Distinguishes an absent field (`None`) from an explicit `null` (`Some(None)`).
fn double_option<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

fn object_id(given: Option<String>, prefix: &str) -> Result<String, AppError> {
    match given {
        None => Ok(new_id(prefix)),
        Some(id) => {
            let ok = id.len() <= 64
                && id
                    .strip_prefix(prefix)
                    .and_then(|r| r.strip_prefix('_'))
                    .is_some_and(|r| {
                        !r.is_empty() && r.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
                    });
            if ok {
                Ok(id)
            } else {
                Err(AppError::with_param(
                    Code::ParameterInvalid,
                    format!(
                        "id must look like {prefix}_<letters, digits, _> (at most 64 characters)"
                    ),
                    "id",
                ))
            }
        }
    }
}

/// Runs one engine mutation (see [`store::Store::mutate`]) and answers `f`'s object.
async fn mutate<T: Serialize>(
    state: &AppState,
    m: Mutation,
    f: impl FnOnce(&dyn Tx, i64) -> Result<T, AppError> + Send + 'static,
) -> Result<Reply, AppError> {
    state
        .store
        .mutate(m.idem, move |tx, now| store::json_text(&f(tx, now)?))
        .await
}

// ---------- products ----------

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateProduct {
    pub id: Option<String>,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub images: Vec<String>,
    #[serde(default)]
    pub active: Option<bool>,
    #[serde(default)]
    pub cross_sells: Vec<String>,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateProduct {
    pub name: Option<String>,
    pub active: Option<bool>,
    pub cross_sells: Option<Vec<String>>,
}

fn check_name(name: &str) -> Result<(), AppError> {
    if name.trim().is_empty() || name.chars().count() > 250 {
        return Err(AppError::with_param(
            Code::ParameterInvalid,
            "name must have 1 to 250 characters",
            "name",
        ));
    }
    Ok(())
}

fn check_cross_sells(tx: &dyn Tx, product: &str, ids: &[String]) -> Result<(), AppError> {
    let mut resolved = Vec::with_capacity(ids.len());
    for (i, id) in ids.iter().enumerate() {
        store::get_product(tx, id).map_err(|_| {
            AppError::with_param(
                Code::ResourceMissing,
                format!("no such product: {id}"),
                format!("cross_sells[{i}]"),
            )
        })?;
        if ids[..i].contains(id) {
            return Err(AppError::with_param(
                Code::ParameterInvalid,
                format!("{id} is listed twice"),
                format!("cross_sells[{i}]"),
            ));
        }
        resolved.push((id.clone(), tx.active_prices(id)?));
    }
    Ok(check_cross_sell_config(product, &resolved)?)
}

#[utoipa::path(post, path = "/v1/products", tag = "engine", request_body = CreateProduct,
    responses((status = 200, body = Product), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)),
    security(("secret_key" = [])))]
pub async fn create_product(State(state): State<AppState>, m: Mutation) -> Result<Reply, AppError> {
    let body: CreateProduct = m.json()?;
    check_name(&body.name)?;
    let product = Product {
        id: object_id(body.id, "prod")?,
        object: "product".into(),
        name: body.name,
        description: body.description,
        images: body.images,
        active: body.active.unwrap_or(true),
        cross_sells: body.cross_sells,
    };
    mutate(&state, m, move |tx, now| {
        check_cross_sells(tx, &product.id, &product.cross_sells)?;
        tx.insert_product(&product, now)?;
        Ok(product)
    })
    .await
}

#[utoipa::path(get, path = "/v1/products", tag = "engine", params(ListParams),
    responses((status = 200, body = ListOf<Product>)), security(("secret_key" = [])))]
pub async fn list_products(
    State(state): State<AppState>,
    Query(q): Query<ListParams>,
) -> Result<Json<ListOf<Product>>, AppError> {
    let n = limit(&q)?;
    Ok(list_of(
        state.store.read(move |tx| tx.list_products(n + 1)).await?,
        n,
    ))
}

#[utoipa::path(get, path = "/v1/products/{id}", tag = "engine", params(("id" = String, Path)),
    responses((status = 200, body = Product), (status = 404, body = ErrorBody)), security(("secret_key" = [])))]
pub async fn get_product(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Product>, AppError> {
    Ok(Json(
        state
            .store
            .read(move |tx| store::get_product(tx, &id))
            .await?,
    ))
}

#[utoipa::path(patch, path = "/v1/products/{id}", tag = "engine", params(("id" = String, Path)), request_body = UpdateProduct,
    responses((status = 200, body = Product), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("secret_key" = [])))]
pub async fn update_product(
    State(state): State<AppState>,
    Path(id): Path<String>,
    m: Mutation,
) -> Result<Reply, AppError> {
    let body: UpdateProduct = m.json()?;
    mutate(&state, m, move |tx, _now| {
        let mut product = store::get_product(tx, &id)?;
        if let Some(name) = body.name {
            check_name(&name)?;
            product.name = name;
        }
        if let Some(active) = body.active {
            product.active = active;
        }
        if let Some(cs) = body.cross_sells {
            check_cross_sells(tx, &product.id, &cs)?;
            product.cross_sells = cs;
        }
        tx.save_product(&product)?;
        Ok(product)
    })
    .await
}

// ---------- prices ----------

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreatePrice {
    pub id: Option<String>,
    pub product: String,
    #[serde(default)]
    pub active: Option<bool>,
    pub currency: String,
    #[serde(default)]
    pub unit_amount: Option<i64>,
    #[serde(rename = "type")]
    pub price_type: PriceType,
    #[serde(default)]
    pub recurring: Option<Recurring>,
    #[serde(default)]
    pub billing_scheme: BillingScheme,
    #[serde(default)]
    pub tiers_mode: Option<TiersMode>,
    #[serde(default)]
    pub tiers: Option<Vec<Tier>>,
    #[serde(default)]
    pub transform_quantity: Option<TransformQuantity>,
    #[serde(default)]
    pub tax_behavior: TaxBehavior,
    #[serde(default)]
    pub nickname: Option<String>,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdatePrice {
    pub active: Option<bool>,
    /// A price id to set the upsell, `null` to remove it (affects new sessions only).
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub upsell: Option<Option<String>>,
    pub nickname: Option<String>,
}

#[utoipa::path(post, path = "/v1/prices", tag = "engine", request_body = CreatePrice,
    responses((status = 200, body = Price), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("secret_key" = [])))]
pub async fn create_price(State(state): State<AppState>, m: Mutation) -> Result<Reply, AppError> {
    let body: CreatePrice = m.json()?;
    let price = Price {
        id: object_id(body.id, "price")?,
        object: "price".into(),
        product: body.product,
        active: body.active.unwrap_or(true),
        currency: body.currency,
        unit_amount: body.unit_amount,
        price_type: body.price_type,
        recurring: body.recurring,
        billing_scheme: body.billing_scheme,
        tiers_mode: body.tiers_mode,
        tiers: body.tiers,
        transform_quantity: body.transform_quantity,
        tax_behavior: body.tax_behavior,
        upsell: None,
        nickname: body.nickname,
    };
    validate_price(&price)?;
    mutate(&state, m, move |tx, now| {
        store::get_product(tx, &price.product).map_err(|_| {
            AppError::with_param(
                Code::ResourceMissing,
                format!("no such product: {}", price.product),
                "product",
            )
        })?;
        tx.insert_price(&price, now)?;
        Ok(price)
    })
    .await
}

#[utoipa::path(get, path = "/v1/prices", tag = "engine", params(ListParams),
    responses((status = 200, body = ListOf<Price>)), security(("secret_key" = [])))]
pub async fn list_prices(
    State(state): State<AppState>,
    Query(q): Query<ListParams>,
) -> Result<Json<ListOf<Price>>, AppError> {
    let n = limit(&q)?;
    Ok(list_of(
        state.store.read(move |tx| tx.list_prices(n + 1)).await?,
        n,
    ))
}

#[utoipa::path(get, path = "/v1/prices/{id}", tag = "engine", params(("id" = String, Path)),
    responses((status = 200, body = Price), (status = 404, body = ErrorBody)), security(("secret_key" = [])))]
pub async fn get_price(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Price>, AppError> {
    Ok(Json(
        state
            .store
            .read(move |tx| store::get_price(tx, &id))
            .await?,
    ))
}

#[utoipa::path(patch, path = "/v1/prices/{id}", tag = "engine", params(("id" = String, Path)), request_body = UpdatePrice,
    responses((status = 200, body = Price), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("secret_key" = [])))]
pub async fn update_price(
    State(state): State<AppState>,
    Path(id): Path<String>,
    m: Mutation,
) -> Result<Reply, AppError> {
    let body: UpdatePrice = m.json()?;
    mutate(&state, m, move |tx, _now| {
        let mut price = store::get_price(tx, &id)?;
        if let Some(active) = body.active {
            price.active = active;
        }
        if let Some(nickname) = body.nickname {
            price.nickname = Some(nickname);
        }
        match body.upsell {
            None => {}
            Some(None) => price.upsell = None,
            Some(Some(upsell_id)) => {
                let upsell = store::get_price(tx, &upsell_id).map_err(|_| {
                    AppError::with_param(
                        Code::ResourceMissing,
                        format!("no such price: {upsell_id}"),
                        "upsell",
                    )
                })?;
                check_upsell_config(&price, &upsell)?;
                price.upsell = Some(upsell_id);
            }
        }
        tx.save_price(&price)?;
        Ok(price)
    })
    .await
}

// ---------- coupons ----------

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateCoupon {
    pub id: Option<String>,
    pub name: Option<String>,
    pub percent_off: Option<f64>,
    pub amount_off: Option<i64>,
    pub currency: Option<String>,
    pub duration: CouponDuration,
    pub duration_in_months: Option<u32>,
}

#[utoipa::path(post, path = "/v1/coupons", tag = "engine", request_body = CreateCoupon,
    responses((status = 200, body = Coupon), (status = 400, body = ErrorBody)), security(("secret_key" = [])))]
pub async fn create_coupon(State(state): State<AppState>, m: Mutation) -> Result<Reply, AppError> {
    let body: CreateCoupon = m.json()?;
    let coupon = Coupon {
        id: object_id(body.id, "coupon")?,
        object: "coupon".into(),
        name: body.name,
        percent_off: body.percent_off,
        amount_off: body.amount_off,
        currency: body.currency,
        duration: body.duration,
        duration_in_months: body.duration_in_months,
    };
    validate_coupon(&coupon)?;
    mutate(&state, m, move |tx, now| {
        tx.insert_coupon(&coupon, now)?;
        Ok(coupon)
    })
    .await
}

#[utoipa::path(get, path = "/v1/coupons", tag = "engine", params(ListParams),
    responses((status = 200, body = ListOf<Coupon>)), security(("secret_key" = [])))]
pub async fn list_coupons(
    State(state): State<AppState>,
    Query(q): Query<ListParams>,
) -> Result<Json<ListOf<Coupon>>, AppError> {
    let n = limit(&q)?;
    Ok(list_of(
        state.store.read(move |tx| tx.list_coupons(n + 1)).await?,
        n,
    ))
}

#[utoipa::path(get, path = "/v1/coupons/{id}", tag = "engine", params(("id" = String, Path)),
    responses((status = 200, body = Coupon), (status = 404, body = ErrorBody)), security(("secret_key" = [])))]
pub async fn get_coupon(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Coupon>, AppError> {
    Ok(Json(
        state
            .store
            .read(move |tx| store::get_coupon(tx, &id))
            .await?,
    ))
}

// ---------- checkout sessions ----------

/// Creates a session in the caller's transaction and answers its view (also used by the
/// demo page).
pub fn create_session_view(
    tx: &dyn Tx,
    params: &CreateSessionParams,
    now: i64,
    livemode: bool,
) -> Result<ClientSession, AppError> {
    let catalog = StoreCatalog::new(tx);
    let mut s = create_session(new_id("cs"), params, &catalog, &mut new_id)?;
    s.expires_at = Some(session::session_expiry(params.expires_at, now)?);
    s.livemode = livemode;
    tx.insert_session(&s, now)?;
    Ok(client_view(&s, &catalog)?)
}

#[utoipa::path(post, path = "/v1/checkout/sessions", tag = "engine", request_body = CreateSessionParams,
    responses((status = 200, body = ClientSession), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("secret_key" = [])))]
pub async fn create_checkout_session(
    State(state): State<AppState>,
    m: Mutation,
) -> Result<Reply, AppError> {
    let params: CreateSessionParams = m.json()?;
    let livemode = state.payments.livemode();
    mutate(&state, m, move |tx, now| {
        create_session_view(tx, &params, now, livemode)
    })
    .await
}

#[utoipa::path(get, path = "/v1/checkout/sessions/{id}", tag = "engine", params(("id" = String, Path)),
    responses((status = 200, body = ClientSession), (status = 404, body = ErrorBody)), security(("secret_key" = [])))]
pub async fn get_checkout_session(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Reply, AppError> {
    Reply::json(&super::widget::view(&state, id).await?)
}

#[utoipa::path(post, path = "/v1/checkout/sessions/{id}", tag = "engine", params(("id" = String, Path)),
    request_body = UpdateSessionParams,
    responses((status = 200, body = ClientSession), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("secret_key" = [])))]
pub async fn update_checkout_session(
    State(state): State<AppState>,
    Path(id): Path<String>,
    m: Mutation,
) -> Result<Reply, AppError> {
    let params: UpdateSessionParams = m.json()?;
    mutate(&state, m, move |tx, now| {
        change_session(
            tx,
            &id,
            now,
            |s, c| session::update_line_items(s, c, &params.line_items, &mut new_id),
            |s, c| Ok(client_view(s, c)?),
        )
    })
    .await
}

#[utoipa::path(post, path = "/v1/checkout/sessions/{id}/expire", tag = "engine", params(("id" = String, Path)),
    responses((status = 200, body = ClientSession), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("secret_key" = [])))]
pub async fn expire_checkout_session(
    State(state): State<AppState>,
    Path(id): Path<String>,
    m: Mutation,
) -> Result<Reply, AppError> {
    mutate(&state, m, move |tx, now| {
        change_session(
            tx,
            &id,
            now,
            |s, _| {
                if s.status != Status::Open {
                    return Err(checkout_core::RuleError::new(
                        Code::SessionNotOpen,
                        "only open sessions can expire",
                    )
                    .into());
                }
                let mut next = s.clone();
                next.status = Status::Expired;
                next.version += 1;
                Ok(next)
            },
            |s, c| Ok(client_view(s, c)?),
        )
    })
    .await
}

#[utoipa::path(get, path = "/v1/checkout/sessions/{id}/line_items", tag = "engine", params(("id" = String, Path), ListParams),
    responses((status = 200, body = ListOf<ClientLineItem>), (status = 404, body = ErrorBody)), security(("secret_key" = [])))]
/// The session's line items as fulfilment reads them (with the upsell price if chosen
/// and the added cross-sells), `limit` at a time after `starting_after`.
pub async fn get_checkout_line_items(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<ListParams>,
) -> Result<Json<ListOf<ClientLineItem>>, AppError> {
    let n = page_size(&q)?;
    let items = super::widget::view(&state, id).await?.line_items;
    let start = match &q.starting_after {
        None => 0,
        Some(after) => {
            items.iter().position(|li| &li.id == after).ok_or_else(|| {
                AppError::with_param(
                    Code::ResourceMissing,
                    format!("no line item {after} on this session"),
                    "starting_after",
                )
            })? + 1
        }
    };
    let page: Vec<ClientLineItem> = items.into_iter().skip(start).take(n as usize + 1).collect();
    Ok(list_of(page, n))
}

// ---------- webhook endpoints ----------

#[utoipa::path(post, path = "/v1/webhook_endpoints", tag = "engine", request_body = webhooks::CreateWebhookEndpoint,
    responses((status = 200, body = webhooks::WebhookEndpoint), (status = 400, body = ErrorBody)), security(("secret_key" = [])))]
/// Registers a receiver of events; the answer carries its signing secret, shown once.
pub async fn create_webhook_endpoint(
    State(state): State<AppState>,
    m: Mutation,
) -> Result<Reply, AppError> {
    let body: webhooks::CreateWebhookEndpoint = m.json()?;
    webhooks::check_endpoint(&body)?;
    mutate(&state, m, move |tx, now| {
        let (endpoint, secret) = webhooks::new_endpoint(body, now);
        tx.insert_endpoint(&endpoint, &secret)?;
        Ok(webhooks::WebhookEndpoint {
            secret: Some(secret),
            ..endpoint
        })
    })
    .await
}

#[utoipa::path(get, path = "/v1/webhook_endpoints", tag = "engine", params(ListParams),
    responses((status = 200, body = ListOf<webhooks::WebhookEndpoint>)), security(("secret_key" = [])))]
/// The registered endpoints (without their secrets).
pub async fn list_webhook_endpoints(
    State(state): State<AppState>,
    Query(q): Query<ListParams>,
) -> Result<Json<ListOf<webhooks::WebhookEndpoint>>, AppError> {
    let n = limit(&q)?;
    Ok(list_of(
        state.store.read(move |tx| tx.list_endpoints(n + 1)).await?,
        n,
    ))
}
