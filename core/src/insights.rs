//! What the merchant's Insights count (§7), defined once here and documented in
//! docs/insights.md.
//!
//! When a session completes, [`completion_facts`] records what its checkout came to: the
//! amount due today, whether the upsell was offered and taken, which cross-sells were
//! offered and which attached, and the revenue due today that each of them added. The
//! store keeps these facts beside the session; the Insights queries only count and sum
//! them over a period, and [`Insights::assemble`] turns the sums into rates and a daily
//! series. So a rule's change never rewrites history, and both backends answer the same.

use crate::error::Error;
use crate::money;
use crate::session::{cross_sells, optional_items, totals, upsell_state, Catalog, Session};
use crate::view::LineItemSource;
use serde::{Deserialize, Serialize};

/// Seconds in a day: the series' buckets are UTC days (`completed / 86400`).
pub const DAY_SECS: i64 = 86_400;
/// The longest period Insights answers for, in days.
pub const MAX_PERIOD_DAYS: i64 = 366;

/// What one completed checkout tells Insights.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompletionFacts {
    pub session: String,
    pub livemode: bool,
    pub currency: String,
    /// What was due today, after discounts (minor units).
    pub amount_total: i64,
    /// `Some` when the buyer was offered the upsell at completion.
    pub upsell: Option<UpsellFact>,
    /// Every cross-sell shown at completion, attached or not.
    pub cross_sells: Vec<CrossSellFact>,
    /// The discount due today granted through a promotion code (0 without one).
    pub promotion_discount: i64,
    /// Every optional item the session offered (§11), by product, added or not.
    pub optional_items: Vec<OptionalItemFact>,
}

/// One optional item offered in a completed checkout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionalItemFact {
    pub product: String,
    /// Completed with it on the cart.
    pub attached: bool,
}

/// The upsell of one completed checkout that was offered it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpsellFact {
    /// Completed with the upsell selected.
    pub taken: bool,
    /// Revenue due today the upsell added: what was due minus what would have been due with
    /// the original price (0 when not taken; also 0 under a trial, when neither is due
    /// today).
    pub added: i64,
}

/// One cross-sell offered in a completed checkout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrossSellFact {
    pub product: String,
    /// Completed with it on the cart.
    pub attached: bool,
    /// Revenue due today it added: what was due minus what would have been due without it
    /// (after the coupon; 0 when not attached).
    pub added: i64,
}

/// The facts of `session` (open, about to complete) as the buyer confirms it.
pub fn completion_facts(
    session: &Session,
    catalog: &dyn Catalog,
) -> Result<CompletionFacts, Error> {
    let today = totals(session, catalog)?;
    let due = today.amount_total;
    let due_without = |s: &Session| -> Result<i64, Error> {
        Ok(money::sub(due, totals(s, catalog)?.amount_total)?)
    };
    let upsell = match upsell_state(session, catalog)? {
        None => None,
        Some(state) if !state.selected => Some(UpsellFact {
            taken: false,
            added: 0,
        }),
        Some(state) => {
            let mut without = session.clone();
            let li = &mut without.line_items[state.line_item];
            li.price = state.original.id;
            li.upsell_of = None;
            Some(UpsellFact {
                taken: true,
                added: due_without(&without)?,
            })
        }
    };
    let mut facts = vec![];
    for offer in cross_sells(session, catalog)? {
        let line = session.line_items.iter().position(|li| {
            li.source == LineItemSource::CrossSell && offer.added && li.price == offer.price.id
        });
        let added = match line {
            Some(index) => {
                let mut without = session.clone();
                without.line_items.remove(index);
                due_without(&without)?
            }
            None => 0,
        };
        facts.push(CrossSellFact {
            product: offer.product.id,
            attached: line.is_some(),
            added,
        });
    }
    let promotion_discount = match session.promotion_code {
        Some(_) => today.amount_discount,
        None => 0,
    };
    let optional = optional_items(session, catalog)?
        .into_iter()
        .map(|o| OptionalItemFact {
            product: o.product.id,
            attached: o.added,
        })
        .collect();
    Ok(CompletionFacts {
        session: session.id.clone(),
        livemode: session.livemode,
        currency: session.currency.clone(),
        amount_total: due,
        upsell,
        cross_sells: facts,
        promotion_discount,
        optional_items: optional,
    })
}

/// Sums over the completions of a period in one currency (one row of the first query).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CurrencyTotals {
    pub currency: String,
    pub completed: i64,
    pub amount_total: i64,
    pub upsell_offered: i64,
    pub upsell_taken: i64,
    pub upsell_added: i64,
    pub cross_sells_added: i64,
    pub promotion_discount: i64,
}

/// Sums for one optional item's product over a period: times offered, added.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OptionalItemTotals {
    pub product: String,
    pub offered: i64,
    pub attached: i64,
}

/// Sums for one cross-sell product in one currency over a period.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CrossSellTotals {
    pub product: String,
    pub currency: String,
    pub offered: i64,
    pub attached: i64,
    pub added: i64,
}

/// Sums for one UTC day in one currency.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DayTotals {
    /// Days since 1970-01-01 (UTC).
    pub day: i64,
    pub currency: String,
    pub completed: i64,
    pub added: i64,
}

/// A rate: how many of `of` did it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rate {
    pub count: i64,
    pub of: i64,
}

impl Rate {
    /// The rate in tenths of a percent, rounded half up; `None` when nothing was offered.
    pub fn per_mille(self) -> Option<i64> {
        (self.of > 0).then(|| (self.count * 2000 + self.of) / (2 * self.of))
    }

