//! Access: the widget API's origin allowlist and rate limit, the security headers, the
//! secret key check and session ids.

mod common;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use checkout_server::guard::{Guard, RateLimit, CONTENT_SECURITY_POLICY};
use common::*;
use serde_json::json;
use std::collections::HashSet;

const SHOP: &str = "https://shop.example";

fn with_origin(
    method: &str,
    uri: &str,
    origin: &str,
    body: Option<serde_json::Value>,
) -> Request<Body> {
    let req = Request::builder()
        .method(method)
        .uri(uri)
        .header("host", "checkout.example")
        .header("origin", origin);
    match body {
        Some(b) => req
            .header("content-type", "application/json")
            .body(Body::from(b.to_string()))
            .unwrap(),
        None => req.body(Body::empty()).unwrap(),
    }
}

#[tokio::test]
async fn the_widget_api_serves_allowlisted_and_own_origins_and_refuses_others() {
    let s = server_with(Guard {
        allowed_origins: vec![SHOP.into()],
        rate: None,
        ..Guard::default()
    })
    .await;
    let id = s.demo_session().await["id"].as_str().unwrap().to_string();
    let upsell = format!("/api/checkout/{id}/upsell");

    // An allowlisted merchant page: answered, with CORS headers for that origin.
    let a = s
        .raw(with_origin(
            "GET",
            &format!("/api/checkout/{id}"),
            SHOP,
            None,
        ))
        .await;
    assert_eq!(a.status, StatusCode::OK);
    let res = tower::ServiceExt::oneshot(
        s.app.clone(),
        with_origin("GET", &format!("/api/checkout/{id}"), SHOP, None),
    )
    .await
    .unwrap();
    assert_eq!(res.headers()["access-control-allow-origin"], SHOP);
    // Its preflight for a mutation with an Idempotency-Key is allowed.
    let pre = Request::builder()
        .method("OPTIONS")
        .uri(&upsell)
        .header("host", "checkout.example")
        .header("origin", SHOP)
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "content-type,idempotency-key",
        )
        .body(Body::empty())
        .unwrap();
    let res = tower::ServiceExt::oneshot(s.app.clone(), pre)
        .await
        .unwrap();
    assert!(res.status().is_success());
    let allowed = res.headers()["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .to_lowercase();
    assert!(allowed.contains("idempotency-key"), "{allowed}");
    // And kept for two hours (Chromium's cap), so a buyer's next clicks go without one:
    // without it a browser asks again after 5 s, a round trip before nearly every click.
    assert_eq!(res.headers()["access-control-max-age"], "7200");

    // The server's own origin (Origin matches Host) is always allowed.
    let own = s
        .raw(with_origin(
            "POST",
            &upsell,
            "http://checkout.example",
            Some(json!({"selected": false})),
        ))
        .await;
    assert_eq!(own.status, StatusCode::OK, "{}", own.body);

    // Any other origin is refused before anything runs, and nothing changes.
    let before = s.snapshot(&id).await;
    for evil in [
        "https://evil.example",
        "https://shop.example.evil.example",
        "null",
        "http://shop.example",
    ] {
        let a = s
            .raw(with_origin(
                "POST",
                &upsell,
                evil,
                Some(json!({"selected": true})),
            ))
            .await;
        assert_eq!(
            (a.status, a.code()),
            (StatusCode::FORBIDDEN, "origin_not_allowed"),
            "{evil}"
        );
        assert_eq!(a.body["error"]["param"], "Origin");
        let res = tower::ServiceExt::oneshot(
            s.app.clone(),
            with_origin("GET", &format!("/api/checkout/{id}"), evil, None),
        )
        .await
        .unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        assert!(res.headers().get("access-control-allow-origin").is_none());
    }
    assert_eq!(
        s.snapshot(&id).await,
        before,
        "refused origins changed nothing"
    );
}

#[tokio::test]
async fn a_client_over_its_rate_is_answered_429_with_retry_after() {
    let s = server_with(Guard {
        rate: Some(RateLimit::new(1.0, 5.0)),
        ..Guard::default()
    })
    .await;
    let id = s.demo_session().await["id"].as_str().unwrap().to_string();
    for i in 0..5 {
        let a = s.widget("GET", &format!("/api/checkout/{id}"), None).await;
        assert_eq!(a.status, StatusCode::OK, "request {i} is within the burst");
    }
    let res = tower::ServiceExt::oneshot(
        s.app.clone(),
        Request::get(format!("/api/checkout/{id}"))
            .body(Body::empty())
            .unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(res.headers()["retry-after"], "1");
    let a = s
        .widget(
            "POST",
            &format!("/api/checkout/{id}/upsell"),
            Some(json!({"selected": true})),
        )
        .await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::TOO_MANY_REQUESTS, "rate_limited")
    );
    assert_eq!(a.body["error"]["type"], "rate_limit_error");
    // The engine API (server to server, behind the key) is not limited.
    let e = s
        .call(
            "GET",
            &format!("/v1/checkout/sessions/{id}"),
            None,
            Some(KEY),
        )
        .await;
    assert_eq!(e.status, StatusCode::OK);
    assert_eq!(
        e.body["upsell"]["selected"], false,
        "the limited request changed nothing"
    );
}

