//! Coupons: create, list, retrieve.

use super::{list_of, mutate, object_id, ListOf, ListParams};
use crate::api::Mutation;
use crate::api::{Path, Query};
use crate::error::{AppError, ErrorBody};
use crate::store::{self, Reply};
use crate::AppState;
use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use checkout_core::amounts::validate_coupon;
use checkout_core::catalog::{Coupon, CouponDuration, Record};
use checkout_core::metadata::{self, MetadataParams};
use serde::Deserialize;

/// `/v1/coupons`, `/v1/coupons/{id}`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/coupons", post(create_coupon).get(list_coupons))
        .route("/v1/coupons/{id}", get(get_coupon))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateCoupon {
    #[schema(pattern = "^coupon_[A-Za-z0-9_]+$", max_length = 64)]
    pub id: Option<String>,
    pub name: Option<String>,
    #[schema(exclusive_minimum = 0.0, maximum = 100.0)]
    pub percent_off: Option<f64>,
    #[serde(default, deserialize_with = "checkout_core::integers::opt_int")]
    #[schema(minimum = 1)]
    pub amount_off: Option<i64>,
    #[schema(pattern = "^[a-z]{3}$")]
    pub currency: Option<String>,
    pub duration: CouponDuration,
    #[serde(default, deserialize_with = "checkout_core::integers::opt_int")]
    pub duration_in_months: Option<u32>,
    /// Up to 50 keys of up to 40 characters, values of up to 500.
    #[serde(default)]
    #[schema(value_type = std::collections::BTreeMap<String, Option<String>>)]
    pub metadata: MetadataParams,
}

#[utoipa::path(post, path = "/v1/coupons", tag = "engine", request_body = CreateCoupon,
    responses((status = 200, body = Record<Coupon>), (status = 400, body = ErrorBody)), security(("secret_key" = [])))]
pub async fn create_coupon(State(state): State<AppState>, m: Mutation) -> Result<Reply, AppError> {
    let body: CreateCoupon = m.params()?;
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
    let metadata = metadata::merge(&Default::default(), &body.metadata)?;
    let livemode = state.payments.livemode();
    mutate(&state, m, move |tx, now| {
        let coupon = Record {
            metadata,
            ..Record::new(coupon, now, livemode)
        };
        tx.insert_coupon(&coupon)?;
        Ok(coupon)
    })
    .await
}

#[utoipa::path(get, path = "/v1/coupons", tag = "engine", params(ListParams),
    responses((status = 200, body = ListOf<Record<Coupon>>)), security(("secret_key" = [])))]
pub async fn list_coupons(
    State(state): State<AppState>,
    Query(q): Query<ListParams>,
) -> Result<Json<ListOf<Record<Coupon>>>, AppError> {
    let (n, page) = q.page()?;
    let p = page.clone();
    let rows = state.store.read(move |tx| tx.list_coupons(&p)).await?;
    Ok(list_of(rows, n, &page, "/v1/coupons"))
}

#[utoipa::path(get, path = "/v1/coupons/{id}", tag = "engine", params(("id" = String, Path)),
    responses((status = 200, body = Record<Coupon>), (status = 404, body = ErrorBody)), security(("secret_key" = [])))]
pub async fn get_coupon(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Record<Coupon>>, AppError> {
    Ok(Json(
        state
            .store
            .read(move |tx| store::get_coupon(tx, &id))
            .await?,
    ))
}
