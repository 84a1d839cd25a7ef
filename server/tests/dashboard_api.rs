//! The dashboard's API (§7): sign-in with the secret key into a cookie session, its
//! expiry and sign-out, same-origin writes, the option lists and prices in major units.
//! On both stores, like the rest of the suite.

mod common;
use axum::http::StatusCode;
use checkout_server::demo;
use checkout_server::guard::Guard;
use common::*;
use serde_json::{json, Value};

const HOST: &str = "dashboard.example";
const OWN: &str = "http://dashboard.example";

/// A dashboard call with `cookie` (when given) from a page on `origin` (when given).
async fn call(
    s: &Server,
    method: &str,
    uri: &str,
    body: Option<Value>,
    cookie: Option<&str>,
    origin: Option<&str>,
) -> Answer {
    let mut headers = vec![("host", HOST)];
    if let Some(o) = origin {
        headers.push(("origin", o));
    }
    let jar;
    if let Some(c) = cookie {
        jar = format!("theme=dark; checkout_dashboard={c}");
        headers.push(("cookie", jar.as_str()));
    }
    s.raw(request(method, uri, body, &headers)).await
}

/// Signs in; answers the session token from the cookie.
async fn sign_in(s: &Server) -> String {
    let a = call(
        s,
        "POST",
        "/dashboard/api/session",
        Some(json!({"secret_key": KEY})),
        None,
        Some(OWN),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let set = a.headers["set-cookie"].to_str().unwrap();
    set.strip_prefix("checkout_dashboard=")
        .and_then(|rest| rest.split(';').next())
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn the_secret_key_signs_in_to_a_cookie_session_that_ends() {
    let s = server().await;
    // Wrong key: 401, no cookie, nothing stored.
    let a = call(
        &s,
        "POST",
        "/dashboard/api/session",
        Some(json!({"secret_key": "sk_test_wrong"})),
        None,
        Some(OWN),
    )
    .await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::UNAUTHORIZED, "invalid_api_key")
    );
    assert!(a.headers.get("set-cookie").is_none());
    // No session: every dashboard call is refused.
    let a = call(&s, "GET", "/dashboard/api/v1/products", None, None, None).await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::UNAUTHORIZED, "authentication_required")
    );
    let a = call(
        &s,
        "GET",
        "/dashboard/api/v1/products",
        None,
        Some("dash_forged"),
        None,
    )
    .await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);

    // The right key: an HttpOnly, SameSite=Strict cookie for 12 hours, not the key.
    let a = call(
        &s,
        "POST",
        "/dashboard/api/session",
        Some(json!({"secret_key": KEY})),
        None,
        Some(OWN),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    let set = a.headers["set-cookie"].to_str().unwrap().to_string();
    assert!(set.starts_with("checkout_dashboard=dash_"), "{set}");
    for part in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=43200"] {
        assert!(set.contains(part), "{set} lacks {part}");
    }
    assert!(
        !set.contains("Secure"),
        "over http the cookie cannot be Secure"
    );
    assert!(!set.contains(KEY) && !a.raw.windows(KEY.len()).any(|w| w == KEY.as_bytes()));
    let token = set["checkout_dashboard=".len()..]
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let a = call(
        &s,
        "GET",
        "/dashboard/api/v1/products",
        None,
        Some(&token),
        None,
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(a.body["data"].as_array().unwrap().len(), 2);
    // The token is stored only as a digest.
    assert_eq!(
        outside_sql(
            &s.database,
            &format!("SELECT count(*) FROM dashboard_sessions WHERE token_digest = '{token}'")
        ),
        ["0"]
    );

    // Twelve hours later it has ended.
    s.clock.advance(12 * 60 * 60 - 1);
    assert_eq!(
        call(
            &s,
            "GET",
            "/dashboard/api/session",
            None,
            Some(&token),
            None
        )
        .await
        .status,
        StatusCode::OK
    );
    s.clock.advance(1);
    let a = call(
        &s,
        "GET",
        "/dashboard/api/session",
        None,
        Some(&token),
        None,
    )
    .await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::UNAUTHORIZED, "authentication_required")
    );

    // Sign out ends it on the server at once and clears the cookie.
    let token = sign_in(&s).await;
    let a = call(
        &s,
        "DELETE",
        "/dashboard/api/session",
        None,
        Some(&token),
        Some(OWN),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.headers["set-cookie"]
        .to_str()
        .unwrap()
        .contains("Max-Age=0"));
    let a = call(
        &s,
        "GET",
        "/dashboard/api/v1/products",
        None,
        Some(&token),
        None,
    )
    .await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);

    // Over https the cookie is Secure.
    let a = s
        .raw(request(
            "POST",
            "/dashboard/api/session",
            Some(json!({"secret_key": KEY})),
            &[("host", HOST), ("origin", "https://dashboard.example")],
        ))
        .await;
    assert!(a.headers["set-cookie"]
        .to_str()
        .unwrap()
        .contains("; Secure"));
}

