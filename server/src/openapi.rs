//! The OpenAPI document of both APIs, generated from the handlers and types themselves.

use crate::api::{engine, widget};
use crate::error::{ErrorBody, ErrorDetail};
use axum::Json;
use utoipa::openapi::link::Link;
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

/// Every operation of the document (the methods the APIs use), with its path.
fn operations(
    openapi: &mut utoipa::openapi::OpenApi,
) -> impl Iterator<Item = (&String, &mut Operation)> {
    openapi.paths.paths.iter_mut().flat_map(|(path, item)| {
        let utoipa::openapi::PathItem {
            get,
            post,
            patch,
            delete,
            ..
        } = item;
        [get, post, patch, delete]
            .into_iter()
            .flatten()
            .map(move |op| (path, op))
    })
}

/// The statuses every operation of a kind can answer, declared once here instead of on
/// every handler, each with the §4 error body (`#/components/responses/Error`):
/// - all: 500, and 503 (`store_unavailable`);
/// - the engine API (secret key): 401;
/// - the widget API: 403 (origin), 404 (session), 429 (rate limit);
/// - a path parameter: 404; a query parameter: 400;
/// - a request body: 400 (and `idempotency_key_reused`), 404 (an id it names), 409, 413,
///   415.
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
    // A list's cursor names an object of the list, which may not exist.
    if params
        .iter()
        .any(|p| p.name == "starting_after" || p.name == "ending_before")
    {
        out.push("404");
    }
    if op.request_body.is_some() {
        // 404 too: a body may name an object that does not exist (a price, a product).
        out.extend(["400", "404", "409", "413", "415"]);
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
        for (path, op) in operations(openapi) {
            for status in common_statuses(path, op) {
                op.responses
                    .responses
                    .entry(status.to_string())
                    .or_insert_with(|| RefOr::Ref(Ref::from_response_name("Error")));
            }
        }
    }
}

/// What each operation refuses that JSON Schema cannot state, appended to its
/// description with the error codes (docs/errors.md): the contract test allows these
/// operations a 400/404/409 for a schema-valid request (schemathesis.toml).
struct Rules;

const RULES: &[(&[&str], &str)] = &[
    (&["create_checkout_session", "update_checkout_session"],
     "Line items must be sellable together (§3.3): each new item names an active `price` of an active product (`price_inactive`, `product_inactive`, `resource_missing`), in the session's currency (`currency_mismatch`); `payment` takes no recurring price (`recurring_price_in_payment_mode`), `subscription` needs one (`subscription_requires_recurring_price`), all with one interval (`recurring_interval_mismatch`), none metered (`metered_price_unsupported`); quantities within each item's range (`quantity_out_of_range`); ids kept or updated must be on the session, once each, without a `price` (`line_item_unknown`, `line_item_duplicate`, `line_item_ambiguous`); at most one coupon in the session's currency (`too_many_discounts`, `coupon_currency_mismatch`); `expires_at` 30 minutes to 24 hours ahead (`parameter_invalid`); only an open session changes (`session_not_open`)."),
    (&["create_coupon"],
     "Exactly one of `percent_off` and `amount_off`; `amount_off` with its `currency`; `duration_in_months` with `repeating` only (`coupon_invalid`); a known currency (`parameter_invalid`)."),
    (&["create_price"],
     "The fields must agree (`price_invalid`): `unit_amount` for `per_unit`, `tiers` and `tiers_mode` for `tiered`, `recurring` exactly for `type: recurring`; a known currency (`parameter_invalid`); an existing product (`resource_missing`)."),
    (&["update_price", "update_price_post"],
     "An upsell must meet §3.2 (seed 001): `upsell_source_not_recurring`, `upsell_same_price`, `upsell_inactive`, `upsell_product_mismatch`, `upsell_currency_mismatch`, `upsell_not_recurring`, `upsell_metered`, `upsell_tax_behavior_mismatch`, `upsell_tiers_mismatch`, `upsell_transform_quantity_mismatch`."),
    (&["create_product", "update_product", "update_product_post"],
     "Cross-sells (§3.1, seed 002): other, active products with exactly one active price, at most 10 (`cross_sell_self`, `cross_sell_inactive`, `cross_sell_price_count`, `too_many_cross_sells`, `resource_missing`); an `id` with the `prod_` prefix not taken (`parameter_invalid`, `resource_exists`)."),
    (&["list_products", "list_prices", "list_coupons", "list_webhook_endpoints", "list_checkout_sessions", "get_checkout_line_items"],
     "A cursor, `starting_after` or `ending_before` (not both: `parameter_invalid`), is the id of an object of this list (`resource_missing`, 404); a parameter the list does not take is refused (`parameter_unknown`)."),
    (&["post_quantity"], "Only an adjustable item, within its range, on a session the client may change (`quantity_not_adjustable`, `quantity_out_of_range`, `permission_denied`)."),
    (&["post_upsell"], "Only a session eligible for an upsell (§3.2, `upsell_not_available`)."),
    (&["post_cross_sell"], "Only a product offered to this session, once (`cross_sell_not_offered`, `cross_sell_already_added`)."),
    (&["delete_cross_sell"], "Only a cross-sell on the cart (`cross_sell_not_added`)."),
    (&["post_confirm"], "Only the cart the buyer saw, of an open session not awaiting payment (`session_version_conflict`, `session_not_open`, `session_awaiting_payment`), with the buyer's email unless the session has `customer_email` (`parameter_missing`, `email_invalid`); a declined payment is 402 (`payment_declined`)."),
    (&["create_promotion_code"], "The coupon must exist (`resource_missing`); the code is unique among the active codes whatever its case (`resource_exists`); `expires_at` lies ahead and a `minimum_amount` comes with its currency, which is an amount-off coupon's own (`parameter_invalid`)."),
    (&["update_promotion_code"], "Reactivating a code needs no other active code spelled so (`resource_exists`)."),
    (&["post_optional_item", "delete_optional_item"], "Only one of the session's optional items (`optional_item_not_offered`), added once (`optional_item_already_added`), removed only when added (`optional_item_not_added`)."),
    (&["post_promotion_code"], "Only a session created with `allow_promotion_codes` (`promotion_codes_not_allowed`), a code that matches an active one within its limits (`promotion_code_invalid`, `promotion_code_expired`, `promotion_code_exhausted`, `promotion_code_minimum_amount`), and at most 10 refused codes an hour (429 `rate_limited`)."),
    (&["complete_checkout_session", "reopen_checkout_session"], "Only a session awaiting payment (`session_not_awaiting_payment`), and still open (`session_not_open`: completed already, or expired)."),
];

