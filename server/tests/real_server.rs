//! Against the real bound server: concurrent changes to one session never lose a write.

mod common;
use checkout_server::{app, demo};
use common::*;
use serde_json::{json, Value};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_changes_to_one_session_never_lose_a_write() {
    let s = server().await;
    // Ten one-time cross-sells on the demo product.
    let mut extras = vec![];
    for i in 0..10 {
        let p = s.product(&format!("Extra {i}")).await;
        s.one_time(&p, "usd", 100 * (i + 1)).await;
        extras.push(p);
    }
    s.engine(
        "PATCH",
        &format!("/v1/products/{}", demo::PRODUCT_PRO),
        json!({"cross_sells": extras}),
    )
    .await;
    let session = s.demo_session().await;
    let id = session["id"].as_str().unwrap().to_string();

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = app(s.state.clone(), None);
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    let http = reqwest::Client::new();

    let mut tasks = vec![];
    for product in extras.clone() {
        let (http, id) = (http.clone(), id.clone());
        tasks.push(tokio::spawn(async move {
            http.post(format!("http://{addr}/api/checkout/{id}/cross-sells"))
                .json(&json!({"product": product}))
                .send()
                .await
                .unwrap()
                .status()
        }));
    }
    let (http2, id2) = (http.clone(), id.clone());
    tasks.push(tokio::spawn(async move {
        http2
            .post(format!("http://{addr}/api/checkout/{id2}/upsell"))
            .json(&json!({"selected": true}))
            .send()
            .await
            .unwrap()
            .status()
    }));
    for t in tasks {
        assert!(t.await.unwrap().is_success());
    }
    let fin: Value = http
        .get(format!("http://{addr}/api/checkout/{id}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        fin["line_items"].as_array().unwrap().len(),
        11,
        "every cross-sell landed"
    );
    assert_eq!(
        fin["line_items"][0]["price"]["id"],
        json!(demo::PRICE_YEARLY),
        "and the upsell too"
    );
    assert_eq!(fin["version"], json!(12), "one version per change");
    assert_eq!(
        fin["amount_total"],
        json!(100_000 + (1..=10).map(|i| 100 * i).sum::<i64>())
    );
}
