use super::bar_chart::{Bar, BarChart};
use crate::api;
use crate::format;
use crate::strings::{fill, fill2, t};
use checkout_core::insights::{Amount, Insights};
use leptos::prelude::*;

/// The periods a merchant chooses from, in days.
fn periods() -> [(i64, &'static str); 4] {
    let s = t();
    [
        (7, s.last_7_days),
        (30, s.last_30_days),
        (90, s.last_90_days),
        (365, s.last_12_months),
    ]
}

/// "2026-11-30" for a day number (days since 1970-01-01, UTC).
fn day_label(day: i64) -> String {
    let ms = (day * checkout_core::insights::DAY_SECS * 1000) as f64;
    let iso: String = js_sys::Date::new(&ms.into()).to_iso_string().into();
    iso.chars().take(10).collect()
}

/// Amounts in several currencies, largest first ("$900.00 · €12.00"), or "$0.00"-like "0".
fn amounts(list: &[Amount]) -> String {
    let shown: Vec<String> = list
        .iter()
        .filter(|a| a.amount != 0)
        .map(|a| format::money(a.amount, &a.currency))
        .collect();
    if shown.is_empty() {
        "0".into()
    } else {
        shown.join(" · ")
    }
}

/// Insights (§7, docs/insights.md): for a chosen period (default the last 30 days),
/// checkouts completed, the upsell take rate, each cross-sell's attach rate, the revenue
/// due today that upsells and cross-sells added, and charts of them per day.
#[component]
pub fn InsightsPage() -> impl IntoView {
    let (days, set_days) = signal(30_i64);
    let insights = LocalResource::new(move || {
        let days = days.get();
        async move { api::get::<Insights>(&format!("/insights?days={days}")).await }
    });
    let period_name = move || {
        periods()
            .iter()
            .find(|p| p.0 == days.get())
            .map_or("", |p| p.1)
            .to_lowercase()
    };
    view! {
        <h1>{t().insights}</h1>
        <label for="insights-period">{t().period}</label>
        <select id="insights-period"
            on:change=move |ev| set_days.set(event_target_value(&ev).parse().unwrap_or(30))>
            {periods().iter().map(|(d, name)| view! {
                <option value=d.to_string() selected=*d == 30>{*name}</option>
            }).collect_view()}
        </select>
        {move || match insights.get() {
            None => view! { <p class="muted">{t().loading}</p> }.into_any(),
            Some(Err(e)) => view! { <p role="alert" class="error">{e.message}</p> }.into_any(),
            Some(Ok(i)) => view! { <InsightsView insights=i period=period_name()/> }.into_any(),
        }}
    }
}

/// The figures and charts of one period.
#[component]
fn InsightsView(insights: Insights, period: String) -> impl IntoView {
    let take = insights.upsell_take_rate;
    let upsells: Vec<Amount> = insights
        .revenue
        .iter()
        .map(|r| Amount {
            currency: r.currency.clone(),
            amount: r.upsells,
        })
        .collect();
    let cross_sells: Vec<Amount> = insights
        .revenue
        .iter()
        .map(|r| Amount {
            currency: r.currency.clone(),
            amount: r.cross_sells,
        })
        .collect();
    let promotion_discounts: Vec<Amount> = insights
        .revenue
        .iter()
        .filter(|r| r.promotion_discounts > 0)
        .map(|r| Amount {
            currency: r.currency.clone(),
            amount: r.promotion_discounts,
        })
        .collect();
    let optional = (!insights.optional_items.is_empty()).then(|| {
        view! {
            <section aria-labelledby="insights-optional-items">
                <h2 id="insights-optional-items">{t().optional_item_attach_rates}</h2>
                <table>
                    <thead><tr>
                        <th scope="col">{t().optional_item}</th><th scope="col">{t().attach_rate}</th>
                        <th scope="col">{t().attached_offered}</th>
                    </tr></thead>
                    <tbody>
                        {insights.optional_items.iter().map(|o| view! {
                            <tr>
                                <th scope="row">{o.name.clone()}</th>
                                <td>{o.attach_rate.percent_text()}</td>
                                <td>{format!("{} / {}", o.attach_rate.count, o.attach_rate.of)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
        }
    });
    let completed_bars: Vec<Bar> = insights
        .days
        .iter()
        .map(|d| Bar {
            label: day_label(d.day),
            value: d.completed,
            text: d.completed.to_string(),
        })
        .collect();
    let currencies: Vec<String> = insights
        .revenue
        .iter()
        .map(|r| r.currency.clone())
        .collect();
    let revenue_charts = currencies
        .into_iter()
        .map(|currency| {
            let bars: Vec<Bar> = insights
                .days
                .iter()
                .map(|d| {
                    let amount = d
                        .added
                        .iter()
                        .find(|a| a.currency == currency)
                        .map_or(0, |a| a.amount);
                    Bar {
                        label: day_label(d.day),
                        value: amount,
                        text: format::money(amount, &currency),
                    }
                })
                .collect();
            let label = fill2(t().revenue_per_day, currency.to_uppercase(), &period);
            view! { <BarChart label=label bars=bars/> }
        })
        .collect_view();
    view! {
        <section aria-labelledby="insights-summary">
            <h2 id="insights-summary">{t().summary}</h2>
            <dl class="figures">
                <div><dt>{t().checkouts_completed}</dt><dd>{insights.completed}</dd></div>
                <div>
                    <dt>{t().upsell_take_rate}</dt>
                    <dd>{take.percent_text()}</dd>
                    <dd class="muted">{fill2(t().offered_of, take.count, take.of)}</dd>
                </div>
                <div><dt>{t().revenue_added_by_upsells}</dt><dd>{amounts(&upsells)}</dd></div>
                <div><dt>{t().revenue_added_by_cross_sells}</dt><dd>{amounts(&cross_sells)}</dd></div>
                {(!promotion_discounts.is_empty()).then(|| view! {
                    <div><dt>{t().promotion_code_discounts}</dt><dd>{amounts(&promotion_discounts)}</dd></div>
                })}
            </dl>
        </section>
        <section aria-labelledby="insights-cross-sells">
            <h2 id="insights-cross-sells">{t().cross_sell_attach_rates}</h2>
            {if insights.cross_sells.is_empty() {
                view! { <p>{t().no_cross_sell_offered}</p> }.into_any()
            } else {
                view! {
                    <table>
                        <thead><tr>
                            <th scope="col">{t().cross_sell}</th><th scope="col">{t().attach_rate}</th>
                            <th scope="col">{t().attached_offered}</th><th scope="col">{t().revenue_added}</th>
                        </tr></thead>
                        <tbody>
                            {insights.cross_sells.iter().map(|c| view! {
                                <tr>
                                    <th scope="row">{c.name.clone()}</th>
                                    <td>{c.attach_rate.percent_text()}</td>
                                    <td>{format!("{} / {}", c.attach_rate.count, c.attach_rate.of)}</td>
                                    <td>{amounts(&c.added)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
        {optional}
        <section aria-labelledby="insights-over-time">
            <h2 id="insights-over-time">{t().over_time}</h2>
            <BarChart label=fill(t().checkouts_per_day, &period) bars=completed_bars/>
            {revenue_charts}
        </section>
        <p class="muted">{t().insights_footnote}</p>
    }
}
