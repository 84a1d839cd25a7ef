//! Form bodies in Stripe's bracket notation (DESIGN §9): what Stripe's SDKs and
//! `curl -d` send. Every create and update reads a form into the same typed parameters
//! as JSON and answers the same; an empty value unsets; hostile forms are refused with a
//! clear 400 and change nothing.

mod common;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use checkout_server::demo;
use common::*;
use serde_json::{json, Value};

/// A JSON body in Stripe's bracket notation, as stripe-python's `_api_encode` writes it:
/// `{"a": {"b": [1]}}` → `a[b][0]=1`; `null` is the empty value.
fn encode(v: &Value) -> String {
    fn walk(prefix: &str, v: &Value, out: &mut form_urlencoded::Serializer<String>) {
        match v {
            Value::Object(m) => {
                for (k, v) in m {
                    let key = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}[{k}]")
                    };
                    walk(&key, v, out);
                }
            }
            Value::Array(a) => {
                for (i, v) in a.iter().enumerate() {
                    walk(&format!("{prefix}[{i}]"), v, out);
                }
            }
            Value::Null => {
                out.append_pair(prefix, "");
            }
            Value::String(s) => {
                out.append_pair(prefix, s);
            }
            other => {
                out.append_pair(prefix, &other.to_string());
            }
        }
    }
    let mut out = form_urlencoded::Serializer::new(String::new());
    walk("", v, &mut out);
    out.finish()
}

