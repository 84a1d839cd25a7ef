//! The checkout server binary; everything lives in the library so tests can drive it.

/// mimalloc instead of glibc's allocator: under load, glibc's `malloc`/`free` were ~16 %
/// of the server's CPU (a `perf` profile of `GET`; see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    checkout_server::main()
}
