//! The dashboard's calls to `/dashboard/api`: same-origin, the session cookie goes with
//! each; a refusal comes back as the §4 error body.

use crate::strings::{fill, t};
use checkout_core::catalog::{Price, Product};
use gloo_net::http::{Request, RequestBuilder};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

const BASE: &str = "/dashboard/api";

/// Why a call failed, as the server said it (or as the network failed).
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: u16,
    pub code: String,
    pub message: String,
    pub param: Option<String>,
}

impl ApiError {
    /// The session ended (or never began): the page sends the merchant to sign in.
    pub fn signed_out(&self) -> bool {
        self.status == 401
    }
}

#[derive(Deserialize)]
struct ErrorBody {
    error: ErrorDetail,
}

#[derive(Deserialize)]
struct ErrorDetail {
    code: String,
    message: String,
    param: Option<String>,
}

/// A page of objects.
#[derive(Debug, Clone, Deserialize)]
pub struct List<T> {
    pub data: Vec<T>,
}

/// One upsell the dashboard may offer, with its savings for one unit.
#[derive(Debug, Clone, Deserialize)]
pub struct UpsellOption {
    pub price: Price,
    pub savings: Option<checkout_core::upsell::Savings>,
}

/// Why a price cannot have an upsell.
#[derive(Debug, Clone, Deserialize)]
pub struct Unavailable {
    pub message: String,
}

/// The "Upsell" region's data.
#[derive(Debug, Clone, Deserialize)]
pub struct UpsellOptions {
    pub current: Option<UpsellOption>,
    pub unavailable: Option<Unavailable>,
    pub options: Vec<UpsellOption>,
}

async fn send<T: DeserializeOwned>(req: Result<Request, gloo_net::Error>) -> Result<T, ApiError> {
    let network = |e: gloo_net::Error| ApiError {
        status: 0,
        code: "network_error".into(),
        message: fill(t().unreachable, e),
        param: None,
    };
    let res = req.map_err(network)?.send().await.map_err(network)?;
    let status = res.status();
    if (200..300).contains(&status) {
        return res.json::<T>().await.map_err(network);
    }
    match res.json::<ErrorBody>().await {
        Ok(b) => Err(ApiError {
            status,
            code: b.error.code,
            message: b.error.message,
            param: b.error.param,
        }),
        Err(_) => Err(ApiError {
            status,
            code: "unexpected_answer".into(),
            message: fill(t().server_answered, status),
            param: None,
        }),
    }
}

fn with_body(builder: RequestBuilder, body: &impl Serialize) -> Result<Request, gloo_net::Error> {
    builder.json(body)
}

pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    send(Request::get(&format!("{BASE}{path}")).build()).await
}

pub async fn post<T: DeserializeOwned>(path: &str, body: &impl Serialize) -> Result<T, ApiError> {
    send(with_body(Request::post(&format!("{BASE}{path}")), body)).await
}

pub async fn delete<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    send(Request::delete(&format!("{BASE}{path}")).build()).await
}

pub async fn product(id: &str) -> Result<Product, ApiError> {
    get(&format!("/v1/products/{id}")).await
}

pub async fn price(id: &str) -> Result<Price, ApiError> {
    get(&format!("/v1/prices/{id}")).await
}
