//! Embedding: `<checkout-widget>` and `CheckoutWidget.mount(element, options)`. Each
//! widget renders into its element's open shadow root with its own stylesheet, so the
//! host page's CSS does not reach in and the widget's does not leak out.

use crate::components::{Checkout, WidgetConfig};
use crate::events::Host;
use leptos::prelude::*;
use std::any::Any;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, ShadowRoot, ShadowRootInit, ShadowRootMode};

/// The widget's stylesheet, placed in every shadow root: `style/widget.css`, minified by
/// `build.rs`.
pub const STYLESHEET: &str = include_str!(concat!(env!("OUT_DIR"), "/widget.css"));

#[wasm_bindgen(module = "/js/element.js")]
extern "C" {
    /// Defines the custom element and `window.CheckoutWidget` around these functions.
    fn define(mount: &JsValue, unmount: &JsValue, update: &JsValue, refresh: &JsValue);
    /// Gives a shadow root the widget's stylesheet (one constructed sheet shared by all
    /// widgets, allowed under a Content-Security-Policy without `'unsafe-inline'`).
    #[wasm_bindgen(js_name = adoptStyles)]
    fn adopt_styles(root: &ShadowRoot, css: &str);
}

struct Mounted {
    config: RwSignal<WidgetConfig>,
    /// `refresh()`: read the session again now.
    refresh: Trigger,
    // Dropping the handle unmounts the view and disposes its reactive owner.
    _handle: Box<dyn Any>,
    shadow: web_sys::ShadowRoot,
}

thread_local! {
    /// The widgets on the page, by id: a handful at most, so a list (a map's code is
    /// ~1 KB of download for nothing).
    static MOUNTED: RefCell<Vec<(u32, Mounted)>> = const { RefCell::new(Vec::new()) };
    static NEXT_ID: Cell<u32> = const { Cell::new(1) };
}

fn string_option(options: &JsValue, key: &str) -> Option<String> {
    js_sys::Reflect::get(options, &JsValue::from_str(key))
        .ok()
        .and_then(|v| v.as_string())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

fn config_from(options: &JsValue) -> WidgetConfig {
    WidgetConfig {
        session: string_option(options, "session").unwrap_or_default(),
        endpoint: string_option(options, "endpoint").unwrap_or_else(|| "/api/checkout".into()),
        locale: string_option(options, "locale"),
    }
}

/// Renders a widget into `host`'s shadow root; answers an id for [`unmount`]/[`update`].
pub fn mount(host: HtmlElement, options: &JsValue) -> Result<u32, JsValue> {
    let shadow = match host.shadow_root() {
        Some(root) => root,
        None => {
            let init = ShadowRootInit::new(ShadowRootMode::Open);
            host.attach_shadow(&init)?
        }
    };
    shadow.set_inner_html("");
    let document = host.owner_document().ok_or("no document")?;
    adopt_styles(&shadow, STYLESHEET);
    let container: HtmlElement = document.create_element("div")?.dyn_into()?;
    container.set_class_name("cw-host");
    shadow.append_child(&container)?;

    let initial = config_from(options);
    let slot = Rc::new(Cell::new(None));
    let slot_in = slot.clone();
    let handle = leptos::mount::mount_to(container, move || {
        let config = RwSignal::new(initial);
        let refresh = Trigger::new();
        slot_in.set(Some((config, refresh)));
        view! { <Checkout config=config host=Host::new(host) refresh=refresh /> }
    });
    let (config, refresh) = slot.take().ok_or("mount failed")?;
    let id = NEXT_ID.with(|n| {
        let id = n.get();
        n.set(id + 1);
        id
    });
    MOUNTED.with(|m| {
        m.borrow_mut().push((
            id,
            Mounted {
                config,
                refresh,
                _handle: Box::new(handle),
                shadow,
            },
        ))
    });
    Ok(id)
}

/// Removes a mounted widget and everything it rendered.
pub fn unmount(id: u32) {
    let found = MOUNTED.with(|m| {
        let mut m = m.borrow_mut();
        let at = m.iter().position(|(i, _)| *i == id)?;
        Some(m.swap_remove(at).1)
    });
    if let Some(m) = found {
        let shadow = m.shadow.clone();
        drop(m);
        shadow.set_inner_html("");
    }
}

/// Applies new options (attribute changes); a new session or endpoint reloads.
pub fn update(id: u32, options: &JsValue) {
    let next = config_from(options);
    let config = MOUNTED.with(|m| {
        m.borrow()
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, m)| m.config)
    });
    if let Some(config) = config {
        if config.get_untracked() != next {
            config.set(next);
        }
    }
}

/// Reads a mounted widget's session again now (`element.refresh()`, `handle.refresh()`):
/// after the merchant's server completed or reopened it, say.
pub fn refresh(id: u32) {
    let refresh = MOUNTED.with(|m| {
        m.borrow()
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, m)| m.refresh)
    });
    if let Some(refresh) = refresh {
        refresh.notify();
    }
}

/// Registers `<checkout-widget>` and `window.CheckoutWidget`.
pub fn register() {
    let mount = Closure::<dyn Fn(HtmlElement, JsValue) -> Result<u32, JsValue>>::new(
        |host, options: JsValue| mount(host, &options),
    );
    let unmount = Closure::<dyn Fn(u32)>::new(unmount);
    let update = Closure::<dyn Fn(u32, JsValue)>::new(|id, options: JsValue| update(id, &options));
    let refresh = Closure::<dyn Fn(u32)>::new(refresh);
    define(
        &mount.into_js_value(),
        &unmount.into_js_value(),
        &update.into_js_value(),
        &refresh.into_js_value(),
    );
}
