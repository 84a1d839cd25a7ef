//! The demo catalog (seeded once) and the demo merchant page at `/`, which embeds the
//! widget with exactly the snippet a merchant pastes, on a session created per page load.

use crate::api::engine::create_session_view;
use crate::api::Query;
use crate::error::AppError;
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use checkout_core::catalog::*;
use checkout_core::view::{
    AdjustableQuantityParams, ClientSession, CreateSessionParams, LineItemParams, Mode,
};
use serde::Deserialize;

pub const PRODUCT_PRO: &str = "prod_togethere_pro";
pub const PRODUCT_DEPLOYMENT: &str = "prod_deployment";
pub const PRICE_MONTHLY: &str = "price_pro_monthly";
pub const PRICE_YEARLY: &str = "price_pro_yearly";
pub const PRICE_DEPLOYMENT: &str = "price_deployment";

fn price(id: &str, product: &str, amount: i64, recurring: Option<Interval>) -> Price {
    Price {
        id: id.into(),
        object: "price".into(),
        product: product.into(),
        active: true,
        currency: "usd".into(),
        unit_amount: Some(amount),
        price_type: if recurring.is_some() {
            PriceType::Recurring
        } else {
            PriceType::OneTime
        },
        recurring: recurring.map(|interval| Recurring {
            interval,
            interval_count: 1,
            usage_type: UsageType::Licensed,
        }),
        billing_scheme: BillingScheme::PerUnit,
        tiers_mode: None,
        tiers: None,
        transform_quantity: None,
        tax_behavior: TaxBehavior::Unspecified,
        upsell: None,
        nickname: None,
    }
}

/// Seeds the demo catalog on first start: Togethere Professional at 100.00 USD/month
/// (upselling to 1,000.00 USD/year) cross-selling Professional Services: Deployment
/// (500.00 USD once).
pub async fn seed(state: &AppState) -> Result<(), AppError> {
    state
        .store
        .write(|tx| {
            // One instance seeds; the others, started at the same moment, wait here and
            // then find the marker.
            tx.exclusive("demo_seed")?;
            if tx.meta("demo_seeded")?.is_some() {
                return Ok(());
            }
            let now = crate::store::now();
            let product =
                |id: &str, name: &str, description: &str, cross_sells: Vec<String>| Product {
                    id: id.into(),
                    object: "product".into(),
                    name: name.into(),
                    description: Some(description.into()),
                    images: vec![],
                    active: true,
                    cross_sells,
                };
            tx.insert_product(&Record::new(
                product(
                    PRODUCT_DEPLOYMENT,
                    "Professional Services: Deployment",
                    "We set it up with your team.",
                    vec![],
                ),
                now,
                false,
            ))?;
            tx.insert_product(&Record::new(
                product(
                    PRODUCT_PRO,
                    "Togethere Professional",
                    "Team workspace, billed per seat.",
                    vec![PRODUCT_DEPLOYMENT.into()],
                ),
                now,
                false,
            ))?;
            let mut monthly = price(PRICE_MONTHLY, PRODUCT_PRO, 10_000, Some(Interval::Month));
            tx.insert_price(&Record::new(
                price(PRICE_YEARLY, PRODUCT_PRO, 100_000, Some(Interval::Year)),
                now,
                false,
            ))?;
            monthly.upsell = Some(PRICE_YEARLY.into());
            tx.insert_price(&Record::new(monthly, now, false))?;
            tx.insert_price(&Record::new(
                price(PRICE_DEPLOYMENT, PRODUCT_DEPLOYMENT, 50_000, None),
                now,
                false,
            ))?;
            tx.set_meta("demo_seeded", "1")?;
            Ok(())
        })
        .await
}

/// Registers `url` for `checkout.session.completed` unless it is registered already;
/// answers the new endpoint's signing secret.
pub async fn register_webhook(state: &AppState, url: &str) -> Result<Option<String>, AppError> {
    let params = crate::webhooks::CreateWebhookEndpoint {
        url: url.to_string(),
        events: vec![crate::webhooks::CHECKOUT_SESSION_COMPLETED.into()],
    };
    crate::webhooks::check_endpoint(&params)?;
    let now = state.store.now();
    state
        .store
        .write(move |tx| {
            // Once, however many instances start with DEMO_WEBHOOK_URL at the same moment.
            tx.exclusive("demo_webhook")?;
            if tx
                .list_endpoints(&crate::store::Page::first(100))?
                .iter()
                .any(|e| e.url == params.url)
            {
                return Ok(None);
            }
            let (endpoint, secret) = crate::webhooks::new_endpoint(params, now);
            tx.insert_endpoint(&endpoint, &secret)?;
            Ok(Some(secret))
        })
        .await
}

