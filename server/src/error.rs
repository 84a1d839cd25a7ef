//! The one error type of the server: every failure becomes the §4 error body with a
//! stable `code`; internal details are logged, never sent.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use checkout_core::{Code, RuleError};
use serde::Serialize;

#[derive(Debug)]
pub enum AppError {
    /// A refusal by a rule or a request check; safe to show.
    Rule(RuleError),
    /// Something broke (storage, a panic in a worker); logged, answered as `internal_error`.
    Internal(String),
    /// The database does not answer (down, unreachable, out of connections); logged,
    /// answered 503 `store_unavailable` with `Retry-After`.
    Unavailable(String),
}

/// Seconds a client waits before retrying a request the store could not take.
pub const STORE_RETRY_AFTER_SECS: u64 = 2;

impl AppError {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        AppError::Rule(RuleError::new(code, message))
    }

    pub fn with_param(code: Code, message: impl Into<String>, param: impl Into<String>) -> Self {
        AppError::Rule(RuleError::new(code, message).param(param))
    }

    pub fn internal(e: impl std::fmt::Display) -> Self {
        AppError::Internal(e.to_string())
    }

    pub fn code(&self) -> Code {
        match self {
            AppError::Rule(e) => e.code,
            AppError::Internal(_) => Code::InternalError,
            AppError::Unavailable(_) => Code::StoreUnavailable,
        }
    }

    /// This failure as the rules see a storage failure (never a refusal).
    pub fn into_store_error(self) -> checkout_core::StoreError {
        let (unavailable, detail) = match self {
            AppError::Unavailable(d) => (true, d),
            AppError::Internal(d) => (false, d),
            AppError::Rule(r) => (false, format!("a catalog read was refused: {r}")),
        };
        checkout_core::StoreError {
            unavailable,
            detail,
        }
    }
}

impl From<checkout_core::Error> for AppError {
    fn from(e: checkout_core::Error) -> Self {
        match e {
            checkout_core::Error::Rule(r) => AppError::Rule(r),
            checkout_core::Error::Store(s) if s.unavailable => AppError::Unavailable(s.detail),
            checkout_core::Error::Store(s) => AppError::Internal(s.detail),
        }
    }
}

impl From<postgres::Error> for AppError {
    fn from(e: postgres::Error) -> Self {
        // The connection is gone, refused or timed out, or the server is shutting down,
        // starting, out of connections or cancelled the statement (statement_timeout):
        // the database does not answer. Anything else is a fault of ours.
        let transient_code = e.code().is_some_and(|c| {
            let c = c.code();
            c.starts_with("08") || matches!(c, "57P01" | "57P02" | "57P03" | "53300" | "57014")
        });
        let io = std::error::Error::source(&e).is_some_and(|s| s.is::<std::io::Error>());
        // The whole chain: the driver's own Display says only "db error".
        let detail = match e.as_db_error() {
            Some(db) => format!("postgres {}: {}", db.code().code(), db.message()),
            None => {
                let mut d = format!("postgres: {e}");
                let mut source = std::error::Error::source(&e);
                while let Some(s) = source {
                    d.push_str(&format!(": {s}"));
                    source = s.source();
                }
                d
            }
        };
        if e.is_closed() || transient_code || io {
            AppError::Unavailable(detail)
        } else {
            AppError::Internal(detail)
        }
    }
}

impl From<RuleError> for AppError {
    fn from(e: RuleError) -> Self {
        AppError::Rule(e)
    }
}

impl From<rusqlite::Error> for AppError {
    fn from(e: rusqlite::Error) -> Self {
        // Busy past the busy timeout: another process holds the write lock too long.
        let busy = matches!(&e, rusqlite::Error::SqliteFailure(f, _)
            if matches!(f.code, rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked));
        if busy {
            AppError::Unavailable(format!("sqlite: {e}"))
        } else {
            AppError::internal(format!("sqlite: {e}"))
        }
    }
}

impl From<serde_json::Error> for AppError {
    fn from(e: serde_json::Error) -> Self {
        AppError::internal(format!("stored json: {e}"))
    }
}

/// What failed behind a 500 or 503: carried in the response's extensions to the
/// middleware that logs it ([`log_failures`]); never sent.
#[derive(Debug)]
pub struct Failure {
    pub detail: String,
    pub unavailable: bool,
}

/// Logs the failure behind each 5xx answer once, with its detail (the response carries
/// only the safe message).
pub async fn log_failures(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let res = next.run(req).await;
    if let Some(f) = res.extensions().get::<std::sync::Arc<Failure>>() {
        if f.unavailable {
            tracing::warn!(detail = %f.detail, "store unavailable");
        } else {
            tracing::error!(detail = %f.detail, "internal error");
        }
    }
    res
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// `invalid_request_error`, `authentication_error`, `rate_limit_error`, `api_error`,
    /// `card_error` (a declined payment) or `idempotency_error` (a key reused), as at Stripe.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Stable machine-readable code; see docs/errors.md.
    pub code: &'static str,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub param: Option<String>,
}

