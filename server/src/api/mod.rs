//! HTTP plumbing shared by both APIs: the JSON body extractor and the engine API's auth.

pub mod engine;
pub mod widget;

use crate::error::AppError;
use crate::AppState;
use axum::extract::{FromRequest, Request, State};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use axum::middleware::Next;
use axum::response::Response;
use checkout_core::Code;
use serde::de::DeserializeOwned;

/// Largest JSON body accepted (100 line items fit many times over).
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// A JSON body: `application/json` or 415, at most [`MAX_BODY_BYTES`] or 413, valid JSON
/// or 400 `invalid_json`, the right shape or 400 with the field in `param`.
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, _state: &S) -> Result<Self, AppError> {
        let content_type = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let mime = content_type.split(';').next().unwrap_or("").trim();
        if !mime.eq_ignore_ascii_case("application/json") {
            return Err(AppError::new(
                Code::UnsupportedMediaType,
                "send the body as JSON with Content-Type: application/json",
            ));
        }
        let bytes = axum::body::to_bytes(req.into_body(), MAX_BODY_BYTES)
            .await
            .map_err(|_| {
                AppError::new(
                    Code::BodyTooLarge,
                    format!("the body is larger than {MAX_BODY_BYTES} bytes"),
                )
            })?;
        parse_json(&bytes).map(JsonBody)
    }
}

/// Decodes a JSON body, turning serde's error into a specific, safe refusal.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    serde_json::from_slice(bytes).map_err(|e| {
        use serde_json::error::Category;
        let msg = e.to_string();
        match e.classify() {
            Category::Syntax | Category::Eof | Category::Io => AppError::new(
                Code::InvalidJson,
                format!("the body is not valid JSON: {msg}"),
            ),
            Category::Data => {
                let field = msg.split('`').nth(1).unwrap_or("").to_string();
                let code = if msg.starts_with("unknown field") {
                    Code::ParameterUnknown
                } else if msg.starts_with("missing field") {
                    Code::ParameterMissing
                } else {
                    Code::ParameterInvalid
                };
                let clean = msg.split(" at line ").next().unwrap_or(&msg).to_string();
                if field.is_empty() {
                    AppError::new(code, clean)
                } else {
                    AppError::with_param(code, clean, field)
                }
            }
        }
    })
}

/// Constant-time comparison so the key cannot be guessed byte by byte from timings.
fn same_key(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0_u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Engine API guard: `Authorization: Bearer <secret key>`.
pub async fn require_secret_key(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Result<Response, AppError> {
    let header = req
        .headers()
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let Some(token) = header.and_then(|h| h.strip_prefix("Bearer ")) else {
        return Err(AppError::new(
            Code::AuthenticationRequired,
            "the engine API needs an `Authorization: Bearer <secret key>` header",
        ));
    };
    if !same_key(token.trim().as_bytes(), state.secret_key.as_bytes()) {
        return Err(AppError::new(
            Code::InvalidApiKey,
            "the secret key is not valid",
        ));
    }
    Ok(next.run(req).await)
}
