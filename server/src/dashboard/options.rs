//! The dashboard's own views: the cross-sell and upsell options (checkout-core's
//! eligibility lists, the engine's own checks) and prices typed in major units.

use crate::api::engine::ListOf;
use crate::api::Mutation;
use crate::api::Path;
use crate::error::AppError;
use crate::store::{self, Page, Reply};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use checkout_core::catalog::{
    BillingScheme, Interval, Price, PriceType, Product, Record, Recurring, TaxBehavior, UsageType,
};
use checkout_core::eligibility;
use checkout_core::upsell::Savings;
use checkout_core::Code;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Most products (and prices of one product) the option lists consider.
const CATALOG_SCAN: i64 = 1000;

/// `GET /dashboard/api/v1/products/{id}/cross_sell_options`: exactly the products the
/// engine would accept as one more cross-sell of this product (§3.1, at most 10).
pub async fn cross_sell_options(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<ListOf<Product>>, AppError> {
    let product = id.clone();
    let options = state
        .store
        .read(move |tx| {
            let product = store::get_product(tx, &id)?;
            // Two queries, one snapshot: the products and all their active prices.
            let mut prices: HashMap<String, Vec<Price>> = HashMap::new();
            for price in tx.active_prices_of_products(CATALOG_SCAN)? {
                prices.entry(price.product.clone()).or_default().push(price);
            }
            let mut catalog = vec![];
            for p in tx.list_products(&Page::first(CATALOG_SCAN))? {
                let of_p = prices.remove(&p.id).unwrap_or_default();
                catalog.push((p.inner, of_p));
            }
            catalog.sort_by(|a, b| a.0.name.cmp(&b.0.name));
            Ok(eligibility::cross_sell_options(&product, &catalog)
                .into_iter()
                .cloned()
                .collect::<Vec<_>>())
        })
        .await?;
    Ok(Json(ListOf {
        object: "list",
        url: format!("/dashboard/api/v1/products/{product}/cross_sell_options"),
        data: options,
        has_more: false,
    }))
}

/// One upsell the dashboard offers, with the savings the widget would show for one unit.
#[derive(Serialize)]
pub struct UpsellOption {
    pub price: Price,
    pub savings: Option<Savings>,
}

/// The "Upsell" region of a price's page.
#[derive(Serialize)]
pub struct UpsellOptions {
    pub object: &'static str,
    /// The configured upsell, if any, with its savings.
    pub current: Option<UpsellOption>,
    /// Why this price cannot have an upsell at all (`{code, message}`), if it cannot.
    pub unavailable: Option<serde_json::Value>,
    /// Exactly the prices the engine accepts as this price's upsell (§3.2).
    pub options: Vec<UpsellOption>,
}

/// `GET /dashboard/api/v1/prices/{id}/upsell_options`.
pub async fn upsell_options(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<UpsellOptions>, AppError> {
    let view = state
        .store
        .read(move |tx| {
            let price = store::get_price(tx, &id)?;
            let siblings = inner(tx.list_prices(Some(&price.product), &Page::first(CATALOG_SCAN))?);
            let option = |p: &Price| -> Result<UpsellOption, AppError> {
                Ok(UpsellOption {
                    savings: checkout_core::upsell::savings(&price, p, 1)
                        .map_err(|e| AppError::internal(e.to_string()))?,
                    price: p.clone(),
                })
            };
            let current = match &price.upsell {
                Some(u) => tx.price(u)?.map(|p| option(&p)).transpose()?,
                None => None,
            };
            let options = eligibility::upsell_options(&price, &siblings)
                .into_iter()
                .map(option)
                .collect::<Result<Vec<_>, _>>()?;
            let unavailable = eligibility::upsell_unavailable(&price)
                .map(|e| serde_json::json!({"code": e.code.as_str(), "message": e.message}));
            Ok(UpsellOptions {
                object: "upsell_options",
                current,
                unavailable,
                options,
            })
        })
        .await?;
    Ok(Json(view))
}

/// `POST /dashboard/api/prices`: a price as a merchant types it in the dashboard, the
/// amount in major units ("100.00") converted with the currency's exponent (a wrong
/// amount is 400 `amount_invalid` with `param: "amount"`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewPrice {
    pub product: String,
    pub amount: String,
    pub currency: String,
    #[serde(rename = "type")]
    pub price_type: PriceType,
    /// For a recurring price.
    #[serde(default)]
    pub interval: Option<Interval>,
}

pub async fn create_price(State(state): State<AppState>, m: Mutation) -> Result<Reply, AppError> {
    let body: NewPrice = m.json()?;
    let currency = body.currency.trim().to_lowercase();
    let amount = checkout_core::money::parse_major(&body.amount, &currency)?;
    let recurring = match (body.price_type, body.interval) {
        (PriceType::OneTime, _) => None,
        (PriceType::Recurring, Some(interval)) => Some(Recurring {
            interval,
            interval_count: 1,
            usage_type: UsageType::Licensed,
        }),
        (PriceType::Recurring, None) => {
            return Err(AppError::with_param(
                Code::ParameterMissing,
                "choose how often a recurring price bills",
                "interval",
            ))
        }
    };
    let price = Price {
        id: crate::new_id("price"),
        object: "price".into(),
        product: body.product,
        active: true,
        currency,
        unit_amount: Some(amount),
        price_type: body.price_type,
        recurring,
        billing_scheme: BillingScheme::PerUnit,
        tiers_mode: None,
        tiers: None,
        transform_quantity: None,
        tax_behavior: TaxBehavior::Unspecified,
        upsell: None,
        nickname: None,
    };
    crate::api::engine::prices::insert(&state, m, price, Default::default()).await
}

/// The body of a preview: the price to show (a product's preview only; by default
/// [`eligibility::preview_price`]).
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct PreviewParams {
    #[serde(default)]
    pub price: Option<String>,
}

/// `POST /dashboard/api/v1/products/{id}/preview {"price": "price_…"?}`: a fresh
/// test-mode session of one of this product's active prices (quantity 1), for its
/// "Customer preview" (the real widget, in the dashboard page): the one given, or by
/// default the first recurring price with an upsell, else the first active price, in the
/// order the product's page lists them. Answers the session's view.
pub async fn preview(
    State(state): State<AppState>,
    Path(id): Path<String>,
    m: Mutation,
) -> Result<Reply, AppError> {
    let body: PreviewParams = if m.is_empty() {
        PreviewParams::default()
    } else {
        m.json()?
    };
    state
        .store
        .mutate(m.idem, move |tx, now| {
            let product = store::get_product(tx, &id)?;
            let prices = inner(tx.list_prices(Some(&product.id), &Page::first(CATALOG_SCAN))?);
            let price = match &body.price {
                Some(wanted) => prices
                    .iter()
                    .find(|p| &p.id == wanted && p.active)
                    .ok_or_else(|| {
                        AppError::with_param(
                            Code::ParameterInvalid,
                            format!("{wanted} is not an active price of {}", product.name),
                            "price",
                        )
                    })?,
                None => eligibility::preview_price(&prices).ok_or_else(|| {
                    AppError::with_param(
                        Code::ParameterInvalid,
                        format!(
                            "{} has no active price to preview; add a price first",
                            product.name
                        ),
                        "id",
                    )
                })?,
            };
            preview_session(tx, price, now)
        })
        .await
}

/// `POST /dashboard/api/v1/prices/{id}/preview`: a fresh test-mode session of this price
/// (quantity 1), with its upsell when it has one, for the price page's "Customer
/// preview". An archived price is refused (`price_inactive`), as a session would be.
pub async fn preview_price(
    State(state): State<AppState>,
    Path(id): Path<String>,
    m: Mutation,
) -> Result<Reply, AppError> {
    state
        .store
        .mutate(m.idem, move |tx, now| {
            let price = store::get_price(tx, &id)?;
            preview_session(tx, &price, now)
        })
        .await
}

/// A test-mode session of one unit of `price`: a subscription for a recurring price, a
/// payment otherwise, held to every rule of a session the engine API creates.
fn preview_session(tx: &dyn store::Tx, price: &Price, now: i64) -> Result<String, AppError> {
    let params = checkout_core::view::CreateSessionParams {
        mode: if price.is_recurring() {
            checkout_core::view::Mode::Subscription
        } else {
            checkout_core::view::Mode::Payment
        },
        line_items: vec![checkout_core::view::LineItemParams {
            price: Some(price.id.clone()),
            quantity: Some(1),
            ..Default::default()
        }],
        locale: None,
        ..Default::default()
    };
    let view = crate::api::engine::create_session_view(tx, &params, now, false)?;
    store::json_text(&view)
}

/// The catalog types of engine objects, as the rules read them.
fn inner<T>(objects: Vec<Record<T>>) -> Vec<T> {
    objects.into_iter().map(|o| o.inner).collect()
}
