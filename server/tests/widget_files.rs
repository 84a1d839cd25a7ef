//! The built widget under `/widget`: how long browsers may keep each file. The wasm named
//! by its content hash is kept for a year; the loader (the URL merchants embed) and
//! anything else is revalidated on every use.

mod common;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use checkout_server::app;
use common::*;
use tower::ServiceExt;

const HASHED: &str = "checkout-widget-0123456789abcdef.wasm";

/// A server whose widget directory holds a loader, a hashed wasm and an unhashed one (what
/// a build without the release step's renaming leaves).
async fn with_widget_files() -> (Server, axum::Router) {
    let s = server().await;
    let dir = s.dir.path().join("dist");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("checkout-widget.js"), "export {};").unwrap();
    std::fs::write(dir.join(HASHED), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(dir.join("checkout-widget-app_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    let router = app(s.state.clone(), Some(dir));
    (s, router)
}

async fn get(
    router: &axum::Router,
    uri: &str,
    headers: &[(&str, &str)],
) -> axum::response::Response {
    let mut req = Request::builder().uri(uri);
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    router
        .clone()
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap()
}

fn cache_control(res: &axum::response::Response) -> Option<&str> {
    res.headers()
        .get(header::CACHE_CONTROL)
        .map(|v| v.to_str().unwrap())
}

#[tokio::test]
async fn the_hashed_wasm_is_kept_for_a_year() {
    let (_s, router) = with_widget_files().await;
    let res = get(&router, &format!("/widget/{HASHED}"), &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        cache_control(&res),
        Some("public, max-age=31536000, immutable")
    );
    assert_eq!(res.headers()[header::CONTENT_TYPE], "application/wasm");
}

#[tokio::test]
async fn the_loader_is_revalidated_on_every_use_and_answers_304_when_unchanged() {
    let (_s, router) = with_widget_files().await;
    let res = get(&router, "/widget/checkout-widget.js", &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(cache_control(&res), Some("no-cache"));
    let modified = res.headers()[header::LAST_MODIFIED]
        .to_str()
        .unwrap()
        .to_string();
    let again = get(
        &router,
        "/widget/checkout-widget.js",
        &[("if-modified-since", &modified)],
    )
    .await;
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(cache_control(&again), Some("no-cache"));
}

#[tokio::test]
async fn a_wasm_not_named_by_its_hash_is_revalidated_too() {
    let (_s, router) = with_widget_files().await;
    let res = get(&router, "/widget/checkout-widget-app_bg.wasm", &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(cache_control(&res), Some("no-cache"));
}

#[tokio::test]
async fn a_missing_file_is_not_made_cacheable() {
    let (_s, router) = with_widget_files().await;
    for uri in [
        "/widget/checkout-widget-fedcba9876543210.wasm",
        "/widget/checkout-widget-0123456789ABCDEF.wasm",
    ] {
        let res = get(&router, uri, &[]).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{uri}");
        assert_eq!(cache_control(&res), None, "{uri}");
    }
}