    /// "42.9%", or "—" when nothing was offered.
    pub fn percent_text(self) -> String {
        match self.per_mille() {
            Some(m) => format!("{}.{}%", m / 10, m % 10),
            None => "—".into(),
        }
    }
}

/// An amount of money in one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Amount {
    pub currency: String,
    pub amount: i64,
}

/// Revenue due today in one currency: all of it, what upsells and cross-sells added, and
/// the discounts granted through promotion codes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revenue {
    pub currency: String,
    pub total: i64,
    pub upsells: i64,
    pub cross_sells: i64,
    #[serde(default)]
    pub promotion_discounts: i64,
}

/// One optional item's attach rate (§11): completed checkouts that added it, of those
/// that offered it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptionalItemInsight {
    pub product: String,
    /// The product's name (filled in from the catalog by the server).
    pub name: String,
    pub attach_rate: Rate,
}

/// One cross-sell's attach rate and what it added, per currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrossSellInsight {
    pub product: String,
    /// The product's name (filled in from the catalog by the server).
    pub name: String,
    pub attach_rate: Rate,
    pub added: Vec<Amount>,
}

/// One day of the series: checkouts completed, and revenue added per currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Day {
    /// Days since 1970-01-01 (UTC).
    pub day: i64,
    pub completed: i64,
    pub added: Vec<Amount>,
}

/// The Insights of a period `[from, to)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Insights {
    pub from: i64,
    pub to: i64,
    pub livemode: bool,
    pub completed: i64,
    pub upsell_take_rate: Rate,
    pub cross_sells: Vec<CrossSellInsight>,
    /// Each optional item's attach rate, most offered first.
    #[serde(default)]
    pub optional_items: Vec<OptionalItemInsight>,
    /// Per currency, largest total first.
    pub revenue: Vec<Revenue>,
    /// Every UTC day the period touches, oldest first, days without checkouts included.
    pub days: Vec<Day>,
}

/// The period of the last `days` days up to and including `now` (unix seconds):
/// `[from, to)` with `to = now + 1` and `from = to - days·86400`. Refuses fewer than 1 or
/// more than [`MAX_PERIOD_DAYS`].
pub fn period(days: i64, now: i64) -> Option<(i64, i64)> {
    (1..=MAX_PERIOD_DAYS)
        .contains(&days)
        .then(|| (now + 1 - days * DAY_SECS, now + 1))
}

fn push_amount(list: &mut Vec<Amount>, currency: &str, amount: i64) {
    match list.iter_mut().find(|a| a.currency == currency) {
        Some(a) => a.amount += amount,
        None => list.push(Amount {
            currency: currency.into(),
            amount,
        }),
    }
}

impl Insights {
    /// Turns the three queries' rows into the Insights of `[from, to)`.
    pub fn assemble(
        (from, to): (i64, i64),
        livemode: bool,
        currencies: Vec<CurrencyTotals>,
        cross_sells: Vec<CrossSellTotals>,
        optional: Vec<OptionalItemTotals>,
        days: Vec<DayTotals>,
    ) -> Insights {
        let mut take = Rate { count: 0, of: 0 };
        let mut completed = 0;
        let mut revenue: Vec<Revenue> = currencies
            .iter()
            .map(|c| {
                completed += c.completed;
                take.count += c.upsell_taken;
                take.of += c.upsell_offered;
                Revenue {
                    currency: c.currency.clone(),
                    total: c.amount_total,
                    upsells: c.upsell_added,
                    cross_sells: c.cross_sells_added,
                    promotion_discounts: c.promotion_discount,
                }
            })
            .collect();
        revenue.sort_by(|a, b| b.total.cmp(&a.total).then(a.currency.cmp(&b.currency)));
        let mut products: Vec<CrossSellInsight> = vec![];
        for row in cross_sells {
            let i = match products.iter().position(|p| p.product == row.product) {
                Some(i) => i,
                None => {
                    products.push(CrossSellInsight {
                        product: row.product.clone(),
                        name: row.product.clone(),
                        attach_rate: Rate { count: 0, of: 0 },
                        added: vec![],
                    });
                    products.len() - 1
                }
            };
            let p = &mut products[i];
            p.attach_rate.count += row.attached;
            p.attach_rate.of += row.offered;
            push_amount(&mut p.added, &row.currency, row.added);
        }
        products.sort_by(|a, b| {
            b.attach_rate
                .of
                .cmp(&a.attach_rate.of)
                .then(a.product.cmp(&b.product))
        });
        let mut optional_items: Vec<OptionalItemInsight> = optional
            .into_iter()
            .map(|row| OptionalItemInsight {
                name: row.product.clone(),
                product: row.product,
                attach_rate: Rate {
                    count: row.attached,
                    of: row.offered,
                },
            })
            .collect();
        optional_items.sort_by(|a, b| {
            b.attach_rate
                .of
                .cmp(&a.attach_rate.of)
                .then(a.product.cmp(&b.product))
        });
        let first = from.div_euclid(DAY_SECS);
        let last = (to - 1).div_euclid(DAY_SECS);
        let mut series: Vec<Day> = (first..=last)
            .map(|day| Day {
                day,
                completed: 0,
                added: vec![],
            })
            .collect();
        for row in days {
            if let Some(d) = series.get_mut((row.day - first) as usize) {
                d.completed += row.completed;
                push_amount(&mut d.added, &row.currency, row.added);
            }
        }
        Insights {
            from,
            to,
            livemode,
            completed,
            upsell_take_rate: take,
            cross_sells: products,
            optional_items,
            revenue,
            days: series,
        }
    }
}

#[cfg(test)]
mod tests;
