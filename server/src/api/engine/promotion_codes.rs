//! Promotion codes (§11): create, list, retrieve, and update `active` (archive).

use super::{list_of, mutate, object_id, paging, updated_metadata, ListOf};
use crate::api::Mutation;
use crate::api::{Path, Query};
use crate::error::{AppError, ErrorBody};
use crate::store::{self, Reply};
use crate::AppState;
use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use checkout_core::catalog::Record;
use checkout_core::metadata::{self, MetadataParams};
use checkout_core::promotion::{check_new, PromotionCode, Restrictions};
use serde::Deserialize;

/// `/v1/promotion_codes`, `/v1/promotion_codes/{id}`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/v1/promotion_codes",
            post(create_promotion_code).get(list_promotion_codes),
        )
        .route(
            "/v1/promotion_codes/{id}",
            get(get_promotion_code).post(update_promotion_code),
        )
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreatePromotionCode {
    #[schema(pattern = "^promo_[A-Za-z0-9_]+$", max_length = 64)]
    pub id: Option<String>,
    /// The coupon it applies (`coupon_…`).
    #[schema(min_length = 1)]
    pub coupon: String,
    /// What the buyer types: 3 to 50 of `A-Z a-z 0-9 _ -`, matched without regard to case,
    /// unique among the active codes.
    #[schema(pattern = "^[A-Za-z0-9_-]{3,50}$")]
    pub code: String,
    #[serde(default)]
    pub active: Option<bool>,
    #[serde(default, deserialize_with = "checkout_core::integers::opt_int")]
    #[schema(minimum = 1)]
    pub max_redemptions: Option<u64>,
    /// Unix seconds; in the future.
    #[serde(default, deserialize_with = "checkout_core::integers::opt_int")]
    pub expires_at: Option<i64>,
    #[serde(default)]
    pub restrictions: Option<Restrictions>,
    /// Up to 50 keys of up to 40 characters, values of up to 500.
    #[serde(default)]
    #[schema(value_type = std::collections::BTreeMap<String, Option<String>>)]
    pub metadata: MetadataParams,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdatePromotionCode {
    /// `false` archives the code: the buyer's next try is refused (`promotion_code_invalid`);
    /// `true` again needs no other active code spelled so.
    pub active: Option<bool>,
    /// Merged key by key: a value sets a key, `null` or `""` removes it.
    #[serde(default, deserialize_with = "checkout_core::metadata::double_option")]
    #[schema(value_type = Option<std::collections::BTreeMap<String, Option<String>>>)]
    pub metadata: Option<Option<MetadataParams>>,
}

#[utoipa::path(post, path = "/v1/promotion_codes", tag = "engine", request_body = CreatePromotionCode,
    responses((status = 200, body = Record<PromotionCode>), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("secret_key" = [])))]
pub async fn create_promotion_code(
    State(state): State<AppState>,
    m: Mutation,
) -> Result<Reply, AppError> {
    let body: CreatePromotionCode = m.params()?;
    let code = PromotionCode {
        id: object_id(body.id, "promo")?,
        object: "promotion_code".into(),
        code: body.code,
        coupon: body.coupon,
        active: body.active.unwrap_or(true),
        max_redemptions: body.max_redemptions,
        expires_at: body.expires_at,
        restrictions: body.restrictions.unwrap_or_default(),
        times_redeemed: 0,
    };
    let metadata = metadata::merge(&Default::default(), &body.metadata)?;
    let livemode = state.payments.livemode();
    mutate(&state, m, move |tx, now| {
        let coupon = tx.coupon(&code.coupon)?.ok_or_else(|| {
            AppError::with_param(
                checkout_core::Code::ResourceMissing,
                format!("no such coupon: {}", code.coupon),
                "coupon",
            )
        })?;
        check_new(&code, &coupon, now)?;
        let record = Record {
            metadata,
            ..Record::new(code, now, livemode)
        };
        tx.insert_promotion_code(&record)?;
        Ok(record)
    })
    .await
}

/// `GET /v1/promotion_codes`: a page, of one coupon's codes with `coupon`.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PromotionCodeListParams {
    /// 1..=100, default 10.
    #[param(value_type = Option<i64>, minimum = 1, maximum = 100, nullable = false)]
    pub limit: Option<i64>,
    /// The id of a code of this list: the page after it (older ones).
    #[param(nullable = false, min_length = 1)]
    pub starting_after: Option<String>,
    /// The id of a code of this list: the page before it (newer ones).
    #[param(nullable = false, min_length = 1)]
    pub ending_before: Option<String>,
    /// Only this coupon's codes (`coupon_…`).
    #[param(nullable = false, min_length = 1)]
    pub coupon: Option<String>,
}

#[utoipa::path(get, path = "/v1/promotion_codes", tag = "engine", params(PromotionCodeListParams),
    responses((status = 200, body = ListOf<Record<PromotionCode>>)), security(("secret_key" = [])))]
pub async fn list_promotion_codes(
    State(state): State<AppState>,
    Query(q): Query<PromotionCodeListParams>,
) -> Result<Json<ListOf<Record<PromotionCode>>>, AppError> {
    let (n, page) = paging(q.limit, q.starting_after, q.ending_before)?;
    let p = page.clone();
    let rows = state
        .store
        .read(move |tx| tx.list_promotion_codes(q.coupon.as_deref(), &p))
        .await?;
    Ok(list_of(rows, n, &page, "/v1/promotion_codes"))
}

#[utoipa::path(get, path = "/v1/promotion_codes/{id}", tag = "engine", params(("id" = String, Path)),
    responses((status = 200, body = Record<PromotionCode>), (status = 404, body = ErrorBody)), security(("secret_key" = [])))]
pub async fn get_promotion_code(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Record<PromotionCode>>, AppError> {
    Ok(Json(state.store.read(move |tx| found(tx, &id)).await?))
}

fn found(tx: &dyn store::Tx, id: &str) -> Result<Record<PromotionCode>, AppError> {
    tx.promotion_code(id)?.ok_or_else(|| {
        AppError::with_param(
            checkout_core::Code::ResourceMissing,
            format!("no such promotion code: {id}"),
            "id",
        )
    })
}

#[utoipa::path(post, path = "/v1/promotion_codes/{id}", tag = "engine", params(("id" = String, Path)), request_body = UpdatePromotionCode,
    responses((status = 200, body = Record<PromotionCode>), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("secret_key" = [])))]
pub async fn update_promotion_code(
    State(state): State<AppState>,
    Path(id): Path<String>,
    m: Mutation,
) -> Result<Reply, AppError> {
    let body: UpdatePromotionCode = m.params()?;
    mutate(&state, m, move |tx, _now| {
        let mut code = found(tx, &id)?;
        if let Some(active) = body.active {
            code.active = active;
        }
        code.metadata = updated_metadata(&code.metadata, body.metadata)?;
        tx.save_promotion_code(&code)?;
        found(tx, &id)
    })
    .await
}