/// A sign-in attempt from this test's one client.
async fn attempt(s: &Server, key: &str) -> Answer {
    call(
        s,
        "POST",
        "/dashboard/api/session",
        Some(json!({"secret_key": key})),
        None,
        Some(OWN),
    )
    .await
}

#[tokio::test]
async fn the_right_key_always_signs_in_however_often() {
    let s = server_with(Guard {
        rate: None,
        ..Guard::default()
    })
    .await;
    // A team behind one address, or a merchant signing out and in again: twice the
    // failure budget of right keys in a row, each a session.
    for i in 0..10 {
        let a = attempt(&s, KEY).await;
        assert_eq!(a.status, StatusCode::OK, "sign-in {i}: {}", a.body);
        assert!(a.headers.get("set-cookie").is_some(), "sign-in {i}");
    }
}

#[tokio::test]
async fn repeated_failed_sign_ins_are_slowed_down() {
    let s = server_with(Guard {
        rate: None,
        ..Guard::default()
    })
    .await;
    for i in 0..5 {
        let a = attempt(&s, &format!("sk_guess_{i}")).await;
        assert_eq!(
            (a.status, a.code()),
            (StatusCode::UNAUTHORIZED, "invalid_api_key"),
            "attempt {i}"
        );
    }
    // The sixth wrong key is slowed down, and so is the seventh.
    for i in 5..7 {
        let a = attempt(&s, &format!("sk_guess_{i}")).await;
        assert_eq!(
            (a.status, a.code()),
            (StatusCode::TOO_MANY_REQUESTS, "rate_limited"),
            "attempt {i}"
        );
        assert_eq!(a.headers["retry-after"], "5");
        assert!(a.headers.get("set-cookie").is_none());
    }
    // The right key still signs in from that same client.
    let a = attempt(&s, KEY).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert!(a.headers.get("set-cookie").is_some());
}

#[tokio::test]
async fn changes_from_another_origin_are_refused_and_change_nothing() {
    let s = server().await;
    let token = sign_in(&s).await;
    let rename = json!({"name": "Forged"});
    let uri = format!("/dashboard/api/v1/products/{}", demo::PRODUCT_PRO);
    for origin in [
        Some("https://evil.example"),
        Some("null"),
        Some("http://dashboard.example.evil"),
        None,
    ] {
        let a = call(&s, "POST", &uri, Some(rename.clone()), Some(&token), origin).await;
        assert_eq!(
            (a.status, a.code()),
            (StatusCode::FORBIDDEN, "origin_not_allowed"),
            "{origin:?}"
        );
    }
    // A forged sign-in is refused too (no login CSRF).
    let a = call(
        &s,
        "POST",
        "/dashboard/api/session",
        Some(json!({"secret_key": KEY})),
        None,
        Some("https://evil.example"),
    )
    .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    let a = call(&s, "GET", &uri, None, Some(&token), None).await;
    assert_eq!(a.body["name"], "Togethere Professional", "nothing changed");
    let a = call(&s, "POST", &uri, Some(rename), Some(&token), Some(OWN)).await;
    assert_eq!(
        (a.status, a.body["name"].as_str()),
        (StatusCode::OK, Some("Forged"))
    );
}