impl Modify for Rules {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for (_, op) in operations(openapi) {
            let Some(id) = op.operation_id.as_deref() else {
                continue;
            };
            if let Some((_, rule)) = RULES.iter().find(|(ids, _)| ids.contains(&id)) {
                let text = format!("Rules JSON Schema cannot state: {rule}");
                op.description = Some(match op.description.take() {
                    Some(d) if !d.is_empty() => format!("{d}\n\n{text}"),
                    _ => text,
                });
            }
        }
    }
}

/// Links from each create operation to the operations that use the id it answers, so a
/// stateful tester (or a reader) can follow products → prices → sessions → the widget API.
struct Links;

/// (from operation, link name, to operation, parameters, request body)
type LinkSpec = (
    &'static str,
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
    Option<fn() -> serde_json::Value>,
);

const SESSION: &[(&str, &str)] = &[("session", "$response.body#/id")];
const ID: &[(&str, &str)] = &[("id", "$response.body#/id")];

const LINKS: &[LinkSpec] = &[
    ("create_product", "GetProduct", "get_product", ID, None),
    (
        "create_product",
        "UpdateProduct",
        "update_product",
        ID,
        None,
    ),
    (
        "create_product",
        "PricesOfProduct",
        "list_prices",
        &[("product", "$response.body#/id")],
        None,
    ),
    (
        "create_product",
        "CreatePrice",
        "create_price",
        &[],
        Some(
            || serde_json::json!({"product": "$response.body#/id", "currency": "usd", "unit_amount": 1000, "type": "one_time"}),
        ),
    ),
    ("create_price", "GetPrice", "get_price", ID, None),
    ("create_price", "UpdatePrice", "update_price", ID, None),
    (
        "create_price",
        "CreateSession",
        "create_checkout_session",
        &[],
        Some(
            || serde_json::json!({"mode": "payment", "line_items": [{"price": "$response.body#/id", "quantity": 1}]}),
        ),
    ),
    ("create_coupon", "GetCoupon", "get_coupon", ID, None),
    (
        "create_checkout_session",
        "GetSession",
        "get_checkout_session",
        ID,
        None,
    ),
    (
        "create_checkout_session",
        "LineItems",
        "get_checkout_line_items",
        ID,
        None,
    ),
    (
        "create_checkout_session",
        "UpdateSession",
        "update_checkout_session",
        ID,
        None,
    ),
    (
        "create_checkout_session",
        "ExpireSession",
        "expire_checkout_session",
        ID,
        None,
    ),
    (
        "create_checkout_session",
        "WidgetSession",
        "get_checkout",
        SESSION,
        None,
    ),
    (
        "create_checkout_session",
        "WidgetUpsell",
        "post_upsell",
        SESSION,
        None,
    ),
    (
        "create_checkout_session",
        "WidgetAddCrossSell",
        "post_cross_sell",
        SESSION,
        None,
    ),
    (
        "create_checkout_session",
        "WidgetRemoveCrossSell",
        "delete_cross_sell",
        SESSION,
        None,
    ),
    (
        "create_checkout_session",
        "WidgetQuantity",
        "post_quantity",
        &[
            ("session", "$response.body#/id"),
            ("line_item", "$response.body#/line_items/0/id"),
        ],
        None,
    ),
    (
        "create_checkout_session",
        "WidgetConfirm",
        "post_confirm",
        SESSION,
        None,
    ),
    ("get_checkout", "Upsell", "post_upsell", SESSION, None),
    ("get_checkout", "Confirm", "post_confirm", SESSION, None),
];

