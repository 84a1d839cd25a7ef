//! Checkout sessions: create, retrieve, update line items (§3.3), expire, and the line items fulfilment reads.

use super::{list_of, list_page, mutate, paging, ListOf, ListParams};
use crate::api::Mutation;
use crate::api::{Path, Query};
use crate::error::{AppError, ErrorBody};
use crate::store::{change_session, Cursor, Page, Reply, StoreCatalog, Tx};
use crate::{new_id, AppState};
use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use checkout_core::session::{self, client_view, create_session, engine_view, Session};
use checkout_core::view::{
    ClientSession, CompleteSessionParams, CreateSessionParams, EngineSession, Expand, Item,
    ReopenSessionParams, Status, UpdateSessionParams,
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
        .route(
            "/v1/checkout/sessions/{id}/complete",
            post(complete_checkout_session),
        )
        .route(
            "/v1/checkout/sessions/{id}/reopen",
            post(reopen_checkout_session),
        )
}

/// Writes `next` over `current` (read and locked in this transaction). When `next`
/// completes the session, Insights' facts of the checkout are recorded and
/// `checkout.session.completed` (the session in its `/v1` shape) enters the outbox, in
/// the same transaction: a completion is stored exactly once with its one event, or not
/// at all.
pub(crate) fn store_transition(
    tx: &dyn Tx,
    catalog: &StoreCatalog,
    current: &Session,
    next: &Session,
    now: i64,
) -> Result<(), AppError> {
    if !tx.update_session(next, current.version, now)? {
        return Err(AppError::with_param(
            Code::SessionVersionConflict,
            "the session changed while this update ran; fetch it again and retry",
            "session",
        ));
    }
    if current.status != Status::Complete && next.status == Status::Complete {
        // The code's last redemption goes to one completion, on any instance: the
        // counting update takes its row lock and checks what is left under it.
        if let Some(code) = &next.promotion_code {
            if !tx.redeem_promotion_code(&code.id)? {
                return Err(AppError::with_param(
                    Code::PromotionCodeExhausted,
                    "the promotion code was used up in the meantime; remove it and confirm again",
                    "code",
                ));
            }
        }
        let facts = checkout_core::insights::completion_facts(current, catalog)?;
        tx.record_completion(&facts, now)?;
        let event = crate::store::json_text(&engine_session(next, catalog, &[])?)?;
        crate::webhooks::record_event(
            tx,
            crate::webhooks::CHECKOUT_SESSION_COMPLETED,
            &event,
            next.livemode,
            now,
        )?;
    }
    Ok(())
}

/// Creates a session in the caller's transaction; answers it with its client view
/// (the demo page and the dashboard's preview hand that to the widget).
pub fn create_stored_session(
    tx: &dyn Tx,
    params: &CreateSessionParams,
    now: i64,
    livemode: bool,
) -> Result<(Session, ClientSession), AppError> {
    let catalog = StoreCatalog::new(tx);
    let mut s = create_session(new_id("cs"), params, &catalog, &mut new_id)?;
    s.expires_at = Some(session::session_expiry(params.expires_at, now)?);
    s.livemode = livemode;
    s.created = now;
    tx.insert_session(&s, now)?;
    let view = client_view(&s, &catalog)?;
    Ok((s, view))
}

/// Creates a session and answers its client view (the demo page and the preview).
pub fn create_session_view(
    tx: &dyn Tx,
    params: &CreateSessionParams,
    now: i64,
    livemode: bool,
) -> Result<ClientSession, AppError> {
    Ok(create_stored_session(tx, params, now, livemode)?.1)
}

/// The session on `/v1` (§9), with its line items when `expand` asks for them.
pub(crate) fn engine_session(
    s: &Session,
    catalog: &StoreCatalog,
    expand: &[Expand],
) -> Result<EngineSession, AppError> {
    let view = client_view(s, catalog)?;
    Ok(engine_view(s, view, expand.contains(&Expand::LineItems)))
}

/// What a retrieve takes: `expand[]=line_items`.
#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct RetrieveParams {
    /// Fields to expand: `line_items` (`expand[]=line_items`).
    #[serde(default)]
    #[param(style = DeepObject, explode)]
    pub expand: Vec<Expand>,
}

#[utoipa::path(post, path = "/v1/checkout/sessions", tag = "engine", request_body = CreateSessionParams,
    responses((status = 200, body = EngineSession), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("secret_key" = [])))]
