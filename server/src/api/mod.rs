//! HTTP plumbing shared by both APIs: the JSON body extractor and the engine API's auth.

pub mod engine;
pub mod widget;

use crate::error::AppError;
use crate::store::Idempotency;
use crate::AppState;
use axum::extract::{FromRequest, FromRequestParts, Request, State};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;
use checkout_core::Code;
use serde::de::DeserializeOwned;

/// Largest JSON body accepted (100 line items fit many times over).
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Longest `Idempotency-Key` accepted.
pub const MAX_IDEMPOTENCY_KEY_LEN: usize = 255;

/// A mutation's request: its optional `Idempotency-Key` (with the digest of method, path
/// and body that a replay must match) and its body, read once (at most
/// [`MAX_BODY_BYTES`], or 413).
pub struct Mutation {
    pub idem: Option<Idempotency>,
    content_type: String,
    bytes: axum::body::Bytes,
}

impl Mutation {
    /// Whether the request came without a body.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    fn mime(&self) -> &str {
        self.content_type.split(';').next().unwrap_or("").trim()
    }

    /// An engine API body as `T`: JSON, or a form in Stripe's bracket notation typed by
    /// `T`'s schema (crate::form), read into the same type with the same checks; any
    /// other type, and a request without a body, is 415.
    pub fn params<T: DeserializeOwned + utoipa::ToSchema>(&self) -> Result<T, AppError> {
        let mime = self.mime();
        if mime.eq_ignore_ascii_case("application/x-www-form-urlencoded") {
            return crate::form::read(&self.bytes);
        }
        if !mime.eq_ignore_ascii_case("application/json") {
            return Err(AppError::new(
                Code::UnsupportedMediaType,
                "send the body as a form (Content-Type: application/x-www-form-urlencoded, in Stripe's bracket notation) or as JSON (Content-Type: application/json)",
            ));
        }
        parse_json(&self.bytes)
    }

    /// [`Mutation::params`] of an optional body: none at all (`curl -X POST`, an SDK call
    /// without parameters) reads as `T::default()`.
    pub fn params_or_default<T: DeserializeOwned + utoipa::ToSchema + Default>(
        &self,
    ) -> Result<T, AppError> {
        if self.bytes.is_empty() {
            return Ok(T::default());
        }
        self.params()
    }

    /// The body as JSON of type `T`: `application/json` or 415, then [`parse_json`]
    /// (the widget API and the dashboard's own API take JSON only).
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, AppError> {
        if !self.mime().eq_ignore_ascii_case("application/json") {
            return Err(AppError::new(
                Code::UnsupportedMediaType,
                "send the body as JSON with Content-Type: application/json",
            ));
        }
        parse_json(&self.bytes)
    }
}

/// The scope of a key: the engine API's keys are the merchant's; on the widget API each
/// session has its own (one buyer cannot reach another's answers).
fn idempotency_scope(path: &str) -> String {
    match path.strip_prefix("/api/checkout/") {
        Some(rest) => format!("session:{}", rest.split('/').next().unwrap_or("")),
        None => "engine".into(),
    }
}

impl<S: Send + Sync> FromRequest<S> for Mutation {
    type Rejection = AppError;

    async fn from_request(req: Request, _state: &S) -> Result<Self, AppError> {
        let key = match req.headers().get("idempotency-key") {
            None => None,
            Some(v) => {
                let k = v.to_str().unwrap_or("");
                if k.is_empty()
                    || k.len() > MAX_IDEMPOTENCY_KEY_LEN
                    || !k.bytes().all(|b| b.is_ascii_graphic())
                {
                    return Err(AppError::with_param(
                        Code::ParameterInvalid,
                        format!("Idempotency-Key must be 1 to {MAX_IDEMPOTENCY_KEY_LEN} visible ASCII characters"),
                        "Idempotency-Key",
                    ));
                }
                Some(k.to_string())
            }
        };
        let content_type = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let method = req.method().to_string();
        let path = req.uri().path().to_string();
        let bytes = axum::body::to_bytes(req.into_body(), MAX_BODY_BYTES)
            .await
            .map_err(|_| {
                AppError::new(
                    Code::BodyTooLarge,
                    format!("the body is larger than {MAX_BODY_BYTES} bytes"),
                )
            })?;
        let idem = key.map(|key| {
            use sha2::{Digest, Sha256};
            let mut h = Sha256::new();
            for part in [method.as_bytes(), b" ", path.as_bytes(), b"\n", &bytes] {
                h.update(part);
            }
            Idempotency {
                scope: idempotency_scope(&path),
                key,
                fingerprint: hex(&h.finalize()),
            }
        });
        Ok(Mutation {
            idem,
            content_type,
            bytes,
        })
    }
}

