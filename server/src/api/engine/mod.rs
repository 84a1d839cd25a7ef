//! Engine API (§4.1): server-to-server, behind the secret key. The merchant's backend
//! manages the catalog and creates and updates sessions here.

pub mod coupons;
pub mod prices;
pub mod products;
pub mod promotion_codes;
pub mod sessions;
pub mod webhook_endpoints;

pub use sessions::create_session_view;

use super::Mutation;
use crate::error::AppError;
use crate::store::{self, Cursor, Page, Reply, Tx};
use crate::{new_id, AppState};
use axum::{Json, Router};
use checkout_core::metadata::{self, Metadata, MetadataParams};
use checkout_core::Code;
use serde::{Deserialize, Serialize};

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
        .merge(promotion_codes::router())
        .merge(sessions::router())
        .merge(webhook_endpoints::router())
}

/// A page of objects: at most `limit`, and `has_more` when more follow (past the end of
/// the page in the direction it was read).
#[derive(Serialize, utoipa::ToSchema)]
pub struct ListOf<T> {
    pub object: &'static str,
    /// The list's path (`/v1/products`), where the next page is asked for.
    pub url: String,
    pub data: Vec<T>,
    pub has_more: bool,
}

/// The page of `rows` (as the store answers them for `page`: one more than `limit`
/// when more follow, and oldest first when the page is `ending_before`'s), newest first.
fn list_of<T>(mut rows: Vec<T>, limit: i64, page: &Page, url: &str) -> Json<ListOf<T>> {
    let limit = usize::try_from(limit).unwrap_or(0);
    let has_more = rows.len() > limit;
    rows.truncate(limit);
    list_page(rows, has_more, page, url)
}

/// A page of `rows` read for `page` (oldest first for `ending_before`), newest first.
fn list_page<T>(mut rows: Vec<T>, has_more: bool, page: &Page, url: &str) -> Json<ListOf<T>> {
    if page.cursor().1 {
        rows.reverse();
    }
    Json(ListOf {
        object: "list",
        url: url.to_string(),
        data: rows,
        has_more,
    })
}

/// What every list takes: `limit` (1..=100, default 10) and one cursor, `starting_after`
/// (the page after that object, older ones) or `ending_before` (the page before it,
/// newer ones). Any other parameter is refused (`parameter_unknown`).
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListParams {
    /// 1..=100, default 10.
    #[param(value_type = Option<i64>, minimum = 1, maximum = 100, nullable = false)]
    pub limit: Option<i64>,
    /// The id of an object of this list: the page of the objects after it (older ones).
    #[param(nullable = false, min_length = 1)]
    pub starting_after: Option<String>,
    /// The id of an object of this list: the page of the objects before it (newer ones).
    #[param(nullable = false, min_length = 1)]
    pub ending_before: Option<String>,
}

/// The page size and the store's [`Page`] of `limit`, `starting_after` and `ending_before`.
fn paging(
    limit: Option<i64>,
    starting_after: Option<String>,
    ending_before: Option<String>,
) -> Result<(i64, Page), AppError> {
    let n = match limit {
        None => 10,
        Some(l) if (1..=100).contains(&l) => l,
        Some(_) => {
            return Err(AppError::with_param(
                Code::ParameterInvalid,
                "limit must be between 1 and 100",
                "limit",
            ))
        }
    };
    let cursor = match (starting_after, ending_before) {
        (Some(_), Some(_)) => {
            return Err(AppError::with_param(
                Code::ParameterInvalid,
                "give starting_after or ending_before, not both",
                "ending_before",
            ))
        }
        (Some(id), None) => Some(Cursor::After(id)),
        (None, Some(id)) => Some(Cursor::Before(id)),
        (None, None) => None,
    };
    Ok((
        n,
        Page {
            rows: n + 1,
            cursor,
        },
    ))
}

impl ListParams {
    fn page(self) -> Result<(i64, Page), AppError> {
        paging(self.limit, self.starting_after, self.ending_before)
    }
}

/// An object's metadata after an update's `metadata`: absent leaves it, `null` (or an
/// empty form value) empties it, a map merges key by key (checkout_core::metadata).
fn updated_metadata(
    current: &Metadata,
    change: Option<Option<MetadataParams>>,
) -> Result<Metadata, AppError> {
    Ok(metadata::update(current, change.as_ref())?)
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