pub async fn create_checkout_session(
    State(state): State<AppState>,
    m: Mutation,
) -> Result<Reply, AppError> {
    let params: CreateSessionParams = m.params()?;
    let livemode = state.payments.livemode();
    mutate(&state, m, move |tx, now| {
        let (s, view) = create_stored_session(tx, &params, now, livemode)?;
        Ok(engine_view(
            &s,
            view,
            params.expand.contains(&Expand::LineItems),
        ))
    })
    .await
}

/// `GET /v1/checkout/sessions`: a page (see [`ListParams`]) and an optional status.
#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SessionListParams {
    /// 1..=100, default 10.
    #[param(value_type = Option<i64>, minimum = 1, maximum = 100, nullable = false)]
    pub limit: Option<i64>,
    /// The id of a session: the page of the sessions created after it (older ones).
    #[param(nullable = false, min_length = 1)]
    pub starting_after: Option<String>,
    /// The id of a session: the page of the sessions created before it (newer ones).
    #[param(nullable = false, min_length = 1)]
    pub ending_before: Option<String>,
    /// `open`, `complete` or `expired`: only sessions in that status.
    #[param(nullable = false)]
    pub status: Option<Status>,
}

#[utoipa::path(get, path = "/v1/checkout/sessions", tag = "engine", params(SessionListParams),
    responses((status = 200, body = ListOf<EngineSession>), (status = 400, body = ErrorBody)), security(("secret_key" = [])))]
/// The sessions, newest first by creation, their status as it stands now; with `status`,
/// only those in it.
pub async fn list_checkout_sessions(
    State(state): State<AppState>,
    Query(q): Query<SessionListParams>,
) -> Result<Json<ListOf<EngineSession>>, AppError> {
    let (n, page) = paging(q.limit, q.starting_after, q.ending_before)?;
    let now = state.store.now();
    let cache = state.store.catalog_cache();
    let status = q.status;
    let p = page.clone();
    let views = state
        .store
        .read(move |tx| {
            let catalog = StoreCatalog::shared(tx, &cache)?;
            // A status is a session's stored one, lapsed to `expired` by the clock: it
            // is filtered here, reading on from the last session seen until the page
            // is full or the list ends, all in this one snapshot.
            let before = p.cursor().1;
            let mut batch = match status {
                None => p,
                Some(_) => Page { rows: 100, ..p },
            };
            let mut found = vec![];
            loop {
                let rows = tx.recent_sessions(&batch)?;
                let ended = (rows.len() as i64) < batch.rows;
                let last = rows.last().map(|s| s.id.clone());
                for mut s in rows {
                    s.lapse(now);
                    if status.is_none_or(|st| st == s.status) && found.len() as i64 <= n {
                        found.push(s);
                    }
                }
                match last {
                    Some(id) if !ended && found.len() as i64 <= n => {
                        batch.cursor = Some(if before {
                            Cursor::Before(id)
                        } else {
                            Cursor::After(id)
                        });
                    }
                    _ => break,
                }
            }
            // The one past the page only says that more follow: no view for it.
            let more = found.len() as i64 > n;
            found.truncate(n as usize);
            let views = found
                .iter()
                .map(|s| Ok(engine_view(s, client_view(s, &catalog)?, false)))
                .collect::<Result<Vec<_>, AppError>>()?;
            Ok((views, more))
        })
        .await?;
    Ok(list_page(views.0, views.1, &page, "/v1/checkout/sessions"))
}

#[utoipa::path(get, path = "/v1/checkout/sessions/{id}", tag = "engine", params(("id" = String, Path), RetrieveParams),
    responses((status = 200, body = EngineSession), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)), security(("secret_key" = [])))]
pub async fn get_checkout_session(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<RetrieveParams>,
) -> Result<Reply, AppError> {
    let view =
        crate::api::widget::read_session(&state, id, move |s, c| engine_session(s, c, &q.expand))
            .await?;
    Reply::json(&view)
}

#[utoipa::path(post, path = "/v1/checkout/sessions/{id}", tag = "engine", params(("id" = String, Path)),
    request_body = UpdateSessionParams,
    responses((status = 200, body = EngineSession), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("secret_key" = [])))]
pub async fn update_checkout_session(
    State(state): State<AppState>,
    Path(id): Path<String>,
    m: Mutation,
) -> Result<Reply, AppError> {
    let params: UpdateSessionParams = m.params()?;
    let cache = state.store.catalog_cache();
    mutate(&state, m, move |tx, now| {
        change_session(
            tx,
            &cache,
            &id,
            now,
            |s, c| session::update_session(s, c, &params, &mut new_id),
            |s, c| engine_session(s, c, &params.expand),
        )
    })
    .await
}