impl Modify for Links {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for (_, op) in operations(openapi) {
            let Some(id) = op.operation_id.clone() else {
                continue;
            };
            let Some(RefOr::T(ok)) = op.responses.responses.get_mut("200") else {
                continue;
            };
            for (from, name, to, params, body) in LINKS {
                if *from != id {
                    continue;
                }
                let mut link = Link::builder().operation_id(*to);
                for (param, expr) in *params {
                    link = link.parameter(*param, *expr);
                }
                if let Some(body) = body {
                    link = link.request_body(Some(body()));
                }
                ok.links.insert(name.to_string(), RefOr::T(link.build()));
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
        engine::promotion_codes::create_promotion_code, engine::promotion_codes::list_promotion_codes,
        engine::promotion_codes::get_promotion_code, engine::promotion_codes::update_promotion_code,
        engine::sessions::create_checkout_session, engine::sessions::list_checkout_sessions,
        engine::sessions::get_checkout_session,
        engine::sessions::update_checkout_session, engine::sessions::expire_checkout_session,
        engine::sessions::get_checkout_line_items,
        engine::sessions::complete_checkout_session, engine::sessions::reopen_checkout_session,
        engine::webhook_endpoints::create_webhook_endpoint,
        engine::webhook_endpoints::list_webhook_endpoints,
        widget::get_checkout, widget::post_upsell, widget::post_cross_sell, widget::delete_cross_sell,
        widget::post_quantity, widget::post_confirm, widget::post_promotion_code,
        widget::post_optional_item, widget::delete_optional_item,
        widget::delete_promotion_code,
    ),
    components(schemas(ErrorBody, ErrorDetail)),
    modifiers(&SecretKey, &CommonResponses, &Links, &Rules),
    tags((name = "engine", description = "Server-to-server: catalog and sessions"),
         (name = "widget", description = "Public, one session: intents only")),
)]
pub struct ApiDoc;

/// The document as served: what utoipa derives, plus the coupon's `oneOf`. utoipa 5.5 writes a link's fields in snake case
/// (`operation_id`, `request_body`), where OpenAPI names them `operationId` and
/// `requestBody`; they are renamed here (docs/decisions.md).
pub fn document() -> serde_json::Value {
    let mut doc = serde_json::to_value(ApiDoc::openapi()).unwrap_or_default();
    if let Some(paths) = doc.get_mut("paths").and_then(|p| p.as_object_mut()) {
        for op in paths
            .values_mut()
            .filter_map(|i| i.as_object_mut())
            .flat_map(|i| i.values_mut())
        {
            let Some(responses) = op.get_mut("responses").and_then(|r| r.as_object_mut()) else {
                continue;
            };
            for links in responses
                .values_mut()
                .filter_map(|r| r.get_mut("links"))
                .filter_map(|l| l.as_object_mut())
            {
                for link in links.values_mut().filter_map(|l| l.as_object_mut()) {
                    for (from, to) in [
                        ("operation_id", "operationId"),
                        ("operation_ref", "operationRef"),
                        ("request_body", "requestBody"),
                    ] {
                        if let Some(v) = link.remove(from) {
                            link.insert(to.into(), v);
                        }
                    }
                }
            }
        }
    }
    // A new session's line items take a price (never a line item's id, which only an
    // update keeps): the shared `LineItemParams` with `price` required and no `id`.
    if let Some(mut item) = doc.pointer("/components/schemas/LineItemParams").cloned() {
        if let Some(props) = item.get_mut("properties").and_then(|p| p.as_object_mut()) {
            props.remove("id");
        }
        item["required"] = serde_json::json!(["price"]);
        item["properties"]["price"]["minLength"] = serde_json::json!(1);
        item["description"] = serde_json::json!("A new line item: a price and its quantity.");
        doc["components"]["schemas"]["CreateLineItemParams"] = item;
        if let Some(items) =
            doc.pointer_mut("/components/schemas/CreateSessionParams/properties/line_items/items")
        {
            *items = serde_json::json!({"$ref": "#/components/schemas/CreateLineItemParams"});
        }
    }
    // The URLs the engine calls or sends a buyer to: the check's own pattern.
    // A webhook endpoint is a URI (RFC 3986); a return URL may carry Stripe's
    // `{CHECKOUT_SESSION_ID}`, so it is held to the looser pattern, without `format`.
    use checkout_core::web::{HTTP_URL_PATTERN, URI_HTTP_URL_PATTERN};
    for (at, pattern, uri) in [
        (
            "CreateWebhookEndpoint/properties/url",
            URI_HTTP_URL_PATTERN,
            true,
        ),
        (
            "CreateSessionParams/properties/return_url",
            HTTP_URL_PATTERN,
            false,
        ),
        (
            "CreateSessionParams/properties/success_url",
            HTTP_URL_PATTERN,
            false,
        ),
    ] {
        let at = format!("/components/schemas/{at}");
        if let Some(url) = doc.pointer_mut(&at).and_then(|u| u.as_object_mut()) {
            url.insert("pattern".into(), pattern.into());
            if uri {
                url.insert("format".into(), "uri".into());
            }
        }
    }
    form_bodies(&mut doc);
    // A coupon takes off a percentage or an amount, never both (utoipa's derive has no
    // `oneOf` of property sets).
    if let Some(coupon) = doc.pointer_mut("/components/schemas/CreateCoupon") {
        coupon["oneOf"] = serde_json::json!([
            {"title": "percent off", "required": ["percent_off"],
             "properties": {"percent_off": {"type": "number", "exclusiveMinimum": 0, "maximum": 100},
                            "amount_off": {"type": "null"}, "currency": {"type": "null"}}},
            {"title": "amount off", "required": ["amount_off", "currency"],
             "properties": {"amount_off": {"type": "integer", "minimum": 1},
                            "currency": {"type": "string", "minLength": 3, "maxLength": 3},
                            "percent_off": {"type": "null"}}}
        ]);
    }
    doc
}

