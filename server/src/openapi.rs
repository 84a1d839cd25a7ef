//! The OpenAPI document of both APIs, generated from the handlers and types themselves.

use crate::api::{engine, widget};
use crate::error::{ErrorBody, ErrorDetail};
use axum::Json;
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{Content, Ref, RefOr, Response};
use utoipa::{Modify, OpenApi};

struct SecretKey;

impl Modify for SecretKey {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "secret_key",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The statuses every operation of a kind can answer, declared once here instead of on
/// every handler, each with the §4 error body (`#/components/responses/Error`):
/// - all: 500, and 503 (`store_unavailable`);
/// - the engine API (secret key): 401;
/// - the widget API: 403 (origin), 404 (session), 429 (rate limit);
/// - a path parameter: 404; a query parameter: 400;
/// - a request body: 400, 413, 415, and 409 (`idempotency_key_reused`).
struct CommonResponses;

fn common_statuses(path: &str, op: &Operation) -> Vec<&'static str> {
    let mut out = vec!["500", "503"];
    if path.starts_with("/v1/") {
        out.push("401");
    } else {
        out.extend(["403", "404", "429"]);
    }
    let params = op.parameters.as_deref().unwrap_or_default();
    if params.iter().any(|p| p.parameter_in == ParameterIn::Path) {
        out.push("404");
    }
    if params.iter().any(|p| p.parameter_in == ParameterIn::Query) {
        out.push("400");
    }
    if op.request_body.is_some() {
        out.extend(["400", "409", "413", "415"]);
    }
    out
}

impl Modify for CommonResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let error = Response::builder()
            .description("The §4 error body: a stable `code` (docs/errors.md), a `message`, and `param` where one applies.")
            .content("application/json", Content::new(Some(Ref::from_schema_name("ErrorBody"))))
            .build();
        openapi
            .components
            .get_or_insert_with(Default::default)
            .responses
            .insert("Error".into(), RefOr::T(error));
        for (path, item) in openapi.paths.paths.iter_mut() {
            for op in [
                &mut item.get,
                &mut item.post,
                &mut item.patch,
                &mut item.delete,
            ]
            .into_iter()
            .flatten()
            {
                for status in common_statuses(path, op) {
                    op.responses
                        .responses
                        .entry(status.to_string())
                        .or_insert_with(|| RefOr::Ref(Ref::from_response_name("Error")));
                }
            }
        }
    }
}

#[derive(OpenApi)]
#[openapi(
    info(title = "checkout-widget engine and widget APIs", description = "Engine API (/v1, secret key) and widget API (/api/checkout, scoped to one session). Error codes: docs/errors.md."),
    paths(
        engine::products::create_product, engine::products::list_products,
        engine::products::get_product, engine::products::update_product,
        engine::products::update_product_post,
        engine::prices::create_price, engine::prices::list_prices, engine::prices::get_price,
        engine::prices::update_price, engine::prices::update_price_post,
        engine::coupons::create_coupon, engine::coupons::list_coupons, engine::coupons::get_coupon,
        engine::sessions::create_checkout_session, engine::sessions::list_checkout_sessions,
        engine::sessions::get_checkout_session,
        engine::sessions::update_checkout_session, engine::sessions::expire_checkout_session,
        engine::sessions::get_checkout_line_items,
        engine::webhook_endpoints::create_webhook_endpoint,
        engine::webhook_endpoints::list_webhook_endpoints,
        widget::get_checkout, widget::post_upsell, widget::post_cross_sell, widget::delete_cross_sell,
        widget::post_quantity, widget::post_confirm,
    ),
    components(schemas(ErrorBody, ErrorDetail)),
    modifiers(&SecretKey, &CommonResponses),
    tags((name = "engine", description = "Server-to-server: catalog and sessions"),
         (name = "widget", description = "Public, one session: intents only")),
)]
pub struct ApiDoc;

/// `GET /v1/openapi.json`
pub async fn serve() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
