//! Concurrency against the real bound server: conflicting changes to one session are
//! linearizable (the outcome is one serial order of the acknowledged requests) and a soak
//! of random buyer actions leaves every session consistent.

mod common;
use checkout_server::{app, demo};
use common::*;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashSet};
use std::net::SocketAddr;

/// Starts the app on a loopback port; answers its base URL.
async fn bind(s: &Server) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = app(s.state.clone(), None).into_make_service_with_connect_info::<SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    format!("http://{addr}")
}

/// Five one-time cross-sells on the demo product (Deployment and four more).
async fn cross_sells(s: &Server) -> Vec<String> {
    let mut products = vec![demo::PRODUCT_DEPLOYMENT.to_string()];
    for i in 0..4 {
        let p = s.product(&format!("Add-on {i}")).await;
        s.one_time(&p, "usd", 1_000 * (i + 1)).await;
        products.push(p);
    }
    s.engine(
        "PATCH",
        &format!("/v1/products/{}", demo::PRODUCT_PRO),
        json!({"cross_sells": products}),
    )
    .await;
    products
}

/// A buyer action: (method, path under the session, body).
#[derive(Clone, Debug)]
struct Action(&'static str, String, Option<Value>);

fn random_action(rng: &mut u64, products: &[String], li: &str) -> Action {
    let mut next = |n: u64| {
        *rng ^= *rng << 13;
        *rng ^= *rng >> 7;
        *rng ^= *rng << 17;
        *rng % n
    };
    match next(4) {
        0 => Action(
            "POST",
            "/upsell".into(),
            Some(json!({"selected": next(2) == 0})),
        ),
        1 => Action(
            "POST",
            "/cross-sells".into(),
            Some(json!({"product": products[next(5) as usize]})),
        ),
        2 => Action(
            "DELETE",
            format!("/cross-sells/{}", products[next(5) as usize]),
            None,
        ),
        _ => Action(
            "POST",
            format!("/line-items/{li}/quantity"),
            Some(json!({"quantity": next(7)})),
        ),
    }
}

async fn send(http: &reqwest::Client, base: &str, id: &str, a: &Action) -> (u16, Value) {
    let url = format!("{base}/api/checkout/{id}{}", a.1);
    let req = match a.0 {
        "DELETE" => http.delete(url),
        _ => http.post(url),
    };
    let req = match &a.2 {
        Some(b) => req.json(b),
        None => req,
    };
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap())
}