#[test]
fn buckets_refill_at_the_configured_rate_and_clients_are_separate() {
    let limit = RateLimit::new(1000.0, 2.0);
    let (a, b) = ("10.0.0.1".parse().unwrap(), "10.0.0.2".parse().unwrap());
    assert!(limit.take(a).is_ok() && limit.take(a).is_ok());
    assert!(limit.take(b).is_ok(), "another client has its own bucket");
    // 1000 tokens per second: after 5 ms there is at least one again.
    std::thread::sleep(std::time::Duration::from_millis(5));
    assert!(limit.take(a).is_ok());
    let slow = RateLimit::new(0.5, 1.0);
    assert!(slow.take(a).is_ok());
    assert_eq!(
        slow.take(a),
        Err(2),
        "Retry-After rounds the wait up to whole seconds"
    );
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let s = server().await;
    let id = s.demo_session().await["id"].as_str().unwrap().to_string();
    for (method, uri) in [
        ("GET", "/".to_string()),
        ("GET", "/demo/page.css".to_string()),
        ("GET", format!("/api/checkout/{id}")),
        ("GET", "/api/checkout/cs_missing".to_string()),
        ("GET", "/v1/openapi.json".to_string()),
    ] {
        let res = tower::ServiceExt::oneshot(
            s.app.clone(),
            Request::builder()
                .method(method)
                .uri(&uri)
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
        let h = res.headers();
        assert_eq!(
            h["content-security-policy"], CONTENT_SECURITY_POLICY,
            "{uri}"
        );
        assert_eq!(h["x-content-type-options"], "nosniff", "{uri}");
        assert_eq!(h["referrer-policy"], "no-referrer", "{uri}");
    }
    let csp = CONTENT_SECURITY_POLICY;
    assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval';"));
    assert!(!csp.contains("'unsafe-eval'") && !csp.contains("'unsafe-inline'"));
    // The demo page has no inline script or style for that policy to block.
    let page = s.raw(Request::get("/").body(Body::empty()).unwrap()).await;
    let html = String::from_utf8(page.raw).unwrap();
    assert!(!html.contains("<style"), "no inline styles");
    for script in html.split("<script").skip(1) {
        assert!(
            script.trim_start().starts_with("type=\"module\" src="),
            "only external scripts: {script}"
        );
    }
}

#[tokio::test]
async fn the_secret_key_is_checked_whole() {
    let s = server().await;
    for wrong in [
        "",
        "sk_test_http_test",
        "sk_test_http_testsX",
        "SK_TEST_HTTP_TESTS",
        "sk_test_http_tests ",
    ] {
        let a = s.call("GET", "/v1/products", None, Some(wrong)).await;
        // a trailing space is trimmed by the header parser; every other variant is refused
        if wrong.trim() == KEY {
            assert_eq!(a.status, StatusCode::OK);
        } else {
            assert_eq!(
                (a.status, a.code()),
                (StatusCode::UNAUTHORIZED, "invalid_api_key"),
                "{wrong:?}"
            );
        }
    }
    assert!(checkout_server::api::same_key(b"abc", b"abc"));
    assert!(!checkout_server::api::same_key(b"abc", b"abd"));
    assert!(!checkout_server::api::same_key(b"abc", b"abcd"));
}

#[tokio::test]
async fn session_ids_carry_160_random_bits() {
    let s = server().await;
    let mut seen = HashSet::new();
    for _ in 0..200 {
        let id = s.demo_session().await["id"].as_str().unwrap().to_string();
        let hex = id.strip_prefix("cs_").expect("cs_ prefix");
        assert_eq!(hex.len(), 40, "160 bits in hex");
        assert!(hex.bytes().all(|b| b.is_ascii_hexdigit()));
        assert!(seen.insert(id));
    }
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_forwarded_host_is_the_own_origin() {
    let id_of = |v: serde_json::Value| v["id"].as_str().unwrap().to_string();
    // The `trunk serve` preview: the page is on :8081, Trunk's proxy rewrites Host to the
    // backend's host (without port) and keeps the browser's in X-Forwarded-Host.
    let post = |id: &str, trusted: bool| {
        let mut req = Request::post(format!("/api/checkout/{id}/upsell"))
            .header("host", "127.0.0.1")
            .header("origin", "http://127.0.0.1:8081")
            .header("content-type", "application/json");
        if trusted {
            req = req.header("x-forwarded-host", "127.0.0.1:8081");
        }
        req.body(Body::from(r#"{"selected":true}"#)).unwrap()
    };
    let plain = server().await;
    let id = id_of(plain.demo_session().await);
    let a = plain.raw(post(&id, true)).await;
    assert_eq!(
        a.code(),
        "origin_not_allowed",
        "X-Forwarded-Host counts only behind a trusted proxy"
    );

    let proxied = server_with(Guard {
        rate: None,
        trust_proxy: 1,
        ..Guard::default()
    })
    .await;
    let id = id_of(proxied.demo_session().await);
    assert_eq!(proxied.raw(post(&id, true)).await.status, StatusCode::OK);

    // Or the preview's origin is on the allowlist (what scripts/demo sets).
    let listed = server_with(Guard {
        rate: None,
        allowed_origins: vec!["http://127.0.0.1:8081".into()],
        ..Guard::default()
    })
    .await;
    let id = id_of(listed.demo_session().await);
    assert_eq!(listed.raw(post(&id, false)).await.status, StatusCode::OK);
}

/// A widget API `GET` as a proxy forwards it, from the socket peer `peer`.
fn forwarded(id: &str, peer: &str, forwarded_for: &[&str]) -> Request<Body> {
    let mut req = Request::get(format!("/api/checkout/{id}"));
    for line in forwarded_for {
        req = req.header("x-forwarded-for", *line);
    }
    let mut req = req.body(Body::empty()).unwrap();
    let peer: std::net::SocketAddr = peer.parse().unwrap();
    req.extensions_mut()
        .insert(axum::extract::ConnectInfo(peer));
    req
}

/// How many of `requests` the server answers before the first 429.
async fn allowed(s: &Server, requests: Vec<Request<Body>>) -> usize {
    let mut n = 0;
    for req in requests {
        let a = s.raw(req).await;
        if a.status == StatusCode::TOO_MANY_REQUESTS {
            return n;
        }
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        n += 1;
    }
    n
}

#[tokio::test]
async fn behind_proxies_the_client_is_the_nth_forwarded_address_from_the_right() {
    let limited = |trust_proxy| Guard {
        rate: Some(RateLimit::new(0.01, 3.0)),
        trust_proxy,
        ..Guard::default()
    };
    let proxy = "10.0.0.2:40000";

    // TRUST_PROXY=1: rotating what the client wrote (left of the proxy's entry) does not
    // get past the limit; the proxy's own entry is the client.
    let s = server_with(limited(1)).await;
    let id = s.demo_session().await["id"].as_str().unwrap().to_string();
    let rotating: Vec<_> = (0..10)
        .map(|i| {
            let spoofed = format!("198.51.100.{i}, 203.0.113.7");
            forwarded(&id, proxy, &[spoofed.as_str()])
        })
        .collect();
    assert_eq!(
        allowed(&s, rotating).await,
        3,
        "the spoofed entries made new buckets"
    );
    // Another client behind the same proxy has a bucket of its own, and an entry split
    // over two header lines counts as one list.
    let other: Vec<_> = (0..5)
        .map(|_| forwarded(&id, proxy, &["198.51.100.1", "203.0.113.8"]))
        .collect();
    assert_eq!(allowed(&s, other).await, 3);

    // TRUST_PROXY=2 (a CDN, then a load balancer): the second entry from the right.
    let s = server_with(limited(2)).await;
    let id = s.demo_session().await["id"].as_str().unwrap().to_string();
    let two: Vec<_> = (0..10)
        .map(|i| {
            let line = format!("198.51.100.{i}, 203.0.113.9, 10.0.0.3");
            forwarded(&id, proxy, &[line.as_str()])
        })
        .collect();
    assert_eq!(allowed(&s, two).await, 3);
    // Fewer entries than proxies: the socket's peer, never a client-written entry.
    let short: Vec<_> = (0..10)
        .map(|i| {
            let line = format!("198.51.100.{i}");
            forwarded(&id, "10.0.0.9:1234", &[line.as_str()])
        })
        .collect();
    assert_eq!(allowed(&s, short).await, 3);

    // TRUST_PROXY=0: X-Forwarded-For is ignored; the peer is the client.
    let s = server_with(limited(0)).await;
    let id = s.demo_session().await["id"].as_str().unwrap().to_string();
    let direct: Vec<_> = (0..10)
        .map(|i| {
            let line = format!("198.51.100.{i}");
            forwarded(&id, "192.0.2.50:555", &[line.as_str()])
        })
        .collect();
    assert_eq!(allowed(&s, direct).await, 3);
}

#[test]
fn ipv6_clients_share_a_bucket_per_64_and_old_buckets_are_forgotten() {
    let limit = RateLimit::new(0.01, 1.0);
    let ip = |s: &str| s.parse::<std::net::IpAddr>().unwrap();
    assert!(limit.take(ip("2001:db8:1:2::1")).is_ok());
    assert!(
        limit.take(ip("2001:db8:1:2:ffff:ffff:ffff:ffff")).is_err(),
        "another address of the same /64 got a fresh bucket"
    );
    assert!(
        limit.take(ip("2001:db8:1:3::1")).is_ok(),
        "another /64 has its own"
    );
    // An IPv4 client seen as an IPv4-mapped IPv6 address is the same client.
    assert!(limit.take(ip("192.0.2.1")).is_ok());
    assert!(limit.take(ip("::ffff:192.0.2.1")).is_err());

    // A flood of distinct clients: memory follows the recent ones, not all ever seen.
    let fast = RateLimit::new(1_000_000.0, 1.0);
    for i in 0..20_000_u32 {
        let _ = fast.take(std::net::IpAddr::V4(i.into()));
    }
    assert!(
        fast.tracked() < 20_000,
        "every client ever seen is kept: {}",
        fast.tracked()
    );
}
