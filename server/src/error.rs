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
}

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
        AppError::internal(format!("sqlite: {e}"))
    }
}

impl From<serde_json::Error> for AppError {
    fn from(e: serde_json::Error) -> Self {
        AppError::internal(format!("stored json: {e}"))
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// `invalid_request_error`, `authentication_error`, `rate_limit_error` or `api_error`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Stable machine-readable code; see docs/errors.md.
    pub code: &'static str,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub param: Option<String>,
}

fn error_body(code: Code, message: String, param: Option<String>) -> (StatusCode, ErrorBody) {
    let status =
        StatusCode::from_u16(code.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let kind = match status.as_u16() {
        401 => "authentication_error",
        429 => "rate_limit_error",
        500..=599 => "api_error",
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
        let (message, param) = match self {
            AppError::Rule(e) => (e.message, e.param),
            AppError::Internal(detail) => {
                tracing::error!(%detail, "internal error");
                (
                    "Something went wrong on our end; nothing was changed. Please try again."
                        .to_string(),
                    None,
                )
            }
        };
        let (status, body) = error_body(code, message, param);
        (
            status,
            [(axum::http::header::CACHE_CONTROL, "no-store")],
            Json(body),
        )
            .into_response()
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
