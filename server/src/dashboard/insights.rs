//! `GET /dashboard/api/insights?days=30`: what the merchant's upsells and cross-sells
//! earned over the last `days` days (docs/insights.md), in the payment step's mode (test
//! data on a test-mode server, live data on a live one).

use crate::api::Query;
use crate::error::AppError;
use crate::store;
use crate::AppState;
use axum::extract::State;
use axum::Json;
use checkout_core::insights::{self, Insights, MAX_PERIOD_DAYS};
use checkout_core::Code;
use serde::Deserialize;

/// The period: the last `days` days (1..=366, default 30).
#[derive(Deserialize)]
pub struct InsightsParams {
    pub days: Option<i64>,
}

pub async fn get_insights(
    State(state): State<AppState>,
    Query(q): Query<InsightsParams>,
) -> Result<Json<Insights>, AppError> {
    let now = state.store.now();
    let period = insights::period(q.days.unwrap_or(30), now).ok_or_else(|| {
        AppError::with_param(
            Code::ParameterInvalid,
            format!("days must be 1 to {MAX_PERIOD_DAYS}"),
            "days",
        )
    })?;
    let livemode = state.payments.livemode();
    let insights = state
        .store
        .read(move |tx| store::insights::insights(tx, livemode, period))
        .await?;
    Ok(Json(insights))
}