fn form_request(method: &str, uri: &str, body: impl Into<Body>) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(uri)
        .header("authorization", format!("Bearer {KEY}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body.into())
        .unwrap()
}

impl FormCalls for Server {
    async fn form(&self, method: &str, uri: &str, body: &str) -> Answer {
        self.raw(form_request(method, uri, body.to_string())).await
    }
}

trait FormCalls {
    async fn form(&self, method: &str, uri: &str, body: &str) -> Answer;
}

/// A refusal with this status and code, and its `param` when one is named.
fn assert_refused(a: &Answer, status: StatusCode, code: &str, param: Option<&str>, what: &str) {
    assert_eq!((a.status, a.code()), (status, code), "{what}: {}", a.body);
    assert!(
        !a.body["error"]["message"].as_str().unwrap_or("").is_empty(),
        "{what}: {}",
        a.body
    );
    if let Some(p) = param {
        assert_eq!(a.body["error"]["param"], p, "{what}: {}", a.body);
    }
}

/// An answer with what differs between two objects made the same way (their ids, their
/// creation time, a webhook endpoint's secret) taken out.
fn comparable(mut v: Value) -> Value {
    fn strip(v: &mut Value) {
        match v {
            Value::Object(m) => {
                for k in ["id", "created", "expires_at", "secret", "line_item"] {
                    m.remove(k);
                }
                // A session's line-item list names the session in its `url`.
                if m.get("object").is_some_and(|o| o == "list") {
                    m.remove("url");
                }
                m.values_mut().for_each(strip);
            }
            Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    strip(&mut v);
    v
}

/// A product with a monthly and a yearly price, and an add-on product with one price.
struct Catalog {
    product: String,
    addon: String,
    monthly: String,
    yearly: String,
}

async fn catalog(s: &Server) -> Catalog {
    let product = s.product("Main").await;
    let addon = s.product("Add-on").await;
    s.one_time(&addon, "usd", 500).await;
    Catalog {
        monthly: s.recurring(&product, 1_000, "month", 1).await,
        yearly: s.recurring(&product, 10_000, "year", 1).await,
        product,
        addon,
    }
}

/// Every create and every update, with a body using every kind of field it takes (nested
/// objects, lists of objects, integers, booleans, numbers), sent as JSON and as a form:
/// the same answer, or the same refusal.
#[tokio::test]
async fn form_and_json_bodies_get_the_same_answer() {
    let s = server().await;
    let Catalog {
        product,
        addon,
        monthly,
        yearly,
    } = catalog(&s).await;
    // (method, path, body)
    type Case = (&'static str, String, Value);
    let creates: Vec<Case> = vec![
        (
            "POST",
            "/v1/products".into(),
            json!({"name": "Pro", "description": "All of it", "images": ["https://img.example/a.png"], "active": true, "cross_sells": [addon]}),
        ),
        (
            "POST",
            "/v1/prices".into(),
            json!({"product": product, "currency": "usd", "unit_amount": 2_500, "recurring": {"interval": "month", "interval_count": 3}, "tax_behavior": "exclusive", "nickname": "quarterly"}),
        ),
        (
            "POST",
            "/v1/prices".into(),
            json!({"product": product, "currency": "eur", "billing_scheme": "tiered", "tiers_mode": "graduated", "recurring": {"interval": "month"},
            "tiers": [{"up_to": 5, "unit_amount": 1_000}, {"up_to": "inf", "unit_amount": 800}]}),
        ),
        (
            "POST",
            "/v1/prices".into(),
            json!({"product": product, "currency": "usd", "unit_amount": 300, "transform_quantity": {"divide_by": 10, "round": "up"}}),
        ),
        (
            "POST",
            "/v1/coupons".into(),
            json!({"name": "Launch", "percent_off": 12.5, "duration": "repeating", "duration_in_months": 3}),
        ),
        (
            "POST",
            "/v1/coupons".into(),
            json!({"amount_off": 500, "currency": "usd", "duration": "once"}),
        ),
        (
            "POST",
            "/v1/checkout/sessions".into(),
            json!({"mode": "subscription", "locale": "de",
            "line_items": [{"price": monthly, "quantity": 2, "adjustable_quantity": {"enabled": true, "minimum": 1, "maximum": 9}}],
            "subscription_data": {"trial_period_days": 14}, "automatic_tax": {"enabled": false},
            "permissions": {"update_line_items": "server_only"}}),
        ),
        (
            "POST",
            "/v1/checkout/sessions".into(),
            json!({"mode": "subscription", "ui_mode": "custom", "line_items": [{"price": monthly}],
            "metadata": {"order": "42", "channel": "web"}, "client_reference_id": "cart_7",
            "customer_email": "anna@example.com", "return_url": "https://shop.example/done",
            "success_url": "https://shop.example/thanks", "payment_method_collection": "if_required",
            "expand": ["line_items"]}),
        ),
        (
            "POST",
            "/v1/webhook_endpoints".into(),
            json!({"url": "https://shop.example/hooks", "enabled_events": ["checkout.session.completed"]}),
        ),
        // Refusals agree too: a wrong type, an unknown field, a missing one.
        (
            "POST",
            "/v1/products".into(),
            json!({"name": "X", "active": "maybe"}),
        ),
        (
            "POST",
            "/v1/products".into(),
            json!({"name": "X", "payment_method_types": ["card"]}),
        ),
        (
            "POST",
            "/v1/prices".into(),
            json!({"currency": "usd", "unit_amount": 1}),
        ),
        (
            "POST",
            "/v1/checkout/sessions".into(),
            json!({"mode": "subscription", "line_items": [{"price": monthly, "quantity": 0}]}),
        ),
    ];
    for (method, path, body) in creates {
        let by_json = s.call(method, &path, Some(body.clone()), Some(KEY)).await;
        let by_form = s.form(method, &path, &encode(&body)).await;
        assert_eq!(
            by_json.status, by_form.status,
            "{path} {body}: {} / {}",
            by_json.body, by_form.body
        );
        if by_json.status == StatusCode::OK {
            assert_eq!(
                comparable(by_json.body),
                comparable(by_form.body),
                "{path} {body}"
            );
        } else {
            assert_eq!(
                by_json.body["error"], by_form.body["error"],
                "{path} {body}"
            );
        }
    }
    // Updates: each on two objects made alike, one by JSON and one by form.
    let updates: Vec<(&str, Value)> = vec![
        (
            "product",
            json!({"name": "Renamed", "active": false, "cross_sells": [addon]}),
        ),
        (
            "price",
            json!({"nickname": "monthly", "upsell": yearly, "active": true}),
        ),
        ("price", json!({"upsell": null})),
        (
            "session",
            json!({"line_items": [{"id": "", "quantity": 3}, {"price": yearly, "quantity": 1}]}),
        ),
        (
            "session",
            json!({"line_items": [{"id": "", "quantity": 1_000_000}]}),
        ),
        (
            "session",
            json!({"metadata": {"order": "43"}, "expand": ["line_items"]}),
        ),
        (
            "session",
            json!({"line_items": [{"id": "", "quantity": 2}], "metadata": {"order": ""}}),
        ),
    ];
    for (kind, body) in updates {
        let mut answers = vec![];
        for by_form in [false, true] {
            // A fresh object for each encoding, made alike.
            let (path, body) = match kind {
                "product" => (
                    format!("/v1/products/{}", s.product("Main").await),
                    body.clone(),
                ),
                "price" => (
                    format!(
                        "/v1/prices/{}",
                        s.recurring(&product, 1_000, "month", 1).await
                    ),
                    body.clone(),
                ),
                _ => {
                    let fresh = s.demo_session().await;
                    let mut b = body.clone();
                    if b.get("line_items").is_some() {
                        b["line_items"][0]["id"] = items(&fresh)[0]["id"].clone();
                    }
                    (
                        format!("/v1/checkout/sessions/{}", fresh["id"].as_str().unwrap()),
                        b,
                    )
                }
            };
            answers.push(if by_form {
                s.form("POST", &path, &encode(&body)).await
            } else {
                s.call("POST", &path, Some(body), Some(KEY)).await
            });
        }
        let (j, f) = (&answers[0], &answers[1]);
        assert_eq!(j.status, f.status, "{kind} {body}: {} / {}", j.body, f.body);
        assert_eq!(
            comparable(j.body.clone()),
            comparable(f.body.clone()),
            "{kind} {body}"
        );
    }
}

#[tokio::test]
async fn a_form_reads_integers_booleans_and_nested_lists_by_the_schema() {
    let s = server().await;
    let a = s
        .form(
            "POST",
            "/v1/checkout/sessions",
            &format!(
                "mode=subscription&line_items[0][price]={}&line_items[0][quantity]=2\
                 &line_items[0][adjustable_quantity][enabled]=true&line_items[0][adjustable_quantity][maximum]=4\
                 &expand[]=line_items",
                demo::PRICE_MONTHLY
            ),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(items(&a.body)[0]["quantity"], 2);
    assert_eq!(items(&a.body)[0]["adjustable_quantity"]["maximum"], 4);
    // `curl -d` with percent-encoded brackets reads the same.
    let b = s
        .form(
            "POST",
            "/v1/products",
            "name=Caf%C3%A9+cr%C3%A8me&images%5B0%5D=https%3A%2F%2Fimg.example%2Fa.png",
        )
        .await;
    assert_eq!(b.status, StatusCode::OK, "{}", b.body);
    assert_eq!(b.body["name"], "Café crème");
    assert_eq!(b.body["images"], json!(["https://img.example/a.png"]));
}

#[tokio::test]
async fn an_empty_value_unsets_a_field() {
    let s = server().await;
    let Catalog {
        product,
        addon,
        monthly,
        yearly,
    } = catalog(&s).await;
    let set = s
        .form(
            "POST",
            &format!("/v1/prices/{monthly}"),
            &format!("upsell={yearly}"),
        )
        .await;
    assert_eq!(set.body["upsell"], json!(yearly), "{}", set.body);
    let unset = s
        .form("POST", &format!("/v1/prices/{monthly}"), "upsell=")
        .await;
    assert_eq!(unset.status, StatusCode::OK, "{}", unset.body);
    assert_eq!(unset.body["upsell"], Value::Null);
    // A list sent empty is emptied.
    s.form(
        "POST",
        &format!("/v1/products/{product}"),
        &format!("cross_sells[0]={addon}"),
    )
    .await;
    let cleared = s
        .form("POST", &format!("/v1/products/{product}"), "cross_sells=")
        .await;
    assert_eq!(cleared.status, StatusCode::OK, "{}", cleared.body);
    assert_eq!(cleared.body["cross_sells"], json!([]));
    // A field that cannot be unset says so, and nothing changes.
    let refused = s
        .form(
            "POST",
            "/v1/prices",
            &format!("product={product}&currency=&unit_amount=5"),
        )
        .await;
    assert_refused(
        &refused,
        StatusCode::BAD_REQUEST,
        "parameter_invalid",
        Some("currency"),
        "currency=",
    );
    assert!(refused.body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("cannot be unset"));
}

/// Each hostile form: a clear 400 in the §4 body naming what is wrong, and the catalog
/// as it was.
#[tokio::test]
async fn hostile_forms_are_refused_and_change_nothing() {
    let s = server().await;
    let product = s.product("Main").await;
    let before = s.engine("GET", "/v1/prices?limit=100", json!(null)).await;
    let price = demo::PRICE_MONTHLY;
    let deep = format!(
        "product={product}&currency=usd&unit_amount=5&recurring{}=1",
        "[interval]".repeat(1_000)
    );
    let many: String = (0..10_000).map(|i| format!("{i}=&")).collect::<String>()
        + &format!("product={product}&currency=usd&unit_amount=5");
    let huge = format!(
        "product={product}&currency=usd&unit_amount=5&nickname={}",
        "n".repeat(70 * 1024)
    );
    let sessions = "/v1/checkout/sessions";
    let line = |i: &str| format!("line_items[{i}][price]={price}");
    // (what, path, body, status, code, param)
    type Case<'a> = (
        &'a str,
        &'a str,
        String,
        StatusCode,
        &'a str,
        Option<&'a str>,
    );
    let cases: Vec<Case> = vec![
        ("a wrong type", "/v1/prices", format!("product={product}&currency=usd&unit_amount=five"), StatusCode::BAD_REQUEST, "parameter_invalid", Some("unit_amount")),
        ("a boolean that is not one", "/v1/prices", format!("product={product}&currency=usd&unit_amount=5&active=yes"), StatusCode::BAD_REQUEST, "parameter_invalid", Some("active")),
        ("1,000 levels of brackets", "/v1/prices", deep, StatusCode::BAD_REQUEST, "form_invalid", None),
        ("10,000 keys", "/v1/prices", many, StatusCode::BAD_REQUEST, "form_invalid", None),
        ("a repeated key", "/v1/prices", format!("product={product}&currency=usd&currency=eur&unit_amount=5"), StatusCode::BAD_REQUEST, "parameter_invalid", Some("currency")),
        ("a repeated nested key", "/v1/prices", format!("product={product}&currency=usd&unit_amount=5&recurring[interval]=month&recurring[interval]=year"), StatusCode::BAD_REQUEST, "parameter_invalid", Some("recurring[interval]")),
        ("a key with and without brackets", "/v1/prices", format!("product={product}&currency=usd&unit_amount=5&recurring=month&recurring[interval]=month"), StatusCode::BAD_REQUEST, "form_invalid", None),
        ("a key with brackets, then without", "/v1/prices", format!("product={product}&currency=usd&unit_amount=5&recurring[interval]=month&recurring=month"), StatusCode::BAD_REQUEST, "parameter_invalid", Some("recurring")),
        ("a non-UTF-8 byte", "/v1/prices", format!("product={product}&currency=usd&unit_amount=5&nickname=%FF"), StatusCode::BAD_REQUEST, "form_invalid", None),
        ("a body over the size limit", "/v1/prices", huge, StatusCode::PAYLOAD_TOO_LARGE, "body_too_large", None),
        ("mixed indexes", sessions, format!("mode=subscription&{}&{}", line("0"), line("x")), StatusCode::BAD_REQUEST, "parameter_invalid", Some("line_items")),
        ("an index with a gap", sessions, format!("mode=subscription&{}&{}", line("0"), line("5")), StatusCode::BAD_REQUEST, "form_invalid", None),
    ];
    for (what, path, body, status, code, param) in cases {
        let a = s.form("POST", path, &body).await;
        assert_refused(&a, status, code, param, what);
    }
    assert_eq!(
        s.engine("GET", "/v1/prices?limit=100", json!(null)).await,
        before
    );
    let listed = s.engine("GET", sessions, json!(null)).await;
    assert_eq!(listed["data"], json!([]));
}

/// A request without a body and without a type is not taken for an empty form (the
/// operation's schema asks for a body): 415, and nothing changes. An empty form is.
#[tokio::test]
async fn no_body_is_not_an_empty_form() {
    let s = server().await;
    let id = s.product("Main").await;
    let bare = s
        .raw(
            Request::builder()
                .method("POST")
                .uri(format!("/v1/products/{id}"))
                .header("authorization", format!("Bearer {KEY}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_refused(
        &bare,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
        None,
        "no body",
    );
    let empty = s.form("POST", &format!("/v1/products/{id}"), "").await;
    assert_eq!(empty.status, StatusCode::OK, "{}", empty.body);
    assert_eq!(empty.body["name"], "Main");
}

#[tokio::test]
async fn a_products_name_cannot_be_unset_in_either_encoding() {
    let s = server().await;
    let id = s.product("Kept").await;
    let url = format!("/v1/products/{id}");
    let form = s.form("POST", &url, "name=&active=true").await;
    let json = s.engine_err("POST", &url, json!({"name": null})).await;
    for a in [&form, &json] {
        assert_eq!(
            (a.status, a.code(), a.body["error"]["param"].as_str()),
            (StatusCode::BAD_REQUEST, "parameter_invalid", Some("name")),
            "{}",
            a.body
        );
    }
    let p = s.engine("GET", &url, json!(null)).await;
    assert_eq!((&p["name"], &p["active"]), (&json!("Kept"), &json!(true)));
}