/// The demo session: subscription mode, one Togethere Professional monthly line item.
pub fn demo_session_params(locale: Option<String>) -> CreateSessionParams {
    CreateSessionParams {
        mode: Mode::Subscription,
        line_items: vec![LineItemParams {
            price: Some(PRICE_MONTHLY.into()),
            quantity: Some(1),
            adjustable_quantity: Some(AdjustableQuantityParams {
                enabled: true,
                minimum: Some(1),
                maximum: Some(20),
            }),
            ..Default::default()
        }],
        locale,
        ..Default::default()
    }
}

/// Creates a demo session and answers its view.
async fn new_session(state: &AppState, locale: Option<String>) -> Result<ClientSession, AppError> {
    let params = demo_session_params(locale);
    let now = state.store.now();
    let livemode = state.payments.livemode();
    state
        .store
        .write(move |tx| create_session_view(tx, &params, now, livemode))
        .await
}

/// `POST /demo/session`: a fresh demo session for the `trunk serve` preview.
pub async fn session(
    State(state): State<AppState>,
) -> Result<axum::Json<serde_json::Value>, AppError> {
    let session = new_session(&state, None).await?;
    Ok(axum::Json(serde_json::json!({ "id": session.id })))
}

#[derive(Deserialize)]
pub struct PageParams {
    pub locale: Option<String>,
}

/// `GET /demo/page.css`: the demo page's stylesheet (a file, not inline, so the page runs
/// under a Content-Security-Policy without `'unsafe-inline'`).
pub async fn stylesheet() -> impl IntoResponse {
    (
        [(axum::http::header::CONTENT_TYPE, "text/css; charset=utf-8")],
        PAGE_CSS,
    )
}

const PAGE_CSS: &str = r#":root { color-scheme: light dark; }
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; background: #f4f5f7; color: #1d2330; }
header { padding: 20px 24px; background: #1d2330; color: #fff; }
header strong { font-size: 18px; letter-spacing: .02em; }
main { max-width: 1040px; margin: 0 auto; padding: 32px 20px; display: grid; gap: 32px; grid-template-columns: minmax(0, 1fr); }
@media (min-width: 900px) { main { grid-template-columns: minmax(0, 1fr) 440px; align-items: start; } }
h1 { font-size: 28px; margin: 0 0 8px; }
p { line-height: 1.6; color: #4a5263; }
@media (prefers-color-scheme: dark) { body { background: #11141a; color: #e8eaf0; } p { color: #aab1c0; } }
"#;

/// `GET /`: a demo merchant page with a fresh session.
pub async fn page(State(state): State<AppState>, Query(q): Query<PageParams>) -> Response {
    // Any tag the widget may match (`?locale=fr`, `?locale=ar-EG`): letters, digits and
    // hyphens only, as it goes into the page's HTML.
    let locale = q.locale.filter(|l| {
        (2..=35).contains(&l.len()) && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    });
    match new_session(&state, locale.clone()).await {
        Ok(session) => {
            let locale_attr = locale.map(|l| format!(r#" locale="{l}""#)).unwrap_or_default();
            Html(PAGE.replace("{session}", &session.id).replace("{locale_attr}", &locale_attr)).into_response()
        }
        Err(e) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Html(format!(
                "<!doctype html><title>Demo unavailable</title><p>The demo catalog is not available ({}). Start the server with SEED_DEMO=1.</p>",
                e.code()
            )),
        )
            .into_response(),
    }
}

const PAGE: &str = r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Togethere: checkout</title>
<link rel="stylesheet" href="/demo/page.css">
</head>
<body>
<header><strong>Togethere</strong></header>
<main>
  <section>
    <h1>Complete your order</h1>
    <p>Togethere Professional gives your whole team one shared workspace. Switch to yearly billing to save, and add a deployment package if you want us to set it up with you.</p>
    <p>This page is a demo merchant page: the checkout on it is embedded with one script tag and one element.</p>
  </section>
  <section aria-label="Checkout">
    <script type="module" src="/widget/checkout-widget.js"></script>
    <checkout-widget session="{session}" endpoint="/api/checkout"{locale_attr}></checkout-widget>
  </section>
</main>
</body>
</html>
"#;