/// The query string as `T`, or 400 `parameter_invalid` naming the parameter (the §4
/// body, where axum's own `Query` answers plain text). A parameter given with an empty
/// value (`?limit=`) is refused too, not read as absent.
pub struct Query<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        let query = parts.uri.query().unwrap_or("");
        if let Some((name, _)) =
            form_urlencoded::parse(query.as_bytes()).find(|(_, v)| v.is_empty())
        {
            return Err(AppError::with_param(
                Code::ParameterInvalid,
                format!("{name} needs a value"),
                name.into_owned(),
            ));
        }
        // Stripe's bracket notation (`expand[]=line_items`, `expand[0]=line_items`) as in
        // form bodies; a query is short, so two levels of brackets are plenty.
        let config = serde_qs::Config::new().max_depth(2).use_form_encoding(true);
        let parsed =
            serde_qs::Deserializer::with_config(config, query.as_bytes()).map_err(|e| {
                AppError::new(
                    Code::ParameterInvalid,
                    format!("the query cannot be read: {e}"),
                )
            })?;
        match serde_path_to_error::deserialize::<_, T>(parsed) {
            Ok(value) => Ok(Query(value)),
            Err(e) => {
                let path = e.path().to_string();
                let why = e.into_inner().to_string();
                let named = why.split('`').nth(1).unwrap_or("").to_string();
                Err(if why.starts_with("unknown field") {
                    // "unknown field `foo`, expected one of `limit`, …": a list refuses
                    // what it does not take, never ignores it.
                    let param = if path == "." || path.is_empty() {
                        named
                    } else {
                        path
                    };
                    AppError::with_param(
                        Code::ParameterUnknown,
                        format!(
                            "{param} is not a parameter here; {}",
                            why.split_once(", ").map_or(why.as_str(), |(_, e)| e)
                        ),
                        param,
                    )
                } else if path == "." || path.is_empty() {
                    AppError::new(Code::ParameterInvalid, why)
                } else {
                    AppError::with_param(Code::ParameterInvalid, format!("{path}: {why}"), path)
                })
            }
        }
    }
}

/// The path's parameters as `T`, or 400 `parameter_invalid` in the §4 body.
pub struct Path<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for Path<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Path(value)),
            Err(e) => Err(AppError::new(Code::ParameterInvalid, e.body_text())),
        }
    }
}

/// Any method a route does not take: 405 `method_not_allowed` (axum adds `Allow`).
pub async fn method_not_allowed() -> AppError {
    AppError::new(
        Code::MethodNotAllowed,
        "this endpoint does not take this method; see the Allow header",
    )
}

/// Lower-case hex of some bytes.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 15)] as char);
    }
    out
}

/// Decodes a JSON body, turning serde's error into a specific, safe refusal whose
/// `param` is the path of the offending field (`line_items[2].quantity`).
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    use serde_json::error::Category;
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let parsed: Result<T, serde_path_to_error::Error<serde_json::Error>> =
        serde_path_to_error::deserialize(&mut de);
    let syntax = |e: &serde_json::Error| {
        AppError::new(
            Code::InvalidJson,
            format!("the body is not valid JSON: {e}"),
        )
    };
    match parsed {
        Ok(v) => de.end().map(|()| v).map_err(|e| syntax(&e)),
        Err(e)
            if matches!(
                e.inner().classify(),
                Category::Syntax | Category::Eof | Category::Io
            ) =>
        {
            Err(syntax(e.inner()))
        }
        Err(e) => Err(refusal(e)),
    }
}

/// Reads an already parsed tree (a form typed by its schema, crate::form) as `T`, with
/// the checks and errors of [`parse_json`].
pub fn parse_value<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, AppError> {
    serde_path_to_error::deserialize(value).map_err(refusal)
}

/// A body that does not fit its type: the specific refusal, its `param` the path of the
/// offending field.
fn refusal(e: serde_path_to_error::Error<serde_json::Error>) -> AppError {
    let path = e.path().to_string();
    let msg = e.into_inner().to_string();
    let clean = msg.split(" at line ").next().unwrap_or(&msg).to_string();
    let named = msg.split('`').nth(1).unwrap_or("");
    let (code, param) = if msg.starts_with("unknown field")
        || msg.starts_with("missing field")
        || msg.starts_with("duplicate field")
    {
        let code = if msg.starts_with("unknown") {
            Code::ParameterUnknown
        } else if msg.starts_with("missing") {
            Code::ParameterMissing
        } else {
            // A field given twice (or under its two names, `events` and `enabled_events`).
            Code::ParameterInvalid
        };
        // The path ends at the object holding the field (or at the field itself).
        let param = match path.as_str() {
            "." | "" => named.to_string(),
            p if p == named || p.ends_with(&format!(".{named}")) => p.to_string(),
            p => format!("{p}.{named}"),
        };
        (code, param)
    } else {
        (
            Code::ParameterInvalid,
            if path == "." { String::new() } else { path },
        )
    };
    if param.is_empty() {
        AppError::new(code, clean)
    } else {
        AppError::with_param(code, clean, param)
    }
}

/// Compares two secrets in constant time: both are hashed to 32 bytes first, so neither
/// the position of the first difference nor the key's length shows in the timing.
pub fn same_key(a: &[u8], b: &[u8]) -> bool {
    use sha2::{Digest, Sha256};
    let (x, y) = (Sha256::digest(a), Sha256::digest(b));
    x.iter()
        .zip(y.iter())
        .fold(0_u8, |acc, (p, q)| acc | (p ^ q))
        == 0
}

/// The key an `Authorization` header carries: `Bearer <key>`, or HTTP Basic with the key
/// as the user name and any (usually empty) password, as `curl -u sk_…:` and Stripe's
/// clients send it (DESIGN §9).
fn secret_key_of(header: &str) -> Option<String> {
    if let Some(token) = header.strip_prefix("Bearer ") {
        return Some(token.to_string());
    }
    let encoded = header.strip_prefix("Basic ")?;
    use base64::Engine as _;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (user, _password) = text.split_once(':')?;
    Some(user.to_string())
}

/// Engine API guard: `Authorization: Bearer <secret key>` or Basic (the key as user).
pub async fn require_secret_key(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Result<Response, AppError> {
    let header = req
        .headers()
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let Some(token) = header.and_then(secret_key_of) else {
        return Err(AppError::new(
            Code::AuthenticationRequired,
            "the engine API needs the secret key: `Authorization: Bearer <secret key>`, or HTTP Basic with the key as user name (`curl -u sk_…:`)",
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
