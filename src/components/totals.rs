use crate::format;
use crate::i18n::Locale;
use checkout_core::view::ClientSession;
use leptos::prelude::*;
use std::sync::Arc;

/// Subtotal, discount (with the coupon's name and duration), the trial, the total due
/// today in a polite live region, and what each later cycle costs.
#[component]
pub fn Totals(
    /// The session to sum up.
    #[prop(into)]
    session: Signal<Arc<ClientSession>>,
    /// The buyer's locale (fixed while a cart is shown: a new locale draws a new cart).
    locale: Locale,
) -> impl IntoView {
    let s = locale.strings();
    let locale = StoredValue::new(locale);
    let money = move |amount: i64| {
        session.with(|s| locale.with_value(|l| format::money(amount, &s.currency, &l.tag, false)))
    };
    let discount = move || {
        let (amount, coupon) = session.with(|s| {
            (
                s.total_details.amount_discount,
                s.discounts.first().map(|d| d.coupon.clone()),
            )
        });
        let coupon = coupon?;
        let mut label = s.discount().to_string();
        if let Some(name) = &coupon.name {
            label = format!("{label} · {name}");
        }
        let duration =
            locale.with_value(|l| l.coupon_duration(coupon.duration, coupon.duration_in_months));
        Some(view! {
            <div class="cw-row">
                <dt>{label} <span class="cw-muted">" (" {duration} ")"</span></dt>
                <dd>"−" {money(amount)}</dd>
            </div>
        })
    };
    let trial = move || {
        let days = session.with(|s| s.subscription_data.trial_period_days)?;
        let text = locale.with_value(|l| l.plural(l.strings().trial(), days.into(), ""));
        Some(view! { <p class="cw-trial">{text}</p> })
    };
    let recurring = move || {
        let r = session.with(|s| s.recurring)?;
        let text = locale.with_value(|l| l.then(&money(r.amount), r.interval, r.interval_count));
        Some(view! { <p class="cw-recurring">{text}</p> })
    };
    view! {
        <div class="cw-totals">
            {trial}
            <dl>
                <div class="cw-row">
                    <dt>{s.subtotal()}</dt>
                    <dd>{move || money(session.with(|s| s.amount_subtotal))}</dd>
                </div>
                {discount}
            </dl>
            <div
                class="cw-due"
                role="status"
                aria-live="polite"
                aria-atomic="true"
                aria-label=s.total_due_today()
            >
                <dl>
                    <div class="cw-row cw-total">
                        <dt>{s.total_due_today()}</dt>
                        <dd>{move || money(session.with(|s| s.amount_total))}</dd>
                    </div>
                </dl>
                {recurring}
            </div>
        </div>
    }
}
