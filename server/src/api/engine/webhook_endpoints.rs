//! Webhook endpoints: register one (its signing secret shown once), list them.

use super::{list_of, mutate, ListOf, ListParams};
use crate::api::Mutation;
use crate::api::Query;
use crate::error::{AppError, ErrorBody};
use crate::store::Reply;
use crate::{webhooks, AppState};
use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};

/// `/v1/webhook_endpoints`.
pub fn router() -> Router<AppState> {
    Router::new().route(
        "/v1/webhook_endpoints",
        post(create_webhook_endpoint).get(list_webhook_endpoints),
    )
}

#[utoipa::path(post, path = "/v1/webhook_endpoints", tag = "engine", request_body = webhooks::CreateWebhookEndpoint,
    responses((status = 200, body = webhooks::WebhookEndpoint), (status = 400, body = ErrorBody)), security(("secret_key" = [])))]
/// Registers a receiver of events; the answer carries its signing secret, shown once.
pub async fn create_webhook_endpoint(
    State(state): State<AppState>,
    m: Mutation,
) -> Result<Reply, AppError> {
    let body: webhooks::CreateWebhookEndpoint = m.params()?;
    webhooks::check_endpoint(&body)?;
    mutate(&state, m, move |tx, now| {
        let (endpoint, secret) = webhooks::new_endpoint(body, now);
        tx.insert_endpoint(&endpoint, &secret)?;
        Ok(webhooks::WebhookEndpoint {
            secret: Some(secret),
            ..endpoint
        })
    })
    .await
}

#[utoipa::path(get, path = "/v1/webhook_endpoints", tag = "engine", params(ListParams),
    responses((status = 200, body = ListOf<webhooks::WebhookEndpoint>)), security(("secret_key" = [])))]
/// The registered endpoints (without their secrets).
pub async fn list_webhook_endpoints(
    State(state): State<AppState>,
    Query(q): Query<ListParams>,
) -> Result<Json<ListOf<webhooks::WebhookEndpoint>>, AppError> {
    let (n, page) = q.page()?;
    let p = page.clone();
    let rows = state.store.read(move |tx| tx.list_endpoints(&p)).await?;
    Ok(list_of(rows, n, &page, "/v1/webhook_endpoints"))
}
