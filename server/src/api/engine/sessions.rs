//! Checkout sessions: create, retrieve, update line items (§3.3), expire, and the line items fulfilment reads.

use super::{list_of, mutate, page_size, ListOf, ListParams};
use crate::api::Mutation;
use crate::api::{Path, Query};
use crate::error::{AppError, ErrorBody};
use crate::store::{change_session, Reply, StoreCatalog, Tx};
use crate::{new_id, AppState};
use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use checkout_core::session::{self, client_view, create_session};
use checkout_core::view::{
    ClientLineItem, ClientSession, CreateSessionParams, Status, UpdateSessionParams,
};
use checkout_core::Code;

/// `/v1/checkout/sessions` and below.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/v1/checkout/sessions",
            post(create_checkout_session).get(list_checkout_sessions),
        )
        .route(
            "/v1/checkout/sessions/{id}",
            get(get_checkout_session).post(update_checkout_session),
        )
        .route(
            "/v1/checkout/sessions/{id}/expire",
            post(expire_checkout_session),
        )
        .route(
            "/v1/checkout/sessions/{id}/line_items",
            get(get_checkout_line_items),
        )
}

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

/// `GET /v1/checkout/sessions`: filter for the list of sessions.
#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SessionListParams {
    /// 1..=100, default 10.
    #[param(value_type = Option<i64>, minimum = 1, maximum = 100, nullable = false)]
    pub limit: Option<i64>,
    /// `open`, `complete` or `expired`: only sessions in that status.
    #[param(nullable = false)]
    pub status: Option<Status>,
}

#[utoipa::path(get, path = "/v1/checkout/sessions", tag = "engine", params(SessionListParams),
    responses((status = 200, body = ListOf<ClientSession>), (status = 400, body = ErrorBody)), security(("secret_key" = [])))]
/// The most recently created sessions (newest first), their status as it stands now, and
/// with `status` only those in it (among the 1,000 newest).
pub async fn list_checkout_sessions(
    State(state): State<AppState>,
    Query(q): Query<SessionListParams>,
) -> Result<Json<ListOf<ClientSession>>, AppError> {
    let n = page_size(&ListParams {
        limit: q.limit,
        starting_after: None,
    })?;
    let now = state.store.now();
    let cache = state.store.catalog_cache();
    let views = state
        .store
        .read(move |tx| {
            let catalog = StoreCatalog::shared(tx, &cache)?;
            let scan = if q.status.is_some() { 1000 } else { n + 1 };
            let mut out = vec![];
            for mut s in tx.recent_sessions(scan)? {
                s.lapse(now);
                if q.status.is_none_or(|st| st == s.status) {
                    out.push(client_view(&s, &catalog)?);
                }
                if out.len() as i64 > n {
                    break;
                }
            }
            Ok(out)
        })
        .await?;
    Ok(list_of(views, n))
}

#[utoipa::path(get, path = "/v1/checkout/sessions/{id}", tag = "engine", params(("id" = String, Path)),
    responses((status = 200, body = ClientSession), (status = 404, body = ErrorBody)), security(("secret_key" = [])))]
pub async fn get_checkout_session(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Reply, AppError> {
    Reply::json(&crate::api::widget::view(&state, id).await?)
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
    let items = crate::api::widget::view(&state, id).await?.line_items;
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