#[tokio::test]
async fn prices_are_typed_in_major_units_and_invalid_amounts_are_refused() {
    let s = server().await;
    let token = sign_in(&s).await;
    let product = s.product("Consulting").await;
    let create = |amount: &str, currency: &str| json!({"product": product, "amount": amount, "currency": currency, "type": "one_time"});
    let a = call(
        &s,
        "POST",
        "/dashboard/api/prices",
        Some(create("100.00", "usd")),
        Some(&token),
        Some(OWN),
    )
    .await;
    assert_eq!(
        (a.status, a.body["unit_amount"].as_i64()),
        (StatusCode::OK, Some(10_000)),
        "{}",
        a.body
    );
    let a = call(
        &s,
        "POST",
        "/dashboard/api/prices",
        Some(create("1000", "jpy")),
        Some(&token),
        Some(OWN),
    )
    .await;
    assert_eq!(a.body["unit_amount"], 1000);
    for (amount, currency, says) in [
        ("100.5", "jpy", "JPY has no minor unit"),
        ("1.001", "usd", "USD has 2 decimal places"),
        ("1,000.00", "usd", "1000.00"),
        ("-5", "usd", "negative"),
        ("", "usd", "enter an amount"),
    ] {
        let a = call(
            &s,
            "POST",
            "/dashboard/api/prices",
            Some(create(amount, currency)),
            Some(&token),
            Some(OWN),
        )
        .await;
        assert_eq!(
            (a.status, a.code()),
            (StatusCode::BAD_REQUEST, "amount_invalid"),
            "{amount}"
        );
        assert_eq!(a.body["error"]["param"], "amount");
        assert!(
            a.body["error"]["message"].as_str().unwrap().contains(says),
            "{}",
            a.body
        );
    }
    let recurring =
        json!({"product": product, "amount": "10.00", "currency": "usd", "type": "recurring"});
    let a = call(
        &s,
        "POST",
        "/dashboard/api/prices",
        Some(recurring),
        Some(&token),
        Some(OWN),
    )
    .await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::BAD_REQUEST, "parameter_missing")
    );
    let prices = call(
        &s,
        "GET",
        "/dashboard/api/v1/prices?limit=100",
        None,
        Some(&token),
        None,
    )
    .await;
    let mine = prices.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["product"] == product.as_str())
        .count();
    assert_eq!(mine, 2, "only the two valid prices were created");
}

