//! The ceiling a widget `GET` is measured against (bench/get-ceiling): axum on the same
//! runtime and route as the checkout server, answering every
//! `GET /api/checkout/{session}` with one fixed JSON body of `BODY_BYTES` bytes (default
//! 2,200, a one-line session's answer) and doing nothing else. Listens on `PORT`.

use axum::http::header;
use axum::routing::get;
use axum::Router;

fn main() {
    let port: u16 = std::env::var("PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(8081);
    let bytes: usize = std::env::var("BODY_BYTES")
        .ok()
        .and_then(|b| b.parse().ok())
        .unwrap_or(2200);
    let body: &'static str = Box::leak(
        format!("{{\"pad\":\"{}\"}}", "x".repeat(bytes.saturating_sub(10))).into_boxed_str(),
    );
    let app = Router::new().route(
        "/api/checkout/{session}",
        get(move || async move { ([(header::CONTENT_TYPE, "application/json")], body) }),
    );
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(async {
            let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
                .await
                .expect("bind");
            axum::serve(listener, app).await.expect("serve");
        });
}
