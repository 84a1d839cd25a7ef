//! The wasm entry point; everything lives in the library.
fn main() {
    checkout_dashboard::start()
}
