//! The one typed client of the widget API (§4.2), on gloo-net. Every call has a 20-second
//! timeout (AbortController); the status is checked before the body is decoded, and serde
//! decodes it: the client view, or the §4 error body.

use checkout_core::view::{
    ClientSession, ConfirmIntent, CrossSellIntent, ErrorBody, OptionalItemIntent,
    PromotionCodeIntent, QuantityIntent, UpsellIntent,
};
use gloo_net::http::{Request, Response};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortController;

/// How long an update may take before it is abandoned.
pub const TIMEOUT_MS: i32 = 20_000;

/// Why a call failed. Every variant leaves the cart as it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// No answer: the network or the server is down.
    Network,
    /// No answer within [`TIMEOUT_MS`].
    Timeout,
    /// The server refused or failed with a §4 error body.
    Server {
        status: u16,
        code: String,
        message: String,
    },
    /// An error status without a §4 error body (a proxy's HTML page, say).
    Http { status: u16 },
    /// A success status whose body is not a session (HTML, truncated or wrongly shaped JSON).
    Malformed,
}

impl ApiError {
    /// True when the server may not have seen or finished the request (no answer, a
    /// server failure, an unreadable answer): sending the same change again is sensible.
    /// A refusal (4xx) would only be refused again.
    pub fn retryable(&self) -> bool {
        match self {
            ApiError::Network | ApiError::Timeout | ApiError::Malformed => true,
            ApiError::Server { status, .. } | ApiError::Http { status } => {
                *status >= 500 || *status == 429
            }
        }
    }

    /// A stable code for `checkout:error` events.
    pub fn code(&self) -> &str {
        match self {
            ApiError::Network => "network_error",
            ApiError::Timeout => "timeout",
            ApiError::Server { code, .. } => code,
            ApiError::Http { .. } => "http_error",
            ApiError::Malformed => "malformed_response",
        }
    }
}

/// A change the buyer asks for; the server decides what it means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Intent {
    Upsell {
        selected: bool,
    },
    AddCrossSell {
        product: String,
    },
    RemoveCrossSell {
        product: String,
    },
    Quantity {
        line_item: String,
        quantity: u64,
    },
    /// Apply the promotion code the buyer typed (§11).
    ApplyCode {
        code: String,
    },
    RemoveCode,
    /// Add one of the session's optional items (§11), by its price.
    AddOptionalItem {
        price: String,
    },
    RemoveOptionalItem {
        price: String,
    },
    /// Pay for the cart as shown (`version`); the server refuses if it changed since.
    /// `email`: what the buyer typed (none when the merchant passed it).
    Confirm {
        expected_version: u64,
        email: Option<String>,
    },
}

/// One buyer action on its way to the server: the intent and its `Idempotency-Key`,
/// drawn once per action and sent again with it if the buyer asks to try again, so a
/// change that landed before its answer was lost is not made twice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub intent: Intent,
    pub key: String,
}

impl Change {
    /// A new action with a fresh random key (128 bits from `crypto.getRandomValues`).
    pub fn new(intent: Intent) -> Change {
        let mut bytes = [0_u8; 16];
        let drawn = web_sys::window()
            .and_then(|w| w.crypto().ok())
            .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
        if !drawn {
            // No Web Crypto (never in a supported browser): time and Math.random.
            let t = js_sys::Date::now().to_bits().to_le_bytes();
            for (i, b) in bytes.iter_mut().enumerate() {
                *b = t[i % 8] ^ (js_sys::Math::random() * 256.0) as u8;
            }
        }
        let mut key = String::with_capacity(32);
        for b in bytes {
            key.push(char::from_digit(u32::from(b >> 4), 16).unwrap_or('0'));
            key.push(char::from_digit(u32::from(b & 15), 16).unwrap_or('0'));
        }
        Change { intent, key }
    }
}

/// Where a widget's API lives and which session it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Client {
    pub endpoint: String,
    pub session: String,
}

/// A session as the server answered it: decoded, and the JSON text it came from (the
/// `detail` of `checkout:*` events, so the widget never re-serializes a session).
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub session: ClientSession,
    pub json: String,
}

/// A request body: the intent type the server reads (checkout-core), as JSON.
fn body<T: serde::Serialize>(intent: &T) -> Result<Option<String>, ApiError> {
    serde_json::to_string(intent)
        .map(Some)
        .map_err(|_| ApiError::Network)
}

/// Percent-encodes a path segment (ids are plain ASCII, but never trust an attribute).
fn segment(s: &str) -> String {
    String::from(js_sys::encode_uri_component(s))
}

#[wasm_bindgen(module = "/js/element.js")]
extern "C" {
    /// The loader's answer to `GET url`, taken once (`undefined` if it asked none).
    #[wasm_bindgen(js_name = takePrefetched)]
    fn take_prefetched(url: &str) -> Option<js_sys::Promise>;
}

impl Client {
    fn base(&self) -> String {
        let mut url = self.endpoint.trim_end_matches('/').to_string();
        url.push('/');
        url.push_str(&segment(&self.session));
        url
    }

    /// `GET {endpoint}/{session}`. The first load takes the answer the loader script
    /// already asked for while the wasm was downloading, if it did.
    pub async fn fetch(&self) -> Result<Answer, ApiError> {
        let url = self.base();
        match take_prefetched(&url) {
            Some(answer) => {
                let response: web_sys::Response = JsFuture::from(answer)
                    .await
                    .map_err(failure)?
                    .dyn_into()
                    .map_err(|_| ApiError::Network)?;
                read(Response::from(response)).await
            }
            None => send("GET", &url, None, None).await,
        }
    }

