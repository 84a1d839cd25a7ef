//! checkout-widget: the embeddable checkout (Leptos, client-side rendered). It shows a
//! session's line items and totals, the upsell switch and the cross-sell offers, and
//! sends every change to the widget API; the server owns every rule and amount.

pub mod api;
pub mod components;
pub mod element;
pub mod events;
pub mod format;
pub mod i18n;

// The stylesheet minifier build.rs runs, tested here.
#[cfg(test)]
#[path = "../build/css.rs"]
mod css;

/// Entry point of the wasm binary: registers `<checkout-widget>` and `CheckoutWidget`.
pub fn start() {
    element::register();
}
