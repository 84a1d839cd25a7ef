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

/// The widget's allocator: Talc instead of Rust's default for wasm (dlmalloc), smaller
/// and faster (its own benchmarks; −490 B brotli here, BENCHMARKS.md stop 39). Without
/// realloc in place (`disable-realloc-in-place`): a growing buffer is copied, which
/// `Vec`'s doubling makes rare, for fewer bytes of code.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
