//! Every amount of a session: line subtotals, discounts, what is due today, the recurring total.

use super::*;

/// Every amount of a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Totals {
    /// Per line item: (subtotal, discount).
    pub lines: Vec<(i64, i64)>,
    pub amount_subtotal: i64,
    pub amount_discount: i64,
    pub amount_total: i64,
    pub recurring: Option<RecurringTotal>,
}

/// Computes the amounts: line subtotals for one cycle (or once); what is due today (with a
/// trial, recurring items are due later and one-time items today); the coupon's discount
/// on what is due today; and the recurring amount per cycle before discounts.
pub fn totals(session: &Session, catalog: &dyn Catalog) -> Result<Totals, Error> {
    let trial =
        session.mode == Mode::Subscription && session.trial_period_days.is_some_and(|d| d > 0);
    let mut lines = Vec::with_capacity(session.line_items.len());
    let mut due_today = Vec::with_capacity(session.line_items.len());
    let mut recurring: Option<RecurringTotal> = None;
    for li in &session.line_items {
        let price = catalog.price(&li.price)?.ok_or_else(|| {
            RuleError::new(
                Code::ResourceMissing,
                format!("no such price: {}", li.price),
            )
        })?;
        let subtotal = price_amount(&price, li.quantity)?;
        if let Some(r) = price.recurring {
            let total = recurring.get_or_insert(RecurringTotal {
                interval: r.interval,
                interval_count: r.interval_count,
                amount: 0,
            });
            total.amount = money::add(total.amount, subtotal)?;
        }
        due_today.push(!(trial && price.is_recurring()));
        lines.push((subtotal, 0_i64));
    }
    let amount_subtotal = money::sum(
        lines
            .iter()
            .zip(&due_today)
            .filter(|(_, d)| **d)
            .map(|(l, _)| l.0),
    )?;
    let coupon = match session.discounts.first() {
        Some(c) => catalog.coupon(c)?,
        None => None,
    };
    if let Some(coupon) = coupon {
        if let Some(hundredths) = coupon.percent_off_hundredths() {
            for (line, due) in lines.iter_mut().zip(&due_today) {
                if *due {
                    line.1 = money::mul_div_round(line.0, hundredths, 10_000)?;
                }
            }
        } else if let Some(off) = coupon.amount_off {
            let applied = off.min(amount_subtotal);
            let mut left = applied;
            for (line, due) in lines.iter_mut().zip(&due_today) {
                if *due && amount_subtotal > 0 {
                    line.1 = (i128::from(applied) * i128::from(line.0)
                        / i128::from(amount_subtotal)) as i64;
                    left -= line.1;
                }
            }
            // Rounding remainder goes to the first lines with room for it.
            for (line, due) in lines.iter_mut().zip(&due_today) {
                if left == 0 {
                    break;
                }
                if *due {
                    let room = (line.0 - line.1).min(left);
                    line.1 += room;
                    left -= room;
                }
            }
        }
    }
    let amount_discount = money::sum(lines.iter().map(|l| l.1))?;
    let amount_total = money::sub(amount_subtotal, amount_discount)?;
    Ok(Totals {
        lines,
        amount_subtotal,
        amount_discount,
        amount_total,
        recurring,
    })
}
