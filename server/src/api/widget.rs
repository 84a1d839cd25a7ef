//! Widget API (§4.2): public, scoped to one session; the session id in the path is the
//! credential. Each endpoint takes one intent (never a price or an amount) and answers
//! the session's client view.

use super::Mutation;
use crate::api::engine::sessions::store_transition;
use crate::api::Path;
use crate::error::{AppError, ErrorBody};
use crate::store::sessions::no_such_session;
use crate::store::{change_session, found, get_session, json_text, Reply, StoreCatalog};
use crate::{new_id, AppState};
use axum::extract::State;
use axum::routing::{delete, get, post};
use axum::Router;
use checkout_core::session::{self, client_view, Confirmation, Session};
use checkout_core::view::{
    ClientSession, ConfirmIntent, CrossSellIntent, OptionalItemIntent, PromotionCodeIntent,
    QuantityIntent, UpsellIntent,
};
use checkout_core::Code;

/// The widget API's routes (§4.2); `app` adds its origin check, rate limit and CORS.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/checkout/{session}", get(get_checkout))
        .route("/api/checkout/{session}/upsell", post(post_upsell))
        .route("/api/checkout/{session}/cross-sells", post(post_cross_sell))
        .route(
            "/api/checkout/{session}/cross-sells/{product}",
            delete(delete_cross_sell),
        )
        .route(
            "/api/checkout/{session}/line-items/{line_item}/quantity",
            post(post_quantity),
        )
        .route("/api/checkout/{session}/confirm", post(post_confirm))
        .route(
            "/api/checkout/{session}/optional-items",
            post(post_optional_item),
        )
        .route(
            "/api/checkout/{session}/optional-items/{price}",
            delete(delete_optional_item),
        )
        .route(
            "/api/checkout/{session}/promotion-code",
            post(post_promotion_code).delete(delete_promotion_code),
        )
}

fn session_id(id: String) -> Result<String, AppError> {
    if id.starts_with("cs_") && id.len() <= 128 {
        Ok(id)
    } else {
        Err(AppError::with_param(
            Code::ResourceMissing,
            "no such checkout session",
            "session",
        ))
    }
}

/// Reads the client view of a session.
pub async fn view(state: &AppState, id: String) -> Result<ClientSession, AppError> {
    read_session(state, id, |s, c| Ok(client_view(s, c)?)).await
}

/// Reads a session (lapsed by the clock) in one snapshot and answers `answer` of it: one
/// statement when the catalog rows of its view are cached (see [`Store::read_point`]).
pub async fn read_session<T: Send + 'static>(
    state: &AppState,
    id: String,
    answer: impl Fn(&Session, &StoreCatalog) -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    let id = session_id(id)?;
    let now = state.store.now();
    let cache = state.store.catalog_cache();
    state
        .store
        .read_point(move |tx| {
            let (s, generation) = tx.session_at_generation(&id)?;
            let s = found(s, now)?;
            answer(&s, &StoreCatalog::at(tx, &cache, generation))
        })
        .await
}

/// Applies one intent to a session and answers its new client view (or, for a repeated
/// `Idempotency-Key`, the first answer).
async fn apply<F>(state: &AppState, id: String, m: Mutation, change: F) -> Result<Reply, AppError>
where
    F: FnOnce(&Session, &StoreCatalog) -> Result<Session, checkout_core::Error> + Send + 'static,
{
    let id = session_id(id)?;
    let cache = state.store.catalog_cache();
    state
        .store
        .mutate(m.idem, move |tx, now| {
            let view = change_session(tx, &cache, &id, now, change, |s, c| Ok(client_view(s, c)?))?;
            json_text(&view)
        })
        .await
}

#[utoipa::path(get, path = "/api/checkout/{session}", tag = "widget",
    params(("session" = String, Path, description = "Checkout session id (cs_…)")),
    responses((status = 200, body = ClientSession), (status = 404, body = ErrorBody)))]
