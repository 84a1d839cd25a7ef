//! What stands between the internet and the handlers: the widget API's origin allowlist
//! and per-client rate limit, and the security headers on every response.

use crate::error::AppError;
use crate::AppState;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::header::{HOST, ORIGIN, RETRY_AFTER};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use checkout_core::Code;
use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Mutex;
use std::time::Instant;

/// The policy on every response. Pages may run scripts from this origin only (no inline
/// scripts, no `eval`; `'wasm-unsafe-eval'` lets them compile WebAssembly); styles from
/// files and constructed stylesheets only.
pub const CONTENT_SECURITY_POLICY: &str =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
style-src 'self'; img-src 'self' https: data:; connect-src 'self'; object-src 'none'; \
base-uri 'none'; form-action 'self'; frame-ancestors 'self'";

/// Widget API access rules.
pub struct Guard {
    /// Origins (`https://shop.example`) whose pages may call the widget API besides the
    /// server's own origin.
    pub allowed_origins: Vec<String>,
    /// Requests per second and burst per client; `None` turns the limit off.
    pub rate: Option<RateLimit>,
    /// Take the client address from `X-Forwarded-For` (only behind a proxy that sets it).
    pub trust_proxy: bool,
}

impl Default for Guard {
    /// Same origin only; 10 requests per second with bursts of 40 per client.
    fn default() -> Self {
        Guard {
            allowed_origins: vec![],
            rate: Some(RateLimit::new(10.0, 40.0)),
            trust_proxy: false,
        }
    }
}

/// A token bucket per client address.
pub struct RateLimit {
    per_second: f64,
    burst: f64,
    buckets: Mutex<HashMap<IpAddr, (f64, Instant)>>,
}

/// Buckets kept before full ones are dropped.
const MAX_TRACKED_CLIENTS: usize = 10_000;

impl RateLimit {
    pub fn new(per_second: f64, burst: f64) -> Self {
        RateLimit {
            per_second,
            burst: burst.max(1.0),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one token for `client`, or answers how many seconds until one is there.
    pub fn take(&self, client: IpAddr) -> Result<(), u64> {
        let now = Instant::now();
        let Ok(mut buckets) = self.buckets.lock() else {
            return Ok(());
        };
        if buckets.len() >= MAX_TRACKED_CLIENTS {
            let (rate, burst) = (self.per_second, self.burst);
            buckets.retain(|_, (tokens, at)| {
                *tokens + now.duration_since(*at).as_secs_f64() * rate < burst
            });
        }
        let (tokens, at) = buckets.entry(client).or_insert((self.burst, now));
        *tokens =
            (*tokens + now.duration_since(*at).as_secs_f64() * self.per_second).min(self.burst);
        *at = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - *tokens) / self.per_second).ceil().max(1.0) as u64)
        }
    }
}

fn client_of(req: &Request, trust_proxy: bool) -> IpAddr {
    if trust_proxy {
        let forwarded = req
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .and_then(|v| v.trim().parse().ok());
        if let Some(ip) = forwarded {
            return ip;
        }
    }
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
}

/// Widget API: refuses pages from origins that are neither the server's own nor on the
/// allowlist (403 `origin_not_allowed`), before anything runs. Requests without `Origin`
/// (same-origin `GET`s, servers) pass: the session id is the credential.
pub async fn check_origin(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Result<Response, AppError> {
    if let Some(origin) = req.headers().get(ORIGIN) {
        let origin = origin.to_str().unwrap_or("");
        // Behind a trusted proxy (TRUST_PROXY=1) the host the browser asked for is in
        // X-Forwarded-Host; a proxy rewrites Host to the backend's.
        let forwarded = state
            .guard
            .trust_proxy
            .then(|| req.headers().get("x-forwarded-host"))
            .flatten();
        let host = forwarded
            .or_else(|| req.headers().get(HOST))
            .and_then(|h| h.to_str().ok())
            .and_then(|h| h.split(',').next())
            .map(str::trim);
        let same =
            host.is_some() && origin.split_once("://").map(|(_, authority)| authority) == host;
        if !same && !state.guard.allowed_origins.iter().any(|o| o == origin) {
            return Err(AppError::with_param(
                Code::OriginNotAllowed,
                "this page's origin may not use the checkout; the merchant adds it to ALLOWED_ORIGINS",
                "Origin",
            ));
        }
    }
    Ok(next.run(req).await)
}

/// Widget API: 429 `rate_limited` with `Retry-After` once a client runs out of tokens.
pub async fn rate_limit(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if let Some(limit) = &state.guard.rate {
        if let Err(wait) = limit.take(client_of(&req, state.guard.trust_proxy)) {
            let mut res = AppError::new(
                Code::RateLimited,
                format!("too many requests; try again in {wait} s"),
            )
            .into_response();
            if let Ok(v) = HeaderValue::from_str(&wait.to_string()) {
                res.headers_mut().insert(RETRY_AFTER, v);
            }
            return res;
        }
    }
    next.run(req).await
}
