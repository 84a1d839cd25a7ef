//! The wasm entry point; everything lives in the library so tests can use it.
fn main() {
    checkout_widget::start()
}