pub async fn get_checkout(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Reply, AppError> {
    let id = session_id(id)?;
    let now = state.store.now();
    let cache = state.store.catalog_cache();
    let views = state.store.view_cache();
    // One statement gives the session's text and the catalog's generation; an answer
    // made from that text under that generation, still true at `now`, goes out as it is.
    let body = state
        .store
        .read_point(move |tx| {
            let (text, generation) = tx.session_text_at_generation(&id)?;
            let text = text.ok_or_else(no_such_session)?;
            if let Some(body) = views.get(&id, &text, generation, now) {
                return Ok(body);
            }
            let s = found(Some(serde_json::from_str(&text)?), now)?;
            let body = json_text(&client_view(&s, &StoreCatalog::at(tx, &cache, generation))?)?;
            views.put(
                &id,
                &text,
                generation,
                s.lapses_at().unwrap_or(i64::MAX),
                &body,
            );
            Ok(body)
        })
        .await?;
    Ok(Reply {
        status: 200,
        body,
        replayed: false,
    })
}

#[utoipa::path(post, path = "/api/checkout/{session}/upsell", tag = "widget",
    params(("session" = String, Path)), request_body = UpsellIntent,
    responses((status = 200, body = ClientSession), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn post_upsell(
    State(state): State<AppState>,
    Path(id): Path<String>,
    m: Mutation,
) -> Result<Reply, AppError> {
    let intent: UpsellIntent = m.json()?;
    apply(&state, id, m, move |s, c| {
        session::select_upsell(s, c, intent.selected)
    })
    .await
}

#[utoipa::path(post, path = "/api/checkout/{session}/cross-sells", tag = "widget",
    params(("session" = String, Path)), request_body = CrossSellIntent,
    responses((status = 200, body = ClientSession), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn post_cross_sell(
    State(state): State<AppState>,
    Path(id): Path<String>,
    m: Mutation,
) -> Result<Reply, AppError> {
    let intent: CrossSellIntent = m.json()?;
    apply(&state, id, m, move |s, c| {
        session::add_cross_sell(s, c, &intent.product, &mut new_id)
    })
    .await
}

#[utoipa::path(delete, path = "/api/checkout/{session}/cross-sells/{product}", tag = "widget",
    params(("session" = String, Path), ("product" = String, Path)),
    responses((status = 200, body = ClientSession), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete_cross_sell(
    State(state): State<AppState>,
    Path((id, product)): Path<(String, String)>,
    m: Mutation,
) -> Result<Reply, AppError> {
    apply(&state, id, m, move |s, c| {
        session::remove_cross_sell(s, c, &product)
    })
    .await
}

#[utoipa::path(post, path = "/api/checkout/{session}/optional-items", tag = "widget",
    params(("session" = String, Path)), request_body = OptionalItemIntent,
    responses((status = 200, body = ClientSession), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
/// The buyer adds one of the session's optional items (§11), by its price: a line item
/// with `source: "optional_item"`, the item's quantity and range.
pub async fn post_optional_item(
    State(state): State<AppState>,
    Path(id): Path<String>,
    m: Mutation,
) -> Result<Reply, AppError> {
    let intent: OptionalItemIntent = m.json()?;
    apply(&state, id, m, move |s, c| {
        session::add_optional_item(s, c, &intent.price, &mut new_id)
    })
    .await
}

#[utoipa::path(delete, path = "/api/checkout/{session}/optional-items/{price}", tag = "widget",
    params(("session" = String, Path), ("price" = String, Path)),
    responses((status = 200, body = ClientSession), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
/// The buyer removes an added optional item; it is offered again.
pub async fn delete_optional_item(
    State(state): State<AppState>,
    Path((id, price)): Path<(String, String)>,
    m: Mutation,
) -> Result<Reply, AppError> {
    apply(&state, id, m, move |s, c| {
        session::remove_optional_item(s, c, &price)
    })
    .await
}

#[utoipa::path(post, path = "/api/checkout/{session}/line-items/{line_item}/quantity", tag = "widget",
    params(("session" = String, Path), ("line_item" = String, Path)), request_body = QuantityIntent,
    responses((status = 200, body = ClientSession), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn post_quantity(
    State(state): State<AppState>,
    Path((id, line_item)): Path<(String, String)>,
    m: Mutation,
) -> Result<Reply, AppError> {
    let intent: QuantityIntent = m.json()?;
    apply(&state, id, m, move |s, c| {
        session::set_quantity(s, c, &line_item, intent.quantity)
    })
    .await
}

#[utoipa::path(post, path = "/api/checkout/{session}/confirm", tag = "widget",
    params(("session" = String, Path)), request_body = ConfirmIntent,
    responses((status = 200, body = ClientSession), (status = 402, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
/// Confirms the cart the buyer saw (`expected_version`) with the buyer's `email`
/// (required unless the session has `customer_email`; 400 `email_invalid`). Under the
/// test modes the payment step takes the amount due today, the session becomes
/// `complete`, a `checkout.session.completed` event enters the outbox and Insights'
/// facts of the checkout are recorded, all in one transaction; a decline (402
/// `payment_declined`) leaves the session open. Under `PAYMENTS=merchant` the session is
/// frozen instead (`awaiting_payment: true`) for the merchant's payment provider. A free
/// order of a session with `payment_method_collection: if_required` completes at once
/// (`no_payment_required`). A changed cart (409 `session_version_conflict`), a session
/// no longer open (409 `session_not_open`) or awaiting payment (409
/// `session_awaiting_payment`) is refused before any payment.
pub async fn post_confirm(
    State(state): State<AppState>,
    Path(id): Path<String>,
    m: Mutation,
) -> Result<Reply, AppError> {
    let intent: ConfirmIntent = m.json()?;
    let id = session_id(id)?;
    let payments = state.payments.clone();
    state
        .store
        .mutate(m.idem, move |tx, now| {
            let catalog = StoreCatalog::new(tx);
            // Locked to the commit: no other change of this cart lands between the amount
            // charged and the completion.
            let current = get_session(tx, &id, now, true)?;
            let confirmation = session::confirm(&current, &catalog, &intent, payments.flow(), now)?;
            if let Confirmation::Charge {
                amount, currency, ..
            } = &confirmation
            {
                payments
                    .charge(&id, *amount, currency)
                    .map_err(|declined| {
                        tracing::info!("payment declined: {}", declined.0);
                        AppError::with_param(
                        Code::PaymentDeclined,
                        "the payment was declined; nothing was charged and the cart is unchanged",
                        "payment",
                    )
                    })?;
            }
            let next = confirmation.session();
            store_transition(tx, &catalog, &current, next, now)?;
            json_text(&client_view(next, &catalog)?)
        })
        .await
}

/// A refusal of the code itself (what a guess meets), counted toward the guess limit.
fn refused_code(code: Code) -> bool {
    matches!(
        code,
        Code::PromotionCodeInvalid
            | Code::PromotionCodeExpired
            | Code::PromotionCodeExhausted
            | Code::PromotionCodeMinimumAmount
            | Code::PromotionCodesNotAllowed
    )
}

#[utoipa::path(post, path = "/api/checkout/{session}/promotion-code", tag = "widget",
    params(("session" = String, Path)), request_body = PromotionCodeIntent,
    responses((status = 200, body = ClientSession), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 429, body = ErrorBody)))]
/// The buyer applies a promotion code (§11): matched without regard to case, checked
/// against its limits and the cart; its coupon becomes the session's discount (the
/// upsell price included). A refused code changes nothing and says why
/// (`promotion_code_invalid`, `_expired`, `_exhausted`, `_minimum_amount`); after 10
/// refused codes within an hour the session takes no more for a while (429
/// `rate_limited` with `Retry-After`).
pub async fn post_promotion_code(
    State(state): State<AppState>,
    Path(id): Path<String>,
    m: Mutation,
) -> Result<axum::response::Response, AppError> {
    use axum::response::IntoResponse;
    use checkout_core::promotion::{self, GUESS_WINDOW_SECS};
    let intent: PromotionCodeIntent = m.json()?;
    let id = session_id(id)?;
    let typed = promotion::normalize(&intent.code);
    // The guess limit, read first: past it the answer is 429 with the seconds until the
    // oldest refusal of the hour no longer counts.
    let (sid, now) = (id.clone(), state.store.now());
    let refused = state
        .store
        .read(move |tx| Ok(get_session(tx, &sid, now, false)?.refused_codes))
        .await?;
    if !promotion::may_try(&refused, now) {
        let oldest = refused.iter().min().copied().unwrap_or(now);
        let wait = (oldest + GUESS_WINDOW_SECS - now).max(1);
        let mut res = AppError::with_param(
            Code::RateLimited,
            format!("too many promotion codes tried; try again in {wait} s"),
            "code",
        )
        .into_response();
        if let Ok(v) = axum::http::HeaderValue::from_str(&wait.to_string()) {
            res.headers_mut().insert(axum::http::header::RETRY_AFTER, v);
        }
        return Ok(res);
    }
    let sid = id.clone();
    let answer = state
        .store
        .mutate(m.idem, move |tx, now| {
            let catalog = StoreCatalog::new(tx);
            let current = get_session(tx, &sid, now, true)?;
            let promo = tx.promotion_code_by_code(&typed)?.map(|r| r.inner);
            let next = session::apply_promotion_code(&current, &catalog, promo.as_ref(), now)?;
            if next != current && !tx.update_session(&next, current.version, now)? {
                return Err(AppError::with_param(
                    Code::SessionVersionConflict,
                    "the session changed while this update ran; fetch it again and retry",
                    "session",
                ));
            }
            json_text(&client_view(&next, &catalog)?)
        })
        .await;
    match answer {
        Ok(reply) => Ok(reply.into_response()),
        Err(AppError::Rule(r)) if refused_code(r.code) => {
            // The refusal rolled back its own transaction; the guess is counted in one of
            // its own, beside the cart (which it does not touch: same version).
            let now = state.store.now();
            state
                .store
                .write(move |tx| {
                    let mut s = get_session(tx, &id, now, true)?;
                    s.refused_codes.retain(|at| now - at < GUESS_WINDOW_SECS);
                    s.refused_codes.push(now);
                    tx.update_session(&s, s.version, now)?;
                    Ok(())
                })
                .await?;
            Err(AppError::Rule(r))
        }
        Err(e) => Err(e),
    }
}

#[utoipa::path(delete, path = "/api/checkout/{session}/promotion-code", tag = "widget",
    params(("session" = String, Path)),
    responses((status = 200, body = ClientSession), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
/// The buyer removes the applied code (none applied: the session as it is).
pub async fn delete_promotion_code(
    State(state): State<AppState>,
    Path(id): Path<String>,
    m: Mutation,
) -> Result<Reply, AppError> {
    apply(&state, id, m, |s, _| session::remove_promotion_code(s)).await
}
