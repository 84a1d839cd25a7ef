//! Insights' facts and queries on PostgreSQL (the same SQL as on SQLite).

use super::PgTx;
use crate::error::AppError;
use crate::store::insights::{flags, InsightsTx};
use checkout_core::insights::{
    CompletionFacts, CrossSellTotals, CurrencyTotals, DayTotals, OptionalItemTotals,
};

impl InsightsTx for PgTx<'_> {
    fn record_completion(&self, f: &CompletionFacts, completed: i64) -> Result<(), AppError> {
        let (offered, taken, upsell_added, cross_sells_added) = flags(f);
        self.execute(
            "INSERT INTO completions (session, completed, livemode, currency, amount_total,
               upsell_offered, upsell_taken, upsell_added, cross_sells_added, promotion_discount)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            &[
                &f.session,
                &completed,
                &i32::from(f.livemode),
                &f.currency,
                &f.amount_total,
                &offered,
                &taken,
                &upsell_added,
                &cross_sells_added,
                &f.promotion_discount,
            ],
        )?;
        for c in &f.cross_sells {
            self.execute(
                "INSERT INTO completion_cross_sells (session, product, attached, added)
                 VALUES ($1, $2, $3, $4)",
                &[&f.session, &c.product, &i32::from(c.attached), &c.added],
            )?;
        }
        for o in &f.optional_items {
            self.execute(
                "INSERT INTO completion_optional_items (session, product, attached) VALUES ($1, $2, $3)",
                &[&f.session, &o.product, &i32::from(o.attached)],
            )?;
        }
        Ok(())
    }

    fn completion_totals(
        &self,
        livemode: bool,
        from: i64,
        to: i64,
    ) -> Result<Vec<CurrencyTotals>, AppError> {
        self.query(
            "SELECT currency, COUNT(*), CAST(SUM(amount_total) AS BIGINT),
               CAST(SUM(upsell_offered) AS BIGINT), CAST(SUM(upsell_taken) AS BIGINT),
               CAST(SUM(upsell_added) AS BIGINT), CAST(SUM(cross_sells_added) AS BIGINT),
               CAST(SUM(promotion_discount) AS BIGINT)
             FROM completions
             WHERE livemode = $1 AND completed >= $2 AND completed < $3
             GROUP BY currency",
            &[&i32::from(livemode), &from, &to],
        )?
        .iter()
        .map(|r| {
            Ok(CurrencyTotals {
                currency: r.try_get(0)?,
                completed: r.try_get(1)?,
                amount_total: r.try_get(2)?,
                upsell_offered: r.try_get(3)?,
                upsell_taken: r.try_get(4)?,
                upsell_added: r.try_get(5)?,
                cross_sells_added: r.try_get(6)?,
                promotion_discount: r.try_get(7)?,
            })
        })
        .collect()
    }

    fn cross_sell_totals(
        &self,
        livemode: bool,
        from: i64,
        to: i64,
    ) -> Result<Vec<CrossSellTotals>, AppError> {
        self.query(
            "SELECT x.product, c.currency, COUNT(*), CAST(SUM(x.attached) AS BIGINT),
               CAST(SUM(x.added) AS BIGINT)
             FROM completion_cross_sells x JOIN completions c ON c.session = x.session
             WHERE c.livemode = $1 AND c.completed >= $2 AND c.completed < $3
             GROUP BY x.product, c.currency",
            &[&i32::from(livemode), &from, &to],
        )?
        .iter()
        .map(|r| {
            Ok(CrossSellTotals {
                product: r.try_get(0)?,
                currency: r.try_get(1)?,
                offered: r.try_get(2)?,
                attached: r.try_get(3)?,
                added: r.try_get(4)?,
            })
        })
        .collect()
    }

    fn optional_item_totals(
        &self,
        livemode: bool,
        from: i64,
        to: i64,
    ) -> Result<Vec<OptionalItemTotals>, AppError> {
        self.query(
            "SELECT o.product, COUNT(*), CAST(SUM(o.attached) AS BIGINT)
             FROM completion_optional_items o JOIN completions c ON c.session = o.session
             WHERE c.livemode = $1 AND c.completed >= $2 AND c.completed < $3
             GROUP BY o.product",
            &[&i32::from(livemode), &from, &to],
        )?
        .iter()
        .map(|r| {
            Ok(OptionalItemTotals {
                product: r.try_get(0)?,
                offered: r.try_get(1)?,
                attached: r.try_get(2)?,
            })
        })
        .collect()
    }

    fn completions_by_day(
        &self,
        livemode: bool,
        from: i64,
        to: i64,
    ) -> Result<Vec<DayTotals>, AppError> {
        self.query(
            "SELECT completed / 86400, currency, COUNT(*),
               CAST(SUM(upsell_added + cross_sells_added) AS BIGINT)
             FROM completions
             WHERE livemode = $1 AND completed >= $2 AND completed < $3
             GROUP BY completed / 86400, currency
             ORDER BY 1, 2",
            &[&i32::from(livemode), &from, &to],
        )?
        .iter()
        .map(|r| {
            Ok(DayTotals {
                day: r.try_get(0)?,
                currency: r.try_get(1)?,
                completed: r.try_get(2)?,
                added: r.try_get(3)?,
            })
        })
        .collect()
    }
}
