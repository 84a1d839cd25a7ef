//! The merchant dashboard's API (§7), under `/dashboard/api`, for the dashboard app the
//! server serves at `/dashboard/`. The merchant signs in with the engine's secret key and
//! gets a server-side session behind an `HttpOnly`, `SameSite=Strict` cookie (the key
//! itself never reaches the browser's storage); the session lasts 12 hours or until "Sign
//! out". Every state-changing request must come from the server's own origin (403
//! otherwise). Behind the session the dashboard calls the engine API's own handlers
//! (`/dashboard/api/v1/…`, the same rules and store) and a few views of its own: the
//! cross-sell and upsell options (checkout-core's eligibility lists) and price creation
//! from an amount in major units, Insights, and recent webhook events with "Resend".

mod events;
mod insights;
mod options;
mod session;

pub use session::{COOKIE_NAME, SESSION_LIFETIME_SECS};

use crate::error::AppError;
use crate::AppState;
use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::{from_fn_with_state, Next};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use checkout_core::Code;

/// Every `/dashboard/api` route.
pub fn router(state: AppState) -> Router<AppState> {
    let signed_in = Router::new()
        .merge(crate::api::engine::routes())
        .route(
            "/v1/products/{id}/cross_sell_options",
            get(options::cross_sell_options),
        )
        .route(
            "/v1/prices/{id}/upsell_options",
            get(options::upsell_options),
        )
        .route("/v1/products/{id}/preview", post(options::preview))
        .route("/v1/prices/{id}/preview", post(options::preview_price))
        .route("/prices", post(options::create_price))
        .route("/insights", get(insights::get_insights))
        .route("/events", get(events::list_events))
        .route(
            "/events/{event}/deliveries/{endpoint}/resend",
            post(events::resend),
        )
        .route("/session", get(session::current).delete(session::sign_out))
        .route_layer(from_fn_with_state(state.clone(), session::require_session));
    let api = Router::new()
        .route("/session", post(session::sign_in))
        .merge(signed_in)
        .fallback(|| async {
            AppError::new(Code::RouteMissing, "no dashboard endpoint has this path")
        })
        .layer(from_fn_with_state(state, same_origin_writes));
    Router::new().nest("/dashboard/api", api)
}

/// Refuses a state-changing request (anything but `GET`/`HEAD`) whose `Origin` is not the
/// server's own, or that has none: 403 `origin_not_allowed`. Browsers send `Origin` on
/// every such request, so a page elsewhere cannot make the merchant's browser change
/// anything (the `SameSite=Strict` cookie is a second wall).
async fn same_origin_writes(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Result<Response, AppError> {
    if !matches!(*req.method(), Method::GET | Method::HEAD) {
        let origin = req
            .headers()
            .get(axum::http::header::ORIGIN)
            .and_then(|o| o.to_str().ok());
        let own =
            origin.is_some_and(|o| crate::guard::is_own_origin(&req, o, state.guard.trust_proxy));
        if !own {
            return Err(AppError::with_param(
                Code::OriginNotAllowed,
                "dashboard changes are only taken from the dashboard's own pages",
                "Origin",
            ));
        }
    }
    Ok(next.run(req).await)
}
