//! Prices: create, list, retrieve, update (active, upsell, nickname).

use super::{list_of, mutate, object_id, paging, updated_metadata, ListOf};
use crate::api::Mutation;
use crate::api::{Path, Query};
use crate::error::{AppError, ErrorBody};
use crate::store::{self, Reply};
use crate::AppState;
use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use checkout_core::amounts::validate_price;
use checkout_core::catalog::*;
use checkout_core::metadata::{self, Metadata, MetadataParams};
use checkout_core::upsell::check_upsell_config;
use checkout_core::Code;
use serde::Deserialize;

/// `/v1/prices`, `/v1/prices/{id}`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/prices", post(create_price).get(list_prices))
        .route(
            "/v1/prices/{id}",
            get(get_price).patch(update_price).post(update_price_post),
        )
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreatePrice {
    #[schema(pattern = "^price_[A-Za-z0-9_]+$", max_length = 64)]
    pub id: Option<String>,
    #[schema(min_length = 1)]
    pub product: String,
    #[serde(default)]
    pub active: Option<bool>,
    /// Lowercase ISO 4217 (`usd`), as at Stripe.
    #[schema(pattern = "^[a-z]{3}$")]
    pub currency: String,
    #[serde(default, deserialize_with = "checkout_core::integers::opt_int")]
    pub unit_amount: Option<i64>,
    /// Optional, as at Stripe: it follows from `recurring` (given with it, the two must
    /// agree: `price_invalid`).
    #[serde(rename = "type", default)]
    pub price_type: Option<PriceType>,
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
    /// Up to 50 keys of up to 40 characters, values of up to 500.
    #[serde(default)]
    #[schema(value_type = std::collections::BTreeMap<String, Option<String>>)]
    pub metadata: MetadataParams,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdatePrice {
    pub active: Option<bool>,
    /// A price id to set the upsell, `null` to remove it (affects new sessions only).
    #[serde(default, deserialize_with = "checkout_core::metadata::double_option")]
    #[schema(value_type = Option<String>)]
    pub upsell: Option<Option<String>>,
    pub nickname: Option<String>,
    /// Merged key by key: a value sets a key, `null` or `""` removes it; `null` for the
    /// whole map removes every key.
    #[serde(default, deserialize_with = "checkout_core::metadata::double_option")]
    #[schema(value_type = Option<std::collections::BTreeMap<String, Option<String>>>)]
    pub metadata: Option<Option<MetadataParams>>,
}

#[utoipa::path(post, path = "/v1/prices", tag = "engine", request_body = CreatePrice,
    responses((status = 200, body = Record<Price>), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("secret_key" = [])))]
pub async fn create_price(State(state): State<AppState>, m: Mutation) -> Result<Reply, AppError> {
    let body: CreatePrice = m.params()?;
    let price = Price {
        id: object_id(body.id, "price")?,
        object: "price".into(),
        product: body.product,
        active: body.active.unwrap_or(true),
        currency: body.currency,
        unit_amount: body.unit_amount,
        price_type: body.price_type.unwrap_or(match body.recurring {
            Some(_) => PriceType::Recurring,
            None => PriceType::OneTime,
        }),
        recurring: body.recurring,
        billing_scheme: body.billing_scheme,
        tiers_mode: body.tiers_mode,
        tiers: body.tiers,
        transform_quantity: body.transform_quantity,
        tax_behavior: body.tax_behavior,
        upsell: None,
        nickname: body.nickname,
    };
    let metadata = metadata::merge(&Default::default(), &body.metadata)?;
    insert(&state, m, price, metadata).await
}

/// Checks and stores a new price: the engine's create, and the dashboard's.
pub async fn insert(
    state: &AppState,
    m: Mutation,
    price: Price,
    metadata: Metadata,
) -> Result<Reply, AppError> {
    validate_price(&price)?;
    let livemode = state.payments.livemode();
    mutate(state, m, move |tx, now| {
        tx.product(&price.product)?.ok_or_else(|| {
            AppError::with_param(
                Code::ResourceMissing,
                format!("no such product: {}", price.product),
                "product",
            )
        })?;
        let price = Record {
            metadata,
            ..Record::new(price, now, livemode)
        };
        tx.insert_price(&price)?;
        Ok(price)
    })
    .await
}

/// `GET /v1/prices`: a page (see [`super::ListParams`]) and an optional product.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PriceListParams {
    /// 1..=100, default 10.
    #[param(value_type = Option<i64>, minimum = 1, maximum = 100, nullable = false)]
    pub limit: Option<i64>,
    /// The id of a price of this list: the page of the prices after it (older ones).
    #[param(nullable = false, min_length = 1)]
    pub starting_after: Option<String>,
    /// The id of a price of this list: the page of the prices before it (newer ones).
    #[param(nullable = false, min_length = 1)]
    pub ending_before: Option<String>,
    /// Only this product's prices (`prod_…`).
    #[param(nullable = false, min_length = 1)]
    pub product: Option<String>,
}

#[utoipa::path(get, path = "/v1/prices", tag = "engine", params(PriceListParams),
    responses((status = 200, body = ListOf<Record<Price>>)), security(("secret_key" = [])))]
pub async fn list_prices(
    State(state): State<AppState>,
    Query(q): Query<PriceListParams>,
) -> Result<Json<ListOf<Record<Price>>>, AppError> {
    let (n, page) = paging(q.limit, q.starting_after, q.ending_before)?;
    let p = page.clone();
    let prices = state
        .store
        .read(move |tx| tx.list_prices(q.product.as_deref(), &p))
        .await?;
    Ok(list_of(prices, n, &page, "/v1/prices"))
}

#[utoipa::path(get, path = "/v1/prices/{id}", tag = "engine", params(("id" = String, Path)),
    responses((status = 200, body = Record<Price>), (status = 404, body = ErrorBody)), security(("secret_key" = [])))]
pub async fn get_price(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Record<Price>>, AppError> {
    Ok(Json(
        state
            .store
            .read(move |tx| store::get_price(tx, &id))
            .await?,
    ))
}

#[utoipa::path(post, path = "/v1/prices/{id}", tag = "engine", params(("id" = String, Path)), request_body = UpdatePrice,
    responses((status = 200, body = Record<Price>), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("secret_key" = [])))]
/// The same change as `PATCH` (Stripe's clients update with `POST`).
pub async fn update_price_post(
    state: State<AppState>,
    id: Path<String>,
    m: Mutation,
) -> Result<Reply, AppError> {
    update_price(state, id, m).await
}

#[utoipa::path(patch, path = "/v1/prices/{id}", tag = "engine", params(("id" = String, Path)), request_body = UpdatePrice,
    responses((status = 200, body = Record<Price>), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("secret_key" = [])))]
pub async fn update_price(
    State(state): State<AppState>,
    Path(id): Path<String>,
    m: Mutation,
) -> Result<Reply, AppError> {
    let body: UpdatePrice = m.params()?;
    mutate(&state, m, move |tx, _now| {
        let mut price = store::get_price(tx, &id)?;
        if let Some(active) = body.active {
            price.active = active;
        }
        price.metadata = updated_metadata(&price.metadata, body.metadata)?;
        if let Some(nickname) = body.nickname {
            price.nickname = Some(nickname);
        }
        match body.upsell {
            None => {}
            Some(None) => price.upsell = None,
            Some(Some(upsell_id)) => {
                let upsell = tx.price(&upsell_id)?.ok_or_else(|| {
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
