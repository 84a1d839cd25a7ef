//! The DOM events a merchant page listens to: `checkout:ready`, `checkout:change`
//! (detail: the session) and `checkout:error` (detail: {code, message}), dispatched on
//! the host element, bubbling and crossing the shadow boundary. Also the performance
//! mark for the first painted session.
//!
//! Events are dispatched after the frame that shows what they report, in the order they
//! happened: a listener (and parsing a long session into its `detail`) never delays what
//! the buyer sees, and a listener that reads the widget finds it already up to date.

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

    /// Dispatches `name` after the next frame, with the detail `make` builds then.
    fn emit(&self, name: &'static str, make: impl FnOnce() -> JsValue + 'static) {
        let Some(host) = self.0 else {
            return;
        };
        after_next_paint(move || {
            if let Some(host) = host.try_get_value() {
                dispatch(&host, name, &make());
            }
        });
    }

    /// `checkout:ready` / `checkout:change` with the session (the server's JSON) as a
    /// plain JS object.
    pub fn emit_session(&self, name: &'static str, json: String) {
        self.emit(name, move || {
            js_sys::JSON::parse(&json).unwrap_or(JsValue::NULL)
        });
    }

    /// `checkout:error` with `{code, message}`.
    pub fn emit_error(&self, error: &ApiError) {
        let code = error.code().to_owned();
        let message = match error {
            ApiError::Server { message, .. } => message.clone(),
            ApiError::Http { status } => format!("HTTP {status}"),
            ApiError::Network => "network error".into(),
            ApiError::Timeout => "no answer within 20 seconds".into(),
            ApiError::Malformed => "the answer was not a checkout session".into(),
        };
        self.emit("checkout:error", move || {
            let detail = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&detail, &"code".into(), &code.into());
            let _ = js_sys::Reflect::set(&detail, &"message".into(), &message.into());
            detail.into()
        });
    }
}

fn dispatch(host: &HtmlElement, name: &str, detail: &JsValue) {
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(detail);
    if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = host.dispatch_event(&event);
    }
}

/// Adds a `performance.mark` (read by scripts/bench).
pub fn mark(name: &str) {
    if let Some(perf) = web_sys::window().and_then(|w| w.performance()) {
        let _ = perf.mark(name);
    }
}

#[wasm_bindgen(module = "/js/element.js")]
extern "C" {
    /// Calls `callback` in the first task after the next frame is drawn.
    #[wasm_bindgen(js_name = afterNextPaint)]
    fn after_next_paint_js(callback: &JsValue);
}

/// Runs `f` once the next frame is drawn.
fn after_next_paint(f: impl FnOnce() + 'static) {
    after_next_paint_js(&Closure::once_into_js(f));
}

/// Marks `checkout-widget:painted` once the frame that shows the first session is drawn.
pub fn painted() {
    after_next_paint(|| mark("checkout-widget:painted"));
}