/// What a buyer sees of a session, without the ids the server draws at random.
fn normalized(v: &Value) -> Value {
    let items: Vec<Value> = v["line_items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|li| {
            json!([
                li["source"],
                li["product"]["id"],
                li["price"]["id"],
                li["quantity"],
                li["amount_total"]
            ])
        })
        .collect();
    json!({"items": items, "upsell": v["upsell"]["selected"], "total": v["amount_total"],
           "subtotal": v["amount_subtotal"], "version": v["version"], "recurring": v["recurring"]})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_conflicting_changes_are_one_serial_order_of_the_acknowledged_ones() {
    let s = server().await;
    let products = cross_sells(&s).await;
    let base = bind(&s).await;
    let http = reqwest::Client::new();
    let a = s.demo_session().await;
    let id = a["id"].as_str().unwrap().to_string();
    let li = items(&a)[0]["id"].as_str().unwrap().to_string();

    let mut rng = 0x9E37_79B9_7F4A_7C15_u64;
    let actions: Vec<Action> = (0..50)
        .map(|_| random_action(&mut rng, &products, &li))
        .collect();
    let mut tasks = vec![];
    for action in actions.clone() {
        let (http, base, id) = (http.clone(), base.clone(), id.clone());
        tasks.push(tokio::spawn(async move {
            send(&http, &base, &id, &action).await
        }));
    }
    let mut answers = vec![];
    for t in tasks {
        answers.push(t.await.unwrap());
    }
    for (status, body) in &answers {
        assert!(
            *status == 200 || (400..500).contains(status),
            "{status} {body}"
        );
        if *status != 200 {
            assert!(body["error"]["code"].is_string());
        }
    }
    // Group the acknowledged requests by the version they answered. Each version above 1
    // was made by one change; the others in its group were no-ops that saw it.
    let mut groups: BTreeMap<i64, Vec<(Action, Value)>> = BTreeMap::new();
    for (action, (status, body)) in actions.iter().zip(&answers) {
        if *status == 200 {
            groups
                .entry(body["version"].as_i64().unwrap())
                .or_default()
                .push((action.clone(), body.clone()));
        }
    }
    // Replay them serially on a twin session: for each version, the change that explains
    // the step first (it must give the same state), then the no-ops (they must change
    // nothing). Any acknowledged answer that no serial order explains fails here.
    let b = s.demo_session().await;
    let twin = b["id"].as_str().unwrap().to_string();
    let twin_li = items(&b)[0]["id"].as_str().unwrap().to_string();
    let on_twin = |a: &Action| Action(a.0, a.1.replace(&li, &twin_li), a.2.clone());
    // The buyer's view of the twin, as the widget answers each step.
    let mut state = s
        .widget("GET", &format!("/api/checkout/{twin}"), None)
        .await
        .body;
    let mut changes = 0;
    for (version, mut group) in groups {
        let expected = normalized(&group[0].1);
        for (_, answer) in &group {
            assert_eq!(
                normalized(answer),
                expected,
                "two answers at version {version} differ"
            );
        }
        if version > 1 {
            assert_eq!(
                version,
                state["version"].as_i64().unwrap() + 1,
                "versions have no gaps"
            );
            let at = group
                .iter()
                .position(|(a, answer)| explains(&state, answer, a))
                .unwrap_or_else(|| {
                    panic!("no acknowledged request explains version {version}: {group:?}")
                });
            let (change, _) = group.remove(at);
            let (status, next) = send(&http, &base, &twin, &on_twin(&change)).await;
            assert_eq!(status, 200, "{change:?} fails serially: {next}");
            assert_eq!(
                normalized(&next),
                expected,
                "{change:?} serially gives another state"
            );
            state = next;
            changes += 1;
        }
        for (noop, _) in group {
            let (status, next) = send(&http, &base, &twin, &on_twin(&noop)).await;
            assert_eq!(
                (status, normalized(&next)),
                (200, expected.clone()),
                "{noop:?} was not a no-op"
            );
        }
    }
    let fin = s
        .widget("GET", &format!("/api/checkout/{id}"), None)
        .await
        .body;
    assert_eq!(
        normalized(&fin),
        normalized(&state),
        "the session is the serial outcome"
    );
    assert_eq!(
        fin["version"].as_i64().unwrap(),
        1 + changes,
        "one version per acknowledged change"
    );
    let refused = answers.iter().filter(|(status, _)| *status != 200).count();
    eprintln!("50 concurrent requests: {changes} changes, {refused} refusals, the rest no-ops");
    assert!(
        changes >= 10,
        "the requests really conflicted: {changes} changes"
    );
}