    /// Sends one change to its intent's endpoint and answers the updated session.
    pub async fn update(&self, change: &Change) -> Result<Answer, ApiError> {
        let base = self.base();
        let key = Some(change.key.as_str());
        match &change.intent {
            Intent::Upsell { selected } => {
                let intent = UpsellIntent {
                    selected: *selected,
                };
                send("POST", &(base + "/upsell"), body(&intent)?, key).await
            }
            Intent::AddCrossSell { product } => {
                let intent = CrossSellIntent {
                    product: product.clone(),
                };
                send("POST", &(base + "/cross-sells"), body(&intent)?, key).await
            }
            Intent::RemoveCrossSell { product } => {
                send(
                    "DELETE",
                    &(base + "/cross-sells/" + &segment(product)),
                    None,
                    key,
                )
                .await
            }
            Intent::Quantity {
                line_item,
                quantity,
            } => {
                let url = base + "/line-items/" + &segment(line_item) + "/quantity";
                let intent = QuantityIntent {
                    quantity: *quantity,
                };
                send("POST", &url, body(&intent)?, key).await
            }
            Intent::ApplyCode { code } => {
                let intent = PromotionCodeIntent { code: code.clone() };
                send("POST", &(base + "/promotion-code"), body(&intent)?, key).await
            }
            Intent::RemoveCode => send("DELETE", &(base + "/promotion-code"), None, key).await,
            Intent::AddOptionalItem { price } => {
                let intent = OptionalItemIntent {
                    price: price.clone(),
                };
                send("POST", &(base + "/optional-items"), body(&intent)?, key).await
            }
            Intent::RemoveOptionalItem { price } => {
                let url = base + "/optional-items/" + &segment(price);
                send("DELETE", &url, None, key).await
            }
            Intent::Confirm {
                expected_version,
                email,
            } => {
                let intent = ConfirmIntent {
                    expected_version: *expected_version,
                    email: email.clone(),
                };
                send("POST", &(base + "/confirm"), body(&intent)?, key).await
            }
        }
    }
}

async fn send(
    method: &str,
    url: &str,
    body: Option<String>,
    idempotency_key: Option<&str>,
) -> Result<Answer, ApiError> {
    timed(|signal| async move {
        let mut builder = match method {
            "POST" => Request::post(url),
            "DELETE" => Request::delete(url),
            _ => Request::get(url),
        }
        .header("Accept", "application/json")
        .abort_signal(Some(&signal));
        if let Some(key) = idempotency_key {
            builder = builder.header("Idempotency-Key", key);
        }
        let request = match body {
            Some(body) => builder
                .header("Content-Type", "application/json")
                .body(body),
            None => builder.build(),
        }
        .map_err(|_| ApiError::Network)?;
        match request.send().await {
            Ok(response) => read(response).await,
            Err(_) => Err(ApiError::Network),
        }
    })
    .await
}

/// Runs `call` with an abort signal that fires after [`TIMEOUT_MS`] (a call it ended
/// fails with [`ApiError::Timeout`]).
async fn timed<T, F>(call: impl FnOnce(web_sys::AbortSignal) -> F) -> Result<T, ApiError>
where
    F: std::future::Future<Output = Result<T, ApiError>>,
{
    let window = web_sys::window().ok_or(ApiError::Network)?;
    let controller = AbortController::new().map_err(|_| ApiError::Network)?;
    let abort = {
        let controller = controller.clone();
        Closure::once_into_js(move || controller.abort())
    };
    let timer = window
        .set_timeout_with_callback_and_timeout_and_arguments_0(abort.unchecked_ref(), TIMEOUT_MS)
        .map_err(|_| ApiError::Network)?;
    let result = call(controller.signal()).await;
    window.clear_timeout_with_handle(timer);
    result.map_err(|e| {
        if controller.signal().aborted() {
            ApiError::Timeout
        } else {
            e
        }
    })
}

/// Why a request failed: the prefetch's own 20 s limit ends it with a `TimeoutError`;
/// anything else is the network.
fn failure(error: JsValue) -> ApiError {
    let name = js_sys::Reflect::get(&error, &JsValue::from_str("name")).ok();
    if name.and_then(|n| n.as_string()).as_deref() == Some("TimeoutError") {
        ApiError::Timeout
    } else {
        ApiError::Network
    }
}

/// Reads a `Response`: the status first, then the body as an error (§4) or a session
/// (§4.3), each decoded by serde.
async fn read(response: Response) -> Result<Answer, ApiError> {
    let status = response.status();
    // The body's bytes, copied into wasm memory at once: `text()` would hand over a JS
    // string that wasm-bindgen re-encodes character by character (about 2 ms for a long
    // cart's answer; see BENCHMARKS.md).
    let bytes = response.binary().await.map_err(|e| match e {
        gloo_net::Error::JsError(e) if e.name == "TimeoutError" => ApiError::Timeout,
        _ => ApiError::Network,
    })?;
    crate::events::mark("checkout-widget:fetched");
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(_) if response.ok() => return Err(ApiError::Malformed),
        Err(_) => return Err(ApiError::Http { status }),
    };
    if !response.ok() {
        return Err(match serde_json::from_str::<ErrorBody>(&text) {
            Ok(body) => ApiError::Server {
                status,
                code: body.error.code,
                message: body.error.message,
            },
            Err(_) => ApiError::Http { status },
        });
    }
    let session = serde_json::from_str(&text).map_err(|_| ApiError::Malformed)?;
    crate::events::mark("checkout-widget:decoded");
    Ok(Answer {
        session,
        json: text,
    })
}
