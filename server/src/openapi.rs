//! The OpenAPI document of both APIs, generated from the handlers and types themselves.

use crate::api::{engine, widget};
use crate::error::{ErrorBody, ErrorDetail};
use axum::Json;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
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

#[derive(OpenApi)]
#[openapi(
    info(title = "checkout-widget engine and widget APIs", description = "Engine API (/v1, secret key) and widget API (/api/checkout, scoped to one session). Error codes: docs/errors.md."),
    paths(
        engine::create_product, engine::list_products, engine::get_product, engine::update_product,
        engine::create_price, engine::list_prices, engine::get_price, engine::update_price,
        engine::create_coupon, engine::list_coupons, engine::get_coupon,
        engine::create_checkout_session, engine::get_checkout_session, engine::update_checkout_session,
        engine::expire_checkout_session, engine::get_checkout_line_items,
        engine::create_webhook_endpoint, engine::list_webhook_endpoints,
        widget::get_checkout, widget::post_upsell, widget::post_cross_sell, widget::delete_cross_sell,
        widget::post_quantity, widget::post_confirm,
    ),
    components(schemas(ErrorBody, ErrorDetail)),
    modifiers(&SecretKey),
    tags((name = "engine", description = "Server-to-server: catalog and sessions"),
         (name = "widget", description = "Public, one session: intents only")),
)]
pub struct ApiDoc;

/// `GET /v1/openapi.json`
pub async fn serve() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
