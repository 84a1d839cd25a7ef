//! Products: create, list, retrieve, update (name, active, cross-sells).

use super::{list_of, mutate, object_id, updated_metadata, ListOf, ListParams};
use crate::api::Mutation;
use crate::api::{Path, Query};
use crate::error::{AppError, ErrorBody};
use crate::store::{self, Reply, Tx};
use crate::AppState;
use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use checkout_core::catalog::{Product, Record};
use checkout_core::cross_sell::{check_cross_sell_config, CrossSellTarget};
use checkout_core::metadata::{self, MetadataParams};
use checkout_core::Code;
use serde::Deserialize;

/// `/v1/products`, `/v1/products/{id}`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/products", post(create_product).get(list_products))
        .route(
            "/v1/products/{id}",
            get(get_product)
                .patch(update_product)
                .post(update_product_post),
        )
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateProduct {
    #[schema(pattern = "^prod_[A-Za-z0-9_]+$", max_length = 64)]
    pub id: Option<String>,
    #[schema(min_length = 1, max_length = 250, pattern = "\\S")]
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub images: Vec<String>,
    #[serde(default)]
    pub active: Option<bool>,
    #[serde(default)]
    #[schema(max_items = 10)]
    pub cross_sells: Vec<String>,
    /// Up to 50 keys of up to 40 characters, values of up to 500.
    #[serde(default)]
    #[schema(value_type = std::collections::BTreeMap<String, Option<String>>)]
    pub metadata: MetadataParams,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateProduct {
    /// A product always has a name: `null` (or an empty form value) is refused.
    #[serde(default, deserialize_with = "checkout_core::metadata::double_option")]
    #[schema(value_type = Option<String>, min_length = 1, max_length = 250, pattern = "\\S")]
    pub name: Option<Option<String>>,
    pub active: Option<bool>,
    #[schema(max_items = 10)]
    pub cross_sells: Option<Vec<String>>,
    /// Merged key by key: a value sets a key, `null` or `""` removes it; `null` for the
    /// whole map removes every key.
    #[serde(default, deserialize_with = "checkout_core::metadata::double_option")]
    #[schema(value_type = Option<std::collections::BTreeMap<String, Option<String>>>)]
    pub metadata: Option<Option<MetadataParams>>,
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
        let target = tx.product(id)?.ok_or_else(|| {
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
        resolved.push(CrossSellTarget::of(&target, tx.active_prices(id)?));
    }
    Ok(check_cross_sell_config(product, &resolved)?)
}

#[utoipa::path(post, path = "/v1/products", tag = "engine", request_body = CreateProduct,
    responses((status = 200, body = Record<Product>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)),
    security(("secret_key" = [])))]
pub async fn create_product(State(state): State<AppState>, m: Mutation) -> Result<Reply, AppError> {
    let body: CreateProduct = m.params()?;
    check_name(&body.name)?;
    let metadata = metadata::merge(&Default::default(), &body.metadata)?;
    let livemode = state.payments.livemode();
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
        let product = Record {
            metadata,
            ..Record::new(product, now, livemode)
        };
        tx.insert_product(&product)?;
        Ok(product)
    })
    .await
}

#[utoipa::path(get, path = "/v1/products", tag = "engine", params(ListParams),
    responses((status = 200, body = ListOf<Record<Product>>)), security(("secret_key" = [])))]
pub async fn list_products(
    State(state): State<AppState>,
    Query(q): Query<ListParams>,
) -> Result<Json<ListOf<Record<Product>>>, AppError> {
    let (n, page) = q.page()?;
    let p = page.clone();
    let rows = state.store.read(move |tx| tx.list_products(&p)).await?;
    Ok(list_of(rows, n, &page, "/v1/products"))
}

#[utoipa::path(get, path = "/v1/products/{id}", tag = "engine", params(("id" = String, Path)),
    responses((status = 200, body = Record<Product>), (status = 404, body = ErrorBody)), security(("secret_key" = [])))]
pub async fn get_product(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Record<Product>>, AppError> {
    Ok(Json(
        state
            .store
            .read(move |tx| store::get_product(tx, &id))
            .await?,
    ))
}

#[utoipa::path(post, path = "/v1/products/{id}", tag = "engine", params(("id" = String, Path)), request_body = UpdateProduct,
    responses((status = 200, body = Record<Product>), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("secret_key" = [])))]
/// The same change as `PATCH` (Stripe's clients update with `POST`).
pub async fn update_product_post(
    state: State<AppState>,
    id: Path<String>,
    m: Mutation,
) -> Result<Reply, AppError> {
    update_product(state, id, m).await
}

#[utoipa::path(patch, path = "/v1/products/{id}", tag = "engine", params(("id" = String, Path)), request_body = UpdateProduct,
    responses((status = 200, body = Record<Product>), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("secret_key" = [])))]
pub async fn update_product(
    State(state): State<AppState>,
    Path(id): Path<String>,
    m: Mutation,
) -> Result<Reply, AppError> {
    let body: UpdateProduct = m.params()?;
    mutate(&state, m, move |tx, _now| {
        let mut product = store::get_product(tx, &id)?;
        match body.name {
            None => {}
            Some(None) => {
                return Err(AppError::with_param(
                    Code::ParameterInvalid,
                    "a product's name cannot be unset; send a new name",
                    "name",
                ))
            }
            Some(Some(name)) => {
                check_name(&name)?;
                product.name = name;
            }
        }
        if let Some(active) = body.active {
            product.active = active;
        }
        product.metadata = updated_metadata(&product.metadata, body.metadata)?;
        if let Some(cs) = body.cross_sells {
            check_cross_sells(tx, &product.id, &cs)?;
            product.cross_sells = cs;
        }
        tx.save_product(&product)?;
        Ok(product)
    })
    .await
}
