//! The DOM events a merchant page listens to: `checkout:ready`, `checkout:change`
//! (detail: the session) and `checkout:error` (detail: {code, message}), dispatched on
//! the host element, bubbling and crossing the shadow boundary. Also the performance
//! mark for the first painted session.

use crate::api::ApiError;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::{CustomEvent, CustomEventInit, HtmlElement};

/// The element events are dispatched on (none in component tests). `Copy`, so closures
/// can hold it.
#[derive(Clone, Copy, Default)]
pub struct Host(Option<StoredValue<HtmlElement, LocalStorage>>);

impl Host {
    pub fn new(element: HtmlElement) -> Self {
        Host(Some(StoredValue::new_local(element)))
    }

    fn emit(&self, name: &str, detail: &JsValue) {
        let Some(host) = self.0.and_then(|h| h.try_get_value()) else {
            return;
        };
        let init = CustomEventInit::new();
        init.set_bubbles(true);
        init.set_composed(true);
        init.set_detail(detail);
        if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
            let _ = host.dispatch_event(&event);
        }
    }

    /// `checkout:ready` / `checkout:change` with the session (the server's JSON) as a
    /// plain JS object.
    pub fn emit_session(&self, name: &str, json: &str) {
        if self.0.is_none() {
            return;
        }
        let detail = js_sys::JSON::parse(json).unwrap_or(JsValue::NULL);
        self.emit(name, &detail);
    }

    /// `checkout:error` with `{code, message}`.
    pub fn emit_error(&self, error: &ApiError) {
        let detail = js_sys::Object::new();
        let message = match error {
            ApiError::Server { message, .. } => message.clone(),
            ApiError::Http { status } => format!("HTTP {status}"),
            ApiError::Network => "network error".into(),
            ApiError::Timeout => "no answer within 20 seconds".into(),
            ApiError::Malformed => "the answer was not a checkout session".into(),
        };
        let _ = js_sys::Reflect::set(&detail, &"code".into(), &error.code().into());
        let _ = js_sys::Reflect::set(&detail, &"message".into(), &message.into());
        self.emit("checkout:error", &detail);
    }
}

/// Adds a `performance.mark` (read by scripts/bench).
pub fn mark(name: &str) {
    if let Some(perf) = web_sys::window().and_then(|w| w.performance()) {
        let _ = perf.mark(name);
    }
}

/// Marks `checkout-widget:painted` after the frame that shows the first session.
pub fn painted() {
    request_animation_frame(|| mark("checkout-widget:painted"));
}
