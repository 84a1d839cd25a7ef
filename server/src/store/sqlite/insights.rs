//! Insights' facts and queries on SQLite (the same SQL as on PostgreSQL).

use super::SqliteTx;
use crate::error::AppError;
use crate::store::insights::{flags, InsightsTx};
use checkout_core::insights::{
    CompletionFacts, CrossSellTotals, CurrencyTotals, DayTotals, OptionalItemTotals,
};
use rusqlite::params;

impl InsightsTx for SqliteTx<'_> {
    fn record_completion(&self, f: &CompletionFacts, completed: i64) -> Result<(), AppError> {
        let (offered, taken, upsell_added, cross_sells_added) = flags(f);
        self.0
            .prepare_cached(
                "INSERT INTO completions (session, completed, livemode, currency, amount_total,
                   upsell_offered, upsell_taken, upsell_added, cross_sells_added, promotion_discount)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                f.session,
                completed,
                i32::from(f.livemode),
                f.currency,
                f.amount_total,
                offered,
                taken,
                upsell_added,
                cross_sells_added,
                f.promotion_discount
            ])?;
        let mut insert = self.0.prepare_cached(
            "INSERT INTO completion_cross_sells (session, product, attached, added)
             VALUES (?1, ?2, ?3, ?4)",
        )?;
        for c in &f.cross_sells {
            insert.execute(params![
                f.session,
                c.product,
                i32::from(c.attached),
                c.added
            ])?;
        }
        let mut insert = self.0.prepare_cached(
            "INSERT INTO completion_optional_items (session, product, attached) VALUES (?1, ?2, ?3)",
        )?;
        for o in &f.optional_items {
            insert.execute(params![f.session, o.product, i32::from(o.attached)])?;
        }
        Ok(())
    }

    fn completion_totals(
        &self,
        livemode: bool,
        from: i64,
        to: i64,
    ) -> Result<Vec<CurrencyTotals>, AppError> {
        let mut stmt = self.0.prepare_cached(
            "SELECT currency, COUNT(*), CAST(SUM(amount_total) AS BIGINT),
               CAST(SUM(upsell_offered) AS BIGINT), CAST(SUM(upsell_taken) AS BIGINT),
               CAST(SUM(upsell_added) AS BIGINT), CAST(SUM(cross_sells_added) AS BIGINT),
               CAST(SUM(promotion_discount) AS BIGINT)
             FROM completions
             WHERE livemode = ?1 AND completed >= ?2 AND completed < ?3
             GROUP BY currency",
        )?;
        let rows = stmt.query_map(params![i32::from(livemode), from, to], |r| {
            Ok(CurrencyTotals {
                currency: r.get(0)?,
                completed: r.get(1)?,
                amount_total: r.get(2)?,
                upsell_offered: r.get(3)?,
                upsell_taken: r.get(4)?,
                upsell_added: r.get(5)?,
                cross_sells_added: r.get(6)?,
                promotion_discount: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn cross_sell_totals(
        &self,
        livemode: bool,
        from: i64,
        to: i64,
    ) -> Result<Vec<CrossSellTotals>, AppError> {
        let mut stmt = self.0.prepare_cached(
            "SELECT x.product, c.currency, COUNT(*), CAST(SUM(x.attached) AS BIGINT),
               CAST(SUM(x.added) AS BIGINT)
             FROM completion_cross_sells x JOIN completions c ON c.session = x.session
             WHERE c.livemode = ?1 AND c.completed >= ?2 AND c.completed < ?3
             GROUP BY x.product, c.currency",
        )?;
        let rows = stmt.query_map(params![i32::from(livemode), from, to], |r| {
            Ok(CrossSellTotals {
                product: r.get(0)?,
                currency: r.get(1)?,
                offered: r.get(2)?,
                attached: r.get(3)?,
                added: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn optional_item_totals(
        &self,
        livemode: bool,
        from: i64,
        to: i64,
    ) -> Result<Vec<OptionalItemTotals>, AppError> {
        let mut stmt = self.0.prepare_cached(
            "SELECT o.product, COUNT(*), CAST(SUM(o.attached) AS BIGINT)
             FROM completion_optional_items o JOIN completions c ON c.session = o.session
             WHERE c.livemode = ?1 AND c.completed >= ?2 AND c.completed < ?3
             GROUP BY o.product",
        )?;
        let rows = stmt.query_map(params![i32::from(livemode), from, to], |r| {
            Ok(OptionalItemTotals {
                product: r.get(0)?,
                offered: r.get(1)?,
                attached: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn completions_by_day(
        &self,
        livemode: bool,
        from: i64,
        to: i64,
    ) -> Result<Vec<DayTotals>, AppError> {
        let mut stmt = self.0.prepare_cached(
            "SELECT completed / 86400, currency, COUNT(*),
               CAST(SUM(upsell_added + cross_sells_added) AS BIGINT)
             FROM completions
             WHERE livemode = ?1 AND completed >= ?2 AND completed < ?3
             GROUP BY completed / 86400, currency
             ORDER BY 1, 2",
        )?;
        let rows = stmt.query_map(params![i32::from(livemode), from, to], |r| {
            Ok(DayTotals {
                day: r.get(0)?,
                currency: r.get(1)?,
                completed: r.get(2)?,
                added: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
