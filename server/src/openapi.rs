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
        engine::products::create_product, engine::products::list_products,
        engine::products::get_product, engine::products::update_product,
        engine::prices::create_price, engine::prices::list_prices, engine::prices::get_price,
        engine::prices::update_price,
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
    modifiers(&SecretKey),
    tags((name = "engine", description = "Server-to-server: catalog and sessions"),
         (name = "widget", description = "Public, one session: intents only")),
)]
pub struct ApiDoc;

/// `GET /v1/openapi.json`
pub async fn serve() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
