//! The checkout server binary; everything lives in the library so tests can drive it.
fn main() -> std::process::ExitCode {
    checkout_server::main()
}