#[tokio::test]
async fn the_option_lists_are_what_the_engine_accepts() {
    let s = server().await;
    let token = sign_in(&s).await;
    // Cross-sells of the demo product: deployment is configured; a new one-price product
    // is offered, a two-price one and an archived one are not.
    let single = s.product("Onboarding call").await;
    s.one_time(&single, "usd", 9_900).await;
    let double = s.product("Two prices").await;
    s.one_time(&double, "usd", 100).await;
    s.one_time(&double, "usd", 200).await;
    let options = call(
        &s,
        "GET",
        &format!(
            "/dashboard/api/v1/products/{}/cross_sell_options",
            demo::PRODUCT_PRO
        ),
        None,
        Some(&token),
        None,
    )
    .await;
    let ids: Vec<&str> = options.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [single.as_str()]);
    // Adding the offered one through the dashboard is accepted; the hidden one refused.
    let uri = format!("/dashboard/api/v1/products/{}", demo::PRODUCT_PRO);
    let a = call(
        &s,
        "POST",
        &uri,
        Some(json!({"cross_sells": [demo::PRODUCT_DEPLOYMENT, double]})),
        Some(&token),
        Some(OWN),
    )
    .await;
    assert_eq!(a.code(), "cross_sell_price_count");
    let a = call(
        &s,
        "POST",
        &uri,
        Some(json!({"cross_sells": [demo::PRODUCT_DEPLOYMENT, single]})),
        Some(&token),
        Some(OWN),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);

    // Upsells: the monthly price has the yearly one configured, with $200 savings; it
    // is also the only option. A one-time price says why it cannot have one.
    let up = call(
        &s,
        "GET",
        &format!(
            "/dashboard/api/v1/prices/{}/upsell_options",
            demo::PRICE_MONTHLY
        ),
        None,
        Some(&token),
        None,
    )
    .await;
    assert_eq!(up.body["current"]["price"]["id"], demo::PRICE_YEARLY);
    assert_eq!(up.body["current"]["savings"]["amount"], 20_000);
    assert_eq!(up.body["current"]["savings"]["percent"], 16);
    let options: Vec<&str> = up.body["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["price"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(options, [demo::PRICE_YEARLY]);
    assert!(up.body["unavailable"].is_null());
    let once = call(
        &s,
        "GET",
        &format!(
            "/dashboard/api/v1/prices/{}/upsell_options",
            demo::PRICE_DEPLOYMENT
        ),
        None,
        Some(&token),
        None,
    )
    .await;
    assert_eq!(
        once.body["unavailable"]["code"],
        "upsell_source_not_recurring"
    );
    assert!(once.body["options"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn a_preview_is_a_fresh_test_mode_session_of_the_first_active_price() {
    let s = server().await;
    let token = sign_in(&s).await;
    let uri = format!("/dashboard/api/v1/products/{}/preview", demo::PRODUCT_PRO);
    let a = call(&s, "POST", &uri, Some(json!({})), Some(&token), Some(OWN)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(a.body["mode"], "subscription");
    assert_eq!(a.body["livemode"], false);
    assert_eq!(a.body["line_items"][0]["price"]["id"], demo::PRICE_MONTHLY);
    assert!(a.body["upsell"]["savings"]["amount"] == 20_000);
    let b = call(&s, "POST", &uri, Some(json!({})), Some(&token), Some(OWN)).await;
    assert_ne!(
        a.body["id"], b.body["id"],
        "each preview is a fresh session"
    );
    // One-time only: a payment session. No active price: refused, nothing created.
    let a = call(
        &s,
        "POST",
        &format!(
            "/dashboard/api/v1/products/{}/preview",
            demo::PRODUCT_DEPLOYMENT
        ),
        Some(json!({})),
        Some(&token),
        Some(OWN),
    )
    .await;
    assert_eq!(a.body["mode"], "payment");
    let empty = s.product("Nothing to sell").await;
    let before = outside_sql(&s.database, "SELECT count(*) FROM sessions");
    let a = call(
        &s,
        "POST",
        &format!("/dashboard/api/v1/products/{empty}/preview"),
        Some(json!({})),
        Some(&token),
        Some(OWN),
    )
    .await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::BAD_REQUEST, "parameter_invalid")
    );
    assert!(a.body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("add a price first"));
    assert_eq!(
        outside_sql(&s.database, "SELECT count(*) FROM sessions"),
        before
    );
    // Not without a session, nor from another origin.
    let a = call(&s, "POST", &uri, Some(json!({})), None, Some(OWN)).await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    let a = call(
        &s,
        "POST",
        &uri,
        Some(json!({})),
        Some(&token),
        Some("https://evil.example"),
    )
    .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_preview_shows_the_price_with_the_upsell_just_configured() {
    let s = server().await;
    let token = sign_in(&s).await;
    let post = |uri: String, body: Value| {
        let token = token.clone();
        let s = &s;
        async move { call(s, "POST", &uri, Some(body), Some(&token), Some(OWN)).await }
    };
    // A product whose newest prices (listed first) are a euro price and the yearly one;
    // the merchant has just set an upsell on the monthly USD price.
    let product = s.product("Reporting").await;
    let monthly = s.recurring(&product, 2_000, "month", 1).await;
    s.clock.advance(1);
    let yearly = s.recurring(&product, 20_000, "year", 1).await;
    s.clock.advance(1);
    let euro = s
        .price(
            json!({"product": product, "currency": "eur", "unit_amount": 1_800, "type": "recurring",
                      "recurring": {"interval": "month", "interval_count": 1}}),
        )
        .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    s.engine(
        "POST",
        &format!("/v1/prices/{monthly}"),
        json!({"upsell": yearly}),
    )
    .await;
    let uri = format!("/dashboard/api/v1/products/{product}/preview");
    let a = post(uri.clone(), json!({})).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(a.body["line_items"][0]["price"]["id"], monthly.as_str());
    assert_eq!(a.body["upsell"]["price"]["id"], yearly.as_str());
    assert_eq!(a.body["upsell"]["savings"]["amount"], 4_000);
    // The one chosen in "Preview price".
    let a = post(uri.clone(), json!({"price": euro})).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(a.body["currency"], "eur");
    assert_eq!(a.body["line_items"][0]["price"]["id"], euro.as_str());
    // Another product's price, or an archived one: refused, nothing created.
    let before = outside_sql(&s.database, "SELECT count(*) FROM sessions");
    s.engine(
        "POST",
        &format!("/v1/prices/{euro}"),
        json!({"active": false}),
    )
    .await;
    for price in [demo::PRICE_MONTHLY, euro.as_str()] {
        let a = post(uri.clone(), json!({"price": price})).await;
        assert_eq!(
            (a.status, a.code(), a.body["error"]["param"].as_str()),
            (StatusCode::BAD_REQUEST, "parameter_invalid", Some("price")),
            "{price}: {}",
            a.body
        );
    }
    let a = post(uri.clone(), json!({"prices": [monthly]})).await;
    assert_eq!(a.code(), "parameter_unknown");
    assert_eq!(
        outside_sql(&s.database, "SELECT count(*) FROM sessions"),
        before
    );

    // A price's own page previews that price, with its upsell.
    let a = post(
        format!("/dashboard/api/v1/prices/{monthly}/preview"),
        json!({}),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(a.body["livemode"], false);
    assert_eq!(a.body["line_items"][0]["price"]["id"], monthly.as_str());
    assert_eq!(a.body["upsell"]["selected"], false);
    let a = post(
        format!("/dashboard/api/v1/prices/{yearly}/preview"),
        json!({}),
    )
    .await;
    assert_eq!(a.body["line_items"][0]["price"]["id"], yearly.as_str());
    assert!(a.body["upsell"].is_null());
    let a = post(
        format!("/dashboard/api/v1/prices/{euro}/preview"),
        json!({}),
    )
    .await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::BAD_REQUEST, "price_inactive")
    );
    let a = post(
        "/dashboard/api/v1/prices/price_missing/preview".into(),
        json!({}),
    )
    .await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    // Not from another origin.
    let a = call(
        &s,
        "POST",
        &format!("/dashboard/api/v1/prices/{monthly}/preview"),
        Some(json!({})),
        Some(&token),
        Some("https://evil.example"),
    )
    .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
}

/// The buyer's side of a checkout: the upsell and cross-sells as given, then confirm.
async fn complete(s: &Server, session: &Value, upsell: bool, cross_sells: &[&str]) -> Answer {
    let id = session["id"].as_str().unwrap();
    if upsell {
        let a = s
            .widget(
                "POST",
                &format!("/api/checkout/{id}/upsell"),
                Some(json!({"selected": true})),
            )
            .await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    }
    for p in cross_sells {
        let a = s
            .widget(
                "POST",
                &format!("/api/checkout/{id}/cross-sells"),
                Some(json!({"product": p})),
            )
            .await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    }
    let version = s
        .widget("GET", &format!("/api/checkout/{id}"), None)
        .await
        .body["version"]
        .as_u64()
        .unwrap();
    s.widget(
        "POST",
        &format!("/api/checkout/{id}/confirm"),
        Some(json!({"expected_version": version, "email": "anna@example.com"})),
    )
    .await
}

async fn insights(s: &Server, token: &str, query: &str) -> Answer {
    call(
        s,
        "GET",
        &format!("/dashboard/api/insights{query}"),
        None,
        Some(token),
        None,
    )
    .await
}

#[tokio::test]
async fn insights_count_completed_checkouts_take_rates_and_revenue_added_over_a_period() {
    let s = server_custom(
        Guard {
            rate: None,
            ..Guard::default()
        },
        std::sync::Arc::new(checkout_server::payments::TestModeDeclines02),
    )
    .await;
    let token = sign_in(&s).await;
    let a = insights(&s, &token, "").await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(a.body["completed"], 0);
    assert_eq!(
        a.body["days"].as_array().unwrap().len(),
        31,
        "30 days touch 31 dates"
    );
    assert_eq!(a.body["upsell_take_rate"], json!({"count": 0, "of": 0}));

    // 40 days ago: one checkout with the upsell and the cross-sell, one without either.
    let first = s.demo_session().await;
    assert_eq!(
        complete(&s, &first, true, &[demo::PRODUCT_DEPLOYMENT])
            .await
            .status,
        StatusCode::OK
    );
    let second = s.demo_session().await;
    assert_eq!(
        complete(&s, &second, false, &[]).await.status,
        StatusCode::OK
    );
    s.clock.advance(40 * 86_400);
    // Today: the upsell alone; a one-time purchase (no upsell offered); a session left
    // open; and a declined payment ($1,000.02 ends in 02), which completes nothing.
    let third = s.demo_session().await;
    assert_eq!(complete(&s, &third, true, &[]).await.status, StatusCode::OK);
    let book = s.product("Handbook").await;
    let book_price = s.one_time(&book, "usd", 1_500).await;
    let one_time = s
        .session(json!({"mode": "payment", "line_items": [{"price": book_price, "quantity": 2}]}))
        .await;
    assert_eq!(
        complete(&s, &one_time, false, &[]).await.status,
        StatusCode::OK
    );
    s.demo_session().await;
    let odd = s.one_time(&book, "usd", 100_002).await;
    let declined = s
        .session(json!({"mode": "payment", "line_items": [{"price": odd, "quantity": 1}]}))
        .await;
    assert_eq!(
        complete(&s, &declined, false, &[]).await.code(),
        "payment_declined"
    );

    // The dashboard session of 40 days ago has ended.
    assert_eq!(
        insights(&s, &token, "").await.status,
        StatusCode::UNAUTHORIZED
    );
    let token = sign_in(&s).await;
    let a = insights(&s, &token, "").await;
    assert_eq!(a.body["completed"], 2);
    assert_eq!(a.body["upsell_take_rate"], json!({"count": 1, "of": 1}));
    // The third checkout was offered the cross-sell and did not take it.
    assert_eq!(
        a.body["cross_sells"][0]["attach_rate"],
        json!({"count": 0, "of": 1})
    );
    assert_eq!(
        a.body["revenue"],
        json!([{"currency": "usd", "total": 103_000, "upsells": 90_000, "cross_sells": 0, "promotion_discounts": 0}])
    );
    let days = a.body["days"].as_array().unwrap();
    assert_eq!(days.last().unwrap()["completed"], 2);
    assert_eq!(
        days.last().unwrap()["added"],
        json!([{"currency": "usd", "amount": 90_000}])
    );

    let a = insights(&s, &token, "?days=60").await;
    assert_eq!(a.body["completed"], 4);
    assert_eq!(a.body["upsell_take_rate"], json!({"count": 2, "of": 3}));
    assert_eq!(
        a.body["cross_sells"],
        json!([{"product": demo::PRODUCT_DEPLOYMENT, "name": "Professional Services: Deployment",
                "attach_rate": {"count": 1, "of": 3}, "added": [{"currency": "usd", "amount": 50_000}]}])
    );
    assert_eq!(
        a.body["revenue"],
        json!([{"currency": "usd", "total": 263_000, "upsells": 180_000, "cross_sells": 50_000, "promotion_discounts": 0}])
    );
    let days = a.body["days"].as_array().unwrap();
    assert_eq!(days.len(), 61);
    let by_day: Vec<i64> = days
        .iter()
        .map(|d| d["completed"].as_i64().unwrap())
        .collect();
    assert_eq!(by_day.iter().sum::<i64>(), 4);
    assert_eq!(by_day[days.len() - 41], 2, "two checkouts 40 days ago");

    // The period is 1 to 366 days; anything else is refused, naming `days`.
    for bad in ["?days=0", "?days=367", "?days=-5"] {
        let a = insights(&s, &token, bad).await;
        assert_eq!(
            (a.status, a.code(), a.body["error"]["param"].as_str()),
            (StatusCode::BAD_REQUEST, "parameter_invalid", Some("days")),
            "{bad}"
        );
    }
    // Only with a dashboard session.
    let a = call(&s, "GET", "/dashboard/api/insights", None, None, None).await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
}

/// The delivery of `event` as the dashboard lists it.
async fn delivery_of(s: &Server, token: &str, event: &str) -> Value {
    let a = call(
        s,
        "GET",
        "/dashboard/api/events?limit=5",
        None,
        Some(token),
        None,
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let e = a.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == event)
        .cloned()
        .unwrap_or_else(|| panic!("event {event} not listed: {}", a.body));
    assert_eq!(e["type"], "checkout.session.completed");
    assert_eq!(e["deliveries"].as_array().unwrap().len(), 1);
    e["deliveries"][0].clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recent_events_show_each_deliverys_state_and_a_failed_one_can_be_resent() {
    use checkout_server::webhooks::deliver_due;
    let s = server().await;
    // The receiver answers 500 to the first two tries, then 200.
    let (receiver, url) = Receiver::start(2).await;
    let endpoint = s
        .engine(
            "POST",
            "/v1/webhook_endpoints",
            json!({"url": url, "events": ["checkout.session.completed"]}),
        )
        .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let token = sign_in(&s).await;
    let session = s.demo_session().await;
    assert_eq!(
        complete(&s, &session, false, &[]).await.status,
        StatusCode::OK
    );
    let event = outside_sql(&s.database, "SELECT id FROM events").remove(0);
    let resend_uri = format!("/dashboard/api/events/{event}/deliveries/{endpoint}/resend");
    let resend = |token: String| {
        let uri = resend_uri.clone();
        let s = &s;
        async move { call(s, "POST", &uri, None, Some(&token), Some(OWN)).await }
    };

    let d = delivery_of(&s, &token, &event).await;
    assert_eq!(
        (d["state"].as_str(), d["url"].as_str()),
        (Some("pending"), Some(url.as_str()))
    );
    // Not tried yet: nothing to resend.
    let a = resend(token.clone()).await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::CONFLICT, "delivery_not_failed")
    );

    let http = reqwest::Client::new();
    deliver_due(&s.state.store, &http).await.unwrap();
    let d = delivery_of(&s, &token, &event).await;
    assert_eq!(
        (
            d["state"].as_str(),
            d["attempts"].as_u64(),
            d["last_error"].as_str()
        ),
        (Some("retrying"), Some(1), Some("HTTP 500"))
    );
    assert_eq!(
        d["next_attempt"],
        s.state.store.now() + 60,
        "the next try in a minute"
    );
    // Not due for a minute: a worker pass sends nothing.
    deliver_due(&s.state.store, &http).await.unwrap();
    assert_eq!(receiver.deliveries().len(), 1);

    // "Resend" makes it due now; the next pass sends it (and it fails once more).
    let a = resend(token.clone()).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(a.body["next_attempt"], s.state.store.now());
    deliver_due(&s.state.store, &http).await.unwrap();
    assert_eq!(receiver.deliveries().len(), 2);
    assert_eq!(delivery_of(&s, &token, &event).await["attempts"], 2);

    // Three days later a resend still goes out; this time the receiver takes it.
    s.clock.advance(3 * 86_400 + 1);
    let token = sign_in(&s).await;
    let a = resend(token.clone()).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    deliver_due(&s.state.store, &http).await.unwrap();
    let d = delivery_of(&s, &token, &event).await;
    assert_eq!(
        (d["state"].as_str(), d["attempts"].as_u64()),
        (Some("delivered"), Some(3))
    );
    assert_eq!(receiver.deliveries().len(), 3);
    // Delivered: nothing to resend, nothing changes.
    let a = resend(token.clone()).await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::CONFLICT, "delivery_not_failed")
    );
    deliver_due(&s.state.store, &http).await.unwrap();
    assert_eq!(receiver.deliveries().len(), 3);

    // No such delivery; another origin; no session.
    let uri = format!("/dashboard/api/events/evt_nope/deliveries/{endpoint}/resend");
    let a = call(&s, "POST", &uri, None, Some(&token), Some(OWN)).await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::NOT_FOUND, "resource_missing")
    );
    let a = call(
        &s,
        "POST",
        &resend_uri,
        None,
        Some(&token),
        Some("https://evil.example"),
    )
    .await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::FORBIDDEN, "origin_not_allowed")
    );
    let a = call(&s, "GET", "/dashboard/api/events", None, None, None).await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    let a = call(
        &s,
        "GET",
        "/dashboard/api/events?limit=0",
        None,
        Some(&token),
        None,
    )
    .await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::BAD_REQUEST, "parameter_invalid")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delivery_given_up_shows_as_failed() {
    use checkout_server::webhooks::deliver_due;
    let s = server().await;
    let (_receiver, url) = Receiver::start(100).await;
    s.engine(
        "POST",
        "/v1/webhook_endpoints",
        json!({"url": url, "events": ["checkout.session.completed"]}),
    )
    .await;
    let session = s.demo_session().await;
    assert_eq!(
        complete(&s, &session, false, &[]).await.status,
        StatusCode::OK
    );
    let event = outside_sql(&s.database, "SELECT id FROM events").remove(0);
    let http = reqwest::Client::new();
    deliver_due(&s.state.store, &http).await.unwrap();
    s.clock.advance(3 * 86_400);
    deliver_due(&s.state.store, &http).await.unwrap();
    let token = sign_in(&s).await;
    let d = delivery_of(&s, &token, &event).await;
    assert_eq!(
        (d["state"].as_str(), d["attempts"].as_u64()),
        (Some("failed"), Some(2))
    );
}