/// Every `/v1` body is read as JSON or as a form in Stripe's bracket notation (§9): each
/// gains an `application/x-www-form-urlencoded` content with the same schema, its objects
/// and arrays `deepObject` (`line_items[0][price]=…`), as Stripe's own document states it.
fn form_bodies(doc: &mut serde_json::Value) {
    let schemas = doc
        .pointer("/components/schemas")
        .cloned()
        .unwrap_or_default();
    let resolve = |v: &serde_json::Value| -> serde_json::Value {
        match v.get("$ref").and_then(|r| r.as_str()) {
            Some(r) => schemas
                .get(r.trim_start_matches("#/components/schemas/"))
                .cloned()
                .unwrap_or_default(),
            None => v.clone(),
        }
    };
    let nested = |v: &serde_json::Value| {
        let v = resolve(v);
        let kinds = |t: &serde_json::Value| match t {
            serde_json::Value::String(t) => t == "object" || t == "array",
            serde_json::Value::Array(ts) => ts.iter().any(|t| t == "object" || t == "array"),
            _ => false,
        };
        v.get("type").is_some_and(kinds)
            || v.get("properties").is_some()
            || ["oneOf", "anyOf", "allOf"].iter().any(|k| {
                v.get(*k).and_then(|a| a.as_array()).is_some_and(|a| {
                    a.iter().any(|s| {
                        s.get("$ref").is_some() || resolve(s).get("type").is_some_and(kinds)
                    })
                })
            })
    };
    let Some(paths) = doc.get_mut("paths").and_then(|p| p.as_object_mut()) else {
        return;
    };
    for (_, item) in paths.iter_mut().filter(|(p, _)| p.starts_with("/v1/")) {
        for op in item
            .as_object_mut()
            .into_iter()
            .flat_map(|i| i.values_mut())
        {
            let Some(content) = op
                .pointer_mut("/requestBody/content")
                .and_then(|c| c.as_object_mut())
            else {
                continue;
            };
            let Some(json) = content.get("application/json").cloned() else {
                continue;
            };
            let schema = json.get("schema").cloned().unwrap_or_default();
            let encoding: serde_json::Map<String, serde_json::Value> = resolve(&schema)
                .get("properties")
                .and_then(|p| p.as_object())
                .into_iter()
                .flatten()
                .filter(|(_, v)| nested(v))
                .map(|(k, _)| {
                    (
                        k.clone(),
                        serde_json::json!({"style": "deepObject", "explode": true}),
                    )
                })
                .collect();
            let mut form = serde_json::json!({ "schema": schema });
            if !encoding.is_empty() {
                form["encoding"] = serde_json::Value::Object(encoding);
            }
            content.insert("application/x-www-form-urlencoded".into(), form);
        }
    }
}

/// `GET /v1/openapi.json`
pub async fn serve() -> Json<serde_json::Value> {
    Json(document())
}
