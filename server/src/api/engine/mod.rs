//! Engine API (§4.1): server-to-server, behind the secret key. The merchant's backend
//! manages the catalog and creates and updates sessions here.

pub mod coupons;
pub mod prices;
pub mod products;
pub mod sessions;
pub mod webhook_endpoints;

pub use sessions::create_session_view;

use super::Mutation;
use crate::error::AppError;
use crate::store::{self, Reply, Tx};
use crate::{new_id, AppState};
use axum::{Json, Router};
use checkout_core::Code;
use serde::{Deserialize, Deserializer, Serialize};

/// Every engine API route (each resource's own router), behind the secret key.
pub fn router(state: AppState) -> Router<AppState> {
    routes().route_layer(axum::middleware::from_fn_with_state(
        state,
        super::require_secret_key,
    ))
}

/// The engine API's routes without their access check: the dashboard serves the same
/// handlers under `/dashboard/api` behind its own session (crate::dashboard).
pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(products::router())
        .merge(prices::router())
        .merge(coupons::router())
        .merge(sessions::router())
        .merge(webhook_endpoints::router())
}

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

/// The page size of the lists that take no cursor (the OpenAPI parameters of products,
/// coupons and webhook endpoints; their handlers read [`ListParams`] and refuse
/// `starting_after` with a clear error).
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// 1..=100, default 10.
    #[param(value_type = Option<i64>, minimum = 1, maximum = 100, nullable = false)]
    pub limit: Option<i64>,
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// 1..=100, default 10.
    #[param(value_type = Option<i64>, minimum = 1, maximum = 100, nullable = false)]
    pub limit: Option<i64>,
    /// Line items only: the page after this line-item id.
    #[param(nullable = false, min_length = 1)]
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