fn has_cross_sell(v: &Value, product: &str) -> bool {
    v["line_items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|li| li["source"] == "cross_sell" && li["product"]["id"] == product)
}

/// True when `a` applied to `prev` gives the step to `next` (each action changes one thing).
fn explains(prev: &Value, next: &Value, a: &Action) -> bool {
    let body = a.2.clone().unwrap_or(Value::Null);
    match (a.0, a.1.as_str()) {
        ("POST", "/upsell") => {
            prev["upsell"]["selected"] != body["selected"]
                && next["upsell"]["selected"] == body["selected"]
        }
        ("POST", "/cross-sells") => {
            let p = body["product"].as_str().unwrap();
            !has_cross_sell(prev, p) && has_cross_sell(next, p)
        }
        ("DELETE", path) => {
            let p = path.trim_start_matches("/cross-sells/");
            has_cross_sell(prev, p) && !has_cross_sell(next, p)
        }
        _ => {
            prev["line_items"][0]["quantity"] != body["quantity"]
                && next["line_items"][0]["quantity"] == body["quantity"]
        }
    }
}

/// Checks what must hold of any session whatever the buyers did.
fn check_invariants(v: &Value) {
    let items = v["line_items"].as_array().unwrap();
    let mut subtotal = 0;
    let mut seen = HashSet::new();
    for li in items {
        let unit = li["price"]["unit_amount"].as_i64().unwrap();
        let q = li["quantity"].as_i64().unwrap();
        assert_eq!(
            li["amount_subtotal"].as_i64().unwrap(),
            unit * q,
            "line amount: {li}"
        );
        subtotal += li["amount_subtotal"].as_i64().unwrap();
        if li["source"] == "cross_sell" {
            assert_eq!(q, 1);
            assert!(
                seen.insert(li["product"]["id"].as_str().unwrap().to_string()),
                "duplicate cross-sell in {v}"
            );
        }
    }
    assert_eq!(v["amount_subtotal"].as_i64().unwrap(), subtotal);
    assert_eq!(
        v["amount_total"].as_i64().unwrap(),
        subtotal - v["total_details"]["amount_discount"].as_i64().unwrap()
    );
    for offer in v["cross_sells"].as_array().unwrap() {
        let product = offer["product"]["id"].as_str().unwrap();
        assert_eq!(
            offer["added"].as_bool().unwrap(),
            seen.contains(product),
            "offer {product} in {v}"
        );
    }
    let upsell = &v["upsell"];
    let line = items
        .iter()
        .find(|li| li["id"] == upsell["line_item"])
        .expect("the upsell's line item");
    let on_yearly = line["price"]["id"] == upsell["price"]["id"];
    assert_eq!(
        upsell["selected"].as_bool().unwrap(),
        on_yearly,
        "upsell state in {v}"
    );
    let interval = if on_yearly { "year" } else { "month" };
    assert_eq!(v["recurring"]["interval"], interval);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_soak_of_random_buyer_actions_leaves_every_session_consistent() {
    let total: usize = std::env::var("SOAK_ACTIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let s = server().await;
    let products = cross_sells(&s).await;
    let base = bind(&s).await;
    let http = reqwest::Client::new();
    let mut sessions = vec![];
    for _ in 0..20 {
        let v = s.demo_session().await;
        sessions.push((
            v["id"].as_str().unwrap().to_string(),
            items(&v)[0]["id"].as_str().unwrap().to_string(),
        ));
    }
    let clients = 16;
    let mut tasks = vec![];
    for c in 0..clients {
        let (http, base, sessions, products) = (
            http.clone(),
            base.clone(),
            sessions.clone(),
            products.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut rng = 0x2545_F491_4F6C_DD1D_u64 ^ ((c as u64 + 1) * 0x9E37_79B9);
            let mut seen: Vec<(String, u16, i64)> = vec![];
            for _ in 0..total / clients + usize::from(c < total % clients) {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                let (id, li) = &sessions[(rng % 20) as usize];
                let action = random_action(&mut rng, &products, li);
                let (status, body) = send(&http, &base, id, &action).await;
                assert!(
                    status == 200 || (400..500).contains(&status),
                    "{status} {body}"
                );
                seen.push((id.clone(), status, body["version"].as_i64().unwrap_or(0)));
            }
            seen
        }));
    }
    let mut per_session: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    let mut count = 0;
    for t in tasks {
        for (id, status, version) in t.await.unwrap() {
            count += 1;
            if status == 200 {
                per_session.entry(id).or_default().push(version);
            }
        }
    }
    assert_eq!(count, total);
    for (id, _) in &sessions {
        let v = s
            .widget("GET", &format!("/api/checkout/{id}"), None)
            .await
            .body;
        check_invariants(&v);
        let acked = per_session.get(id).cloned().unwrap_or_default();
        let version = v["version"].as_i64().unwrap();
        let distinct: HashSet<i64> = acked.iter().copied().filter(|x| *x > 1).collect();
        assert_eq!(
            acked.iter().copied().max().unwrap_or(1),
            version,
            "the last acknowledged state is the stored one"
        );
        assert_eq!(
            distinct.len() as i64,
            version - 1,
            "every version came from one acknowledged change: {id}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn mutations_committed_together_fail_alone() {
    let s = server().await;
    let store = s.state.store.clone();
    // Many mutations at once (the writer commits those waiting together); every third one
    // writes and then fails internally: only its own write is undone.
    let mut tasks = vec![];
    for i in 0..30_i64 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            store
                .mutate(None, move |tx, _now| {
                    tx.set_meta(&format!("k{i}"), "x")?;
                    if i % 3 == 1 {
                        return Err(checkout_server::error::AppError::internal(
                            "injected failure",
                        ));
                    }
                    Ok(format!("{i}"))
                })
                .await
        }));
    }
    let mut ok = 0;
    for (i, t) in tasks.into_iter().enumerate() {
        let answer = t.await.unwrap();
        assert_eq!(answer.is_ok(), i % 3 != 1, "mutation {i}");
        ok += usize::from(answer.is_ok());
    }
    let keys: Vec<String> = store
        .read(|tx| {
            let mut keys = vec![];
            for i in 0..30 {
                if tx.meta(&format!("k{i}"))?.is_some() {
                    keys.push(format!("k{i}"));
                }
            }
            Ok(keys)
        })
        .await
        .unwrap();
    assert_eq!(keys.len(), ok);
    for i in 0..30 {
        assert_eq!(keys.contains(&format!("k{i}")), i % 3 != 1, "k{i}");
    }
}