/// A field's path in Stripe's bracket form (§9), the notation its form bodies use:
/// `line_items[2].quantity` → `line_items[2][quantity]`. Header names pass as they are.
pub fn bracket_param(param: &str) -> String {
    let mut parts = param.split('.');
    let mut out = parts.next().unwrap_or_default().to_string();
    for part in parts {
        // `a.b[0]` → `a[b][0]`: the name goes in brackets, its indexes follow.
        let (name, rest) = part.split_at(part.find('[').unwrap_or(part.len()));
        out.push('[');
        out.push_str(name);
        out.push(']');
        out.push_str(rest);
    }
    out
}

fn error_body(code: Code, message: String, param: Option<String>) -> (StatusCode, ErrorBody) {
    let param = param.map(|p| bracket_param(&p));
    let status =
        StatusCode::from_u16(code.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    // Stripe's error types (§9): its SDKs raise CardError and IdempotencyError by these.
    let kind = match (code, status.as_u16()) {
        (Code::PaymentDeclined, _) => "card_error",
        (Code::IdempotencyKeyReused, _) => "idempotency_error",
        (_, 401) => "authentication_error",
        (_, 429) => "rate_limit_error",
        (_, 500..=599) => "api_error",
        _ => "invalid_request_error",
    };
    let body = ErrorBody {
        error: ErrorDetail {
            kind,
            code: code.as_str(),
            message,
            param,
        },
    };
    (status, body)
}

/// The status and JSON text a refusal is answered with (stored for idempotent replays).
pub fn refusal_body(e: &RuleError) -> (u16, String) {
    let (status, body) = error_body(e.code, e.message.clone(), e.param.clone());
    let text = serde_json::to_string(&body).unwrap_or_else(|_| String::from("{}"));
    (status.as_u16(), text)
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let code = self.code();
        let (message, param, failure) = match self {
            AppError::Rule(e) => (e.message, e.param, None),
            AppError::Internal(detail) => (
                "Something went wrong on our end; nothing was changed. Please try again."
                    .to_string(),
                None,
                Some(Failure { detail, unavailable: false }),
            ),
            AppError::Unavailable(detail) => (
                format!("The checkout cannot reach its database right now; nothing was changed. Please try again in {STORE_RETRY_AFTER_SECS} seconds."),
                None,
                Some(Failure { detail, unavailable: true }),
            ),
        };
        let (status, body) = error_body(code, message, param);
        let mut res = (
            status,
            [(axum::http::header::CACHE_CONTROL, "no-store")],
            Json(body),
        )
            .into_response();
        // Stripe's SDKs retry what this header allows (DESIGN §9): a refusal the same
        // request meets again (every 4xx but 429) says so, so no SDK waits through
        // retries that can never succeed; too many requests, and a database that does not
        // answer, may pass later.
        let retry = match status.as_u16() {
            429 | 503 => Some("true"),
            400..=499 => Some("false"),
            _ => None,
        };
        if let Some(retry) = retry {
            res.headers_mut().insert(
                "stripe-should-retry",
                axum::http::HeaderValue::from_static(retry),
            );
        }
        if let Some(failure) = failure {
            if failure.unavailable {
                res.headers_mut().insert(
                    axum::http::header::RETRY_AFTER,
                    axum::http::HeaderValue::from(STORE_RETRY_AFTER_SECS),
                );
            }
            // Logged once, by the log_failures middleware, inside the request's span.
            res.extensions_mut().insert(std::sync::Arc::new(failure));
        }
        res
    }
}

impl IntoResponse for crate::store::Reply {
    fn into_response(self) -> Response {
        use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::OK);
        let mut res = (
            status,
            [
                (CONTENT_TYPE, "application/json"),
                (CACHE_CONTROL, "no-store"),
            ],
            self.body,
        )
            .into_response();
        if self.replayed {
            res.headers_mut().insert(
                "idempotent-replayed",
                axum::http::HeaderValue::from_static("true"),
            );
        }
        res
    }
}

#[cfg(test)]
mod tests {
    use super::bracket_param;

    #[test]
    fn params_are_written_in_brackets() {
        for (dotted, bracketed) in [
            ("line_items[2].quantity", "line_items[2][quantity]"),
            (
                "line_items[0].adjustable_quantity.maximum",
                "line_items[0][adjustable_quantity][maximum]",
            ),
            (
                "subscription_data.trial_period_days",
                "subscription_data[trial_period_days]",
            ),
            ("recurring.tiers[1].up_to", "recurring[tiers][1][up_to]"),
            ("cross_sells[0]", "cross_sells[0]"),
            ("Idempotency-Key", "Idempotency-Key"),
            ("email", "email"),
        ] {
            assert_eq!(bracket_param(dotted), bracketed);
        }
    }
}
