//! Every rejection the server can produce is the §4 error body with a stable code (and a
//! `param` where one applies): query and path extraction, unknown routes, wrong methods
//! (405 with `Allow`), a missing key and a body too large. On both stores.

mod common;
use axum::http::StatusCode;
use common::*;
use serde_json::json;

/// The §4 shape: `{"error": {"type", "code", "message", …}}` as JSON.
fn assert_error_body(a: &Answer, status: StatusCode, code: &str) {
    assert_eq!(a.status, status, "{}", String::from_utf8_lossy(&a.raw));
    assert_eq!(
        a.headers["content-type"],
        "application/json",
        "{}",
        String::from_utf8_lossy(&a.raw)
    );
    assert_eq!(a.code(), code, "{}", a.body);
    assert!(a.body["error"]["type"].is_string() && a.body["error"]["message"].is_string());
}

#[tokio::test]
async fn malformed_query_strings_are_refused_in_the_error_body_naming_the_parameter() {
    let s = server().await;
    for uri in [
        "/v1/products?limit=abc",
        "/v1/products?limit=2.5",
        "/v1/products?limit=",
        "/v1/prices?limit=-",
        "/v1/checkout/sessions?status=lost",
    ] {
        let a = s.call("GET", uri, None, Some(KEY)).await;
        assert_error_body(&a, StatusCode::BAD_REQUEST, "parameter_invalid");
        let param = if uri.contains("status") {
            "status"
        } else {
            "limit"
        };
        assert_eq!(a.body["error"]["param"], param, "{uri}: {}", a.body);
    }
    // Out of range, as the document says (1..=100).
    for limit in ["0", "101"] {
        let a = s
            .call(
                "GET",
                &format!("/v1/coupons?limit={limit}"),
                None,
                Some(KEY),
            )
            .await;
        assert_error_body(&a, StatusCode::BAD_REQUEST, "parameter_invalid");
    }
}

#[tokio::test]
async fn unknown_routes_and_wrong_methods_answer_the_error_body() {
    let s = server().await;
    for uri in [
        "/v1/nothing",
        "/api/checkout",
        "/api/checkout/cs_1/nothing",
        "/v1",
    ] {
        let a = s.call("GET", uri, None, Some(KEY)).await;
        assert_error_body(&a, StatusCode::NOT_FOUND, "route_missing");
    }
    let a = s.call("DELETE", "/v1/products", None, Some(KEY)).await;
    assert_error_body(&a, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
    let allow = a.headers["allow"].to_str().unwrap().to_string();
    assert!(allow.contains("GET") && allow.contains("POST"), "{allow}");
    let a = s
        .widget(
            "PUT",
            "/api/checkout/cs_1/upsell",
            Some(json!({"selected": true})),
        )
        .await;
    assert_error_body(&a, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
    assert_eq!(a.headers["allow"], "POST");
    let a = s.call("POST", "/v1/openapi.json", None, None).await;
    assert_error_body(&a, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
}

#[tokio::test]
async fn a_missing_or_wrong_key_and_a_body_too_large_answer_the_error_body() {
    let s = server().await;
    let a = s.call("GET", "/v1/products", None, None).await;
    assert_error_body(&a, StatusCode::UNAUTHORIZED, "authentication_required");
    let a = s
        .call("GET", "/v1/products", None, Some("sk_test_wrong"))
        .await;
    assert_error_body(&a, StatusCode::UNAUTHORIZED, "invalid_api_key");
    let big = json!({"name": "x".repeat(70 * 1024)});
    let a = s.call("POST", "/v1/products", Some(big), Some(KEY)).await;
    assert_error_body(&a, StatusCode::PAYLOAD_TOO_LARGE, "body_too_large");
}

#[tokio::test]
async fn the_document_declares_every_status_links_creates_and_states_the_rules() {
    let s = server().await;
    let doc = s.call("GET", "/v1/openapi.json", None, None).await.body;
    let paths = doc["paths"].as_object().unwrap();
    let mut operations = 0;
    for (path, item) in paths {
        for (method, op) in item.as_object().unwrap() {
            operations += 1;
            let statuses: Vec<&str> = op["responses"]
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            for must in ["500", "503"] {
                assert!(statuses.contains(&must), "{method} {path}: {statuses:?}");
            }
            if path.starts_with("/v1/") {
                assert!(statuses.contains(&"401"), "{method} {path}: {statuses:?}");
            } else {
                for must in ["403", "404", "429"] {
                    assert!(statuses.contains(&must), "{method} {path}: {statuses:?}");
                }
            }
            if op.get("requestBody").is_some() {
                for must in ["400", "409", "413", "415"] {
                    assert!(statuses.contains(&must), "{method} {path}: {statuses:?}");
                }
            }
            for p in op["parameters"].as_array().into_iter().flatten() {
                let name = p["name"].as_str().unwrap();
                let place = if path.contains(&format!("{{{name}}}")) {
                    "path"
                } else {
                    "query"
                };
                assert_eq!(p["in"], place, "{method} {path}: {name}");
            }
        }
    }
    assert_eq!(operations, 37);
    assert_eq!(
        doc["components"]["responses"]["Error"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/ErrorBody"
    );
    // Links in OpenAPI's spelling, from create operations to those that use the id.
    let links = &paths["/v1/checkout/sessions"]["post"]["responses"]["200"]["links"];
    assert_eq!(links["WidgetSession"]["operationId"], "get_checkout");
    assert_eq!(
        links["WidgetSession"]["parameters"]["session"],
        "$response.body#/id"
    );
    let create_price = &paths["/v1/products"]["post"]["responses"]["200"]["links"]["CreatePrice"];
    assert_eq!(create_price["requestBody"]["product"], "$response.body#/id");
    // What the schema says the server enforces.
    let schemas = &doc["components"]["schemas"];
    assert_eq!(
        schemas["CreateSessionParams"]["properties"]["line_items"]["minItems"],
        1
    );
    assert_eq!(
        schemas["CreateSessionParams"]["properties"]["line_items"]["maxItems"],
        100
    );
    let limit = paths["/v1/products"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "limit")
        .unwrap()
        .clone();
    assert_eq!(
        (
            limit["schema"]["minimum"].as_i64(),
            limit["schema"]["maximum"].as_i64()
        ),
        (Some(1), Some(100))
    );
    let one_of = schemas["CreateCoupon"]["oneOf"].as_array().unwrap();
    assert_eq!(one_of[0]["required"], json!(["percent_off"]));
    assert_eq!(one_of[1]["required"], json!(["amount_off", "currency"]));
    assert_eq!(
        schemas["QuantityIntent"]["properties"]["quantity"]["maximum"],
        999_999
    );
    // And what it cannot say, with the codes.
    let upsell = paths["/v1/prices/{id}"]["patch"]["description"]
        .as_str()
        .unwrap();
    assert!(upsell.contains("upsell_currency_mismatch"), "{upsell}");
}
