//! Recent webhook events and where each delivery stands (`GET /dashboard/api/events`),
//! and "Resend" of a delivery whose last try failed
//! (`POST /dashboard/api/events/{event}/deliveries/{endpoint}/resend`): it becomes due
//! now, and the next worker pass on any instance sends it.

use crate::api::engine::ListOf;
use crate::api::{Path, Query};
use crate::error::AppError;
use crate::store::{EventStatus, Resend};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use checkout_core::Code;
use serde::{Deserialize, Serialize};

/// How many of the newest events: 1..=100, default 20.
#[derive(Deserialize)]
pub struct EventsParams {
    pub limit: Option<i64>,
}

pub async fn list_events(
    State(state): State<AppState>,
    Query(q): Query<EventsParams>,
) -> Result<Json<ListOf<EventStatus>>, AppError> {
    let limit = q.limit.unwrap_or(20);
    if !(1..=100).contains(&limit) {
        return Err(AppError::with_param(
            Code::ParameterInvalid,
            "limit must be 1 to 100",
            "limit",
        ));
    }
    let events = state.store.read(move |tx| tx.recent_events(limit)).await?;
    Ok(Json(ListOf {
        object: "list",
        url: "/dashboard/api/events".into(),
        data: events,
        has_more: false,
    }))
}

/// A resent delivery: due again at `next_attempt`.
#[derive(Serialize)]
pub struct Resent {
    pub event: String,
    pub endpoint: String,
    pub next_attempt: i64,
}

pub async fn resend(
    State(state): State<AppState>,
    Path((event, endpoint)): Path<(String, String)>,
) -> Result<Json<Resent>, AppError> {
    let now = state.store.now();
    let (e, p) = (event.clone(), endpoint.clone());
    let outcome = state
        .store
        .write(move |tx| tx.resend_delivery(&e, &p, now))
        .await?;
    match outcome {
        Resend::Due => {}
        Resend::NotFailed => return Err(AppError::new(
            Code::DeliveryNotFailed,
            "this delivery has not failed: it was delivered, is not tried yet, or is being sent",
        )),
        Resend::Missing => {
            return Err(AppError::new(
                Code::ResourceMissing,
                format!("no delivery of event {event} to endpoint {endpoint}"),
            ))
        }
    }
    Ok(Json(Resent {
        event,
        endpoint,
        next_attempt: now,
    }))
}