#[tokio::test]
async fn insights_count_optional_items_attached_and_discounts_granted_by_promotion_codes() {
    let s = server().await;
    let token = sign_in(&s).await;
    let coupon = s
        .engine(
            "POST",
            "/v1/coupons",
            json!({"percent_off": 50, "duration": "once"}),
        )
        .await;
    s.engine(
        "POST",
        "/v1/promotion_codes",
        json!({"coupon": coupon["id"], "code": "HALF"}),
    )
    .await;
    let book = s.product("Handbook").await;
    let book_price = s.one_time(&book, "usd", 2_000).await;
    // Three checkouts offer the handbook; two add it, one of them with the code.
    for (add, code) in [(true, true), (true, false), (false, false)] {
        let v = s
            .session(
                json!({"mode": "subscription", "allow_promotion_codes": true,
                "line_items": [{"price": demo::PRICE_MONTHLY, "quantity": 1}],
                "optional_items": [{"price": book_price, "quantity": 1}]}),
            )
            .await;
        let id = v["id"].as_str().unwrap();
        if add {
            let a = s
                .widget(
                    "POST",
                    &format!("/api/checkout/{id}/optional-items"),
                    Some(json!({"price": book_price})),
                )
                .await;
            assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        }
        if code {
            let a = s
                .widget(
                    "POST",
                    &format!("/api/checkout/{id}/promotion-code"),
                    Some(json!({"code": "half"})),
                )
                .await;
            assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        }
        let version = s
            .widget("GET", &format!("/api/checkout/{id}"), None)
            .await
            .body["version"]
            .clone();
        let done = s
            .widget(
                "POST",
                &format!("/api/checkout/{id}/confirm"),
                Some(json!({"expected_version": version, "email": "anna@example.com"})),
            )
            .await;
        assert_eq!(done.body["status"], "complete", "{}", done.body);
    }
    let a = insights(&s, &token, "").await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(
        a.body["optional_items"],
        json!([{"product": book, "name": "Handbook", "attach_rate": {"count": 2, "of": 3}}])
    );
    // Half of ($100 + $20) due today, granted through the code.
    assert_eq!(a.body["revenue"][0]["promotion_discounts"], 6_000);
}