#[utoipa::path(post, path = "/v1/checkout/sessions/{id}/expire", tag = "engine", params(("id" = String, Path)),
    responses((status = 200, body = EngineSession), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("secret_key" = [])))]
pub async fn expire_checkout_session(
    State(state): State<AppState>,
    Path(id): Path<String>,
    m: Mutation,
) -> Result<Reply, AppError> {
    let cache = state.store.catalog_cache();
    mutate(&state, m, move |tx, now| {
        change_session(
            tx,
            &cache,
            &id,
            now,
            |s, _| Ok(session::expire(s)?),
            |s, c| engine_session(s, c, &[]),
        )
    })
    .await
}

#[utoipa::path(post, path = "/v1/checkout/sessions/{id}/complete", tag = "engine", params(("id" = String, Path)),
    request_body = CompleteSessionParams,
    responses((status = 200, body = EngineSession), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("secret_key" = [])))]
/// The merchant's payment provider took the money for a session awaiting payment
/// (`PAYMENTS=merchant`): it becomes `complete` and `paid` (`no_payment_required` when
/// nothing was due today), and `checkout.session.completed` is enqueued in the same
/// transaction. Once only: again, it is 409 `session_not_open` (an `Idempotency-Key`
/// replays the first answer); a session not awaiting payment is 409
/// `session_not_awaiting_payment`; an expired one `session_not_open`.
pub async fn complete_checkout_session(
    State(state): State<AppState>,
    Path(id): Path<String>,
    m: Mutation,
) -> Result<Reply, AppError> {
    let params: CompleteSessionParams = m.params_or_default()?;
    mutate(&state, m, move |tx, now| {
        let catalog = StoreCatalog::new(tx);
        let current = crate::store::get_session(tx, &id, now, true)?;
        let next = session::complete_payment(&current, params.payment_reference.as_deref())?;
        store_transition(tx, &catalog, &current, &next, now)?;
        engine_session(&next, &catalog, &params.expand)
    })
    .await
}

#[utoipa::path(post, path = "/v1/checkout/sessions/{id}/reopen", tag = "engine", params(("id" = String, Path)),
    request_body = ReopenSessionParams,
    responses((status = 200, body = EngineSession), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("secret_key" = [])))]
/// The payment failed or the buyer went back: a session awaiting payment is open for
/// changes again, and the widget shows `failure_message` (or its own sentence) with its
/// confirm button. Refusals as for `…/complete`.
pub async fn reopen_checkout_session(
    State(state): State<AppState>,
    Path(id): Path<String>,
    m: Mutation,
) -> Result<Reply, AppError> {
    let params: ReopenSessionParams = m.params_or_default()?;
    mutate(&state, m, move |tx, now| {
        let catalog = StoreCatalog::new(tx);
        let current = crate::store::get_session(tx, &id, now, true)?;
        let next = session::reopen(&current, params.failure_message.as_deref())?;
        store_transition(tx, &catalog, &current, &next, now)?;
        engine_session(&next, &catalog, &params.expand)
    })
    .await
}

#[utoipa::path(get, path = "/v1/checkout/sessions/{id}/line_items", tag = "engine", params(("id" = String, Path), ListParams),
    responses((status = 200, body = ListOf<Item>), (status = 404, body = ErrorBody)), security(("secret_key" = [])))]
/// The session's line items as fulfilment reads them (with the upsell price if chosen
/// and the added cross-sells), `limit` at a time after `starting_after` or before
/// `ending_before`.
pub async fn get_checkout_line_items(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<ListParams>,
) -> Result<Json<ListOf<Item>>, AppError> {
    let url = format!("/v1/checkout/sessions/{id}/line_items");
    let (n, page) = q.page()?;
    let items: Vec<Item> = crate::api::widget::view(&state, id)
        .await?
        .line_items
        .into_iter()
        .map(Item::from)
        .collect();
    // In the cart's order; a cursor is a line item of this session.
    let (cursor, before) = page.cursor();
    let at = match cursor {
        None => None,
        Some(c) => Some(
            items
                .iter()
                .position(|li| li.id == c)
                .ok_or_else(|| page.missing_cursor("line item on this session"))?,
        ),
    };
    let rows: Vec<Item> = match (at, before) {
        (None, _) => items.into_iter().take(page.rows as usize).collect(),
        (Some(i), false) => items
            .into_iter()
            .skip(i + 1)
            .take(page.rows as usize)
            .collect(),
        // Nearest first, as the store answers `ending_before` (list_of turns them round).
        (Some(i), true) => items
            .into_iter()
            .take(i)
            .rev()
            .take(page.rows as usize)
            .collect(),
    };
    Ok(list_of(rows, n, &page, &url))
}
