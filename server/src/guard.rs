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
use governor::clock::Clock;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

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
    /// How many proxies the operator runs in front of the server (`TRUST_PROXY`, §8):
    /// with N ≥ 1 the client is the N-th `X-Forwarded-For` address from the right.
    pub trust_proxy: usize,
    /// Failed dashboard sign-ins per client: 5 at once, then one every 5 seconds.
    pub sign_in: RateLimit,
}

impl Default for Guard {
    /// Same origin only; 10 requests per second with bursts of 40 per client.
    fn default() -> Self {
        Guard {
            allowed_origins: vec![],
            rate: Some(RateLimit::new(10.0, 40.0)),
            trust_proxy: 0,
            sign_in: RateLimit::new(0.2, 5.0),
        }
    }
}

/// A client's bucket: an IPv4 address, or an IPv6 address's /64 (one subscriber's
/// network: a client has the whole /64 to rotate through).
pub fn bucket_of(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
    }
}

/// The per-client limit (GCRA, from the `governor` crate), per instance: with N
/// instances behind a load balancer a client gets up to N times the rate (docs say so).
pub struct RateLimit {
    limiter: DefaultKeyedRateLimiter<IpAddr>,
    checks: AtomicU64,
}

/// Every this many checks, buckets that are full again are forgotten (so memory follows
/// the clients of the last moments, not every client ever seen).
const FORGET_EVERY: u64 = 4096;

impl RateLimit {
    /// `per_second` tokens a second (fractions allowed), at most `burst` at once.
    pub fn new(per_second: f64, burst: f64) -> Self {
        let period = Duration::from_secs_f64(1.0 / per_second.max(1e-6));
        let burst = NonZeroU32::new(burst.max(1.0).min(f64::from(u32::MAX)) as u32)
            .unwrap_or(NonZeroU32::MIN);
        let quota = Quota::with_period(period)
            .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
            .allow_burst(burst);
        RateLimit {
            limiter: RateLimiter::keyed(quota),
            checks: AtomicU64::new(0),
        }
    }

    /// Takes one request for `client`'s bucket, or answers how many whole seconds until
    /// one is allowed.
    pub fn take(&self, client: IpAddr) -> Result<(), u64> {
        if self.checks.fetch_add(1, Ordering::Relaxed) % FORGET_EVERY == FORGET_EVERY - 1 {
            self.limiter.retain_recent();
        }
        self.limiter
            .check_key(&bucket_of(client))
            .map_err(|not_until| {
                let wait = not_until.wait_time_from(self.limiter.clock().now());
                wait.as_secs_f64().ceil().max(1.0) as u64
            })
    }

    /// Buckets held now.
    pub fn tracked(&self) -> usize {
        self.limiter.len()
    }
}

/// The client's address (§8): with `trust_proxy` = N ≥ 1, the N-th address from the
/// right of `X-Forwarded-For` (every header line, in order): the entries left of it are
/// whatever the client sent and prove nothing. Fewer entries than N, or one that is not
/// an address, fall back to the socket's peer (the proxy), as with N = 0.
pub fn client_of(req: &Request, trust_proxy: usize) -> IpAddr {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    if trust_proxy == 0 {
        return peer;
    }
    let entries: Vec<&str> = req
        .headers()
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    entries
        .len()
        .checked_sub(trust_proxy)
        .and_then(|i| entries[i].parse::<IpAddr>().ok())
        .unwrap_or(peer)
}

/// Whether `origin` is the server's own: its authority is the host the browser asked for
/// (behind a trusted proxy, TRUST_PROXY ≥ 1, that is in `X-Forwarded-Host`: a proxy
/// rewrites `Host` to the backend's).
pub fn is_own_origin(req: &Request, origin: &str, trust_proxy: usize) -> bool {
    let forwarded = (trust_proxy > 0)
        .then(|| req.headers().get("x-forwarded-host"))
        .flatten();
    let host = forwarded
        .or_else(|| req.headers().get(HOST))
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.split(',').next())
        .map(str::trim);
    host.is_some() && origin.split_once("://").map(|(_, authority)| authority) == host
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
        let same = is_own_origin(&req, origin, state.guard.trust_proxy);
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
