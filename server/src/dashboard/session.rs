//! Signing in and out of the dashboard, and the session every other call needs.

use crate::api::{hex, same_key, Mutation};
use crate::error::AppError;
use crate::AppState;
use axum::extract::{Request, State};
use axum::http::header::{COOKIE, RETRY_AFTER, SET_COOKIE};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use checkout_core::Code;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The session cookie's name.
pub const COOKIE_NAME: &str = "checkout_dashboard";
/// How long a dashboard session lasts: 12 hours.
pub const SESSION_LIFETIME_SECS: i64 = 12 * 60 * 60;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SignIn {
    secret_key: String,
}

/// The signed-in session as the dashboard sees it.
#[derive(Serialize)]
pub struct Current {
    object: &'static str,
    expires_at: i64,
}

/// The session's token digest, for the handlers behind [`require_session`].
#[derive(Clone)]
struct TokenDigest(String);

fn digest(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// The token in the request's `checkout_dashboard` cookie (every `Cookie` header line).
fn token(req: &Request) -> Option<String> {
    req.headers()
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE_NAME)
        .map(|(_, value)| value.to_string())
}

fn cookie(value: &str, max_age: i64, secure: bool) -> Result<HeaderValue, AppError> {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{}={value}; HttpOnly; SameSite=Strict; Path=/; Max-Age={max_age}{secure}",
        COOKIE_NAME
    ))
    .map_err(AppError::internal)
}

/// `POST /dashboard/api/session {"secret_key": "sk_…"}`: a new session behind a cookie,
/// or 401 `invalid_api_key` (nothing is stored). Only failures count (DESIGN §7): each
/// wrong key takes one of a client's small budget (5 at once, then one every 5 s), and
/// past it a wrong key is 429 `rate_limited` with `Retry-After`. The right key always
/// signs in: a team behind one address, a merchant signing out and in again, or a test
/// suite is never locked out (what stands against guessing is the key's 160 random bits,
/// as on the engine API, which checks the same key; see docs/security.md).
pub async fn sign_in(State(state): State<AppState>, req: Request) -> Result<Response, AppError> {
    let client = crate::guard::client_of(&req, state.guard.trust_proxy);
    // Over https (the page's own origin says so), the cookie is Secure.
    let secure = req
        .headers()
        .get(axum::http::header::ORIGIN)
        .and_then(|o| o.to_str().ok())
        .is_some_and(|o| o.starts_with("https://"));
    let m = <Mutation as axum::extract::FromRequest<AppState>>::from_request(req, &state).await?;
    let body: SignIn = m.json()?;
    if !same_key(
        body.secret_key.trim().as_bytes(),
        state.secret_key.as_bytes(),
    ) {
        if let Err(wait) = state.guard.sign_in.take(client) {
            let mut res = AppError::new(
                Code::RateLimited,
                format!("too many failed sign-in attempts; try again in {wait} s"),
            )
            .into_response();
            res.headers_mut()
                .insert(RETRY_AFTER, HeaderValue::from(wait));
            return Ok(res);
        }
        return Err(AppError::with_param(
            Code::InvalidApiKey,
            "that is not this checkout's secret key",
            "secret_key",
        ));
    }
    let token = crate::new_id("dash");
    let now = state.store.now();
    let expires = now + SESSION_LIFETIME_SECS;
    let stored = digest(&token);
    state
        .store
        .write(move |tx| tx.insert_dashboard_session(&stored, now, expires))
        .await?;
    let mut res = Json(Current {
        object: "dashboard_session",
        expires_at: expires,
    })
    .into_response();
    res.headers_mut()
        .insert(SET_COOKIE, cookie(&token, SESSION_LIFETIME_SECS, secure)?);
    Ok(res)
}

/// Every dashboard call but signing in: a cookie naming a live session, or 401
/// `authentication_required`.
pub async fn require_session(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Result<Response, AppError> {
    let signed_out = || {
        AppError::new(
            Code::AuthenticationRequired,
            "sign in to the dashboard (the session ended or never began)",
        )
    };
    let Some(token) = token(&req) else {
        return Err(signed_out());
    };
    let stored = digest(&token);
    let now = state.store.now();
    let expiry = {
        let stored = stored.clone();
        state
            .store
            .read(move |tx| tx.dashboard_session_expiry(&stored))
            .await?
    };
    match expiry {
        Some(at) if at > now => {
            req.extensions_mut().insert(TokenDigest(stored));
            req.extensions_mut().insert(Expiry(at));
            Ok(next.run(req).await)
        }
        _ => Err(signed_out()),
    }
}

#[derive(Clone, Copy)]
struct Expiry(i64);

/// `GET /dashboard/api/session`: the session, while it lasts.
pub async fn current(req: Request) -> Json<Current> {
    let expires_at = req.extensions().get::<Expiry>().map_or(0, |e| e.0);
    Json(Current {
        object: "dashboard_session",
        expires_at,
    })
}

/// `DELETE /dashboard/api/session`: ends the session on the server and clears the cookie.
pub async fn sign_out(State(state): State<AppState>, req: Request) -> Result<Response, AppError> {
    if let Some(TokenDigest(stored)) = req.extensions().get::<TokenDigest>().cloned() {
        state
            .store
            .write(move |tx| tx.delete_dashboard_session(&stored))
            .await?;
    }
    let mut res =
        Json(serde_json::json!({"object": "dashboard_session", "deleted": true})).into_response();
    res.headers_mut().insert(SET_COOKIE, cookie("", 0, false)?);
    Ok(res)
}
