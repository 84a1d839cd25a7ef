//! Insights (§7, docs/insights.md): the facts of each completed checkout, recorded in the
//! transaction that completes it, and the three queries that count and sum them over a
//! period. The same SQL runs on both backends (only the placeholders differ); the
//! definitions and the arithmetic on the sums live in `checkout_core::insights`.

use super::Tx;
use crate::error::AppError;
use checkout_core::insights::{
    CompletionFacts, CrossSellTotals, CurrencyTotals, DayTotals, Insights, OptionalItemTotals,
};

/// The Insights' part of a transaction.
pub trait InsightsTx {
    /// Records what a checkout completed at `completed` came to.
    fn record_completion(&self, facts: &CompletionFacts, completed: i64) -> Result<(), AppError>;
    /// Per currency: completions, amount due, upsells offered, taken and their revenue
    /// added, cross-sells' revenue added; over `[from, to)` in `livemode`.
    fn completion_totals(
        &self,
        livemode: bool,
        from: i64,
        to: i64,
    ) -> Result<Vec<CurrencyTotals>, AppError>;
    /// Per cross-sell product and currency: times offered, attached, revenue added.
    fn cross_sell_totals(
        &self,
        livemode: bool,
        from: i64,
        to: i64,
    ) -> Result<Vec<CrossSellTotals>, AppError>;
    /// Per optional item's product: times offered, added.
    fn optional_item_totals(
        &self,
        livemode: bool,
        from: i64,
        to: i64,
    ) -> Result<Vec<OptionalItemTotals>, AppError>;
    /// Per UTC day and currency: completions and revenue that upsells and cross-sells added.
    fn completions_by_day(
        &self,
        livemode: bool,
        from: i64,
        to: i64,
    ) -> Result<Vec<DayTotals>, AppError>;
}

/// The Insights of `[from, to)` in `livemode`, read in one snapshot, each cross-sell named
/// as the catalog names it now.
pub fn insights(tx: &dyn Tx, livemode: bool, (from, to): (i64, i64)) -> Result<Insights, AppError> {
    let mut insights = Insights::assemble(
        (from, to),
        livemode,
        tx.completion_totals(livemode, from, to)?,
        tx.cross_sell_totals(livemode, from, to)?,
        tx.optional_item_totals(livemode, from, to)?,
        tx.completions_by_day(livemode, from, to)?,
    );
    for c in &mut insights.cross_sells {
        if let Some(p) = tx.product(&c.product)? {
            c.name = p.name;
        }
    }
    for o in &mut insights.optional_items {
        if let Some(p) = tx.product(&o.product)? {
            o.name = p.name;
        }
    }
    Ok(insights)
}

/// The facts' flags and sums as the tables store them.
pub(super) fn flags(facts: &CompletionFacts) -> (i32, i32, i64, i64) {
    let upsell = facts.upsell.as_ref();
    (
        i32::from(upsell.is_some()),
        i32::from(upsell.is_some_and(|u| u.taken)),
        upsell.map_or(0, |u| u.added),
        facts.cross_sells.iter().map(|c| c.added).sum(),
    )
}
