use super::aria;
use crate::format;
use crate::i18n::{fill, Locale};
use checkout_core::view::ClientUpsell;
use leptos::prelude::*;

/// The monthly → yearly switch (`role="switch"`, `aria-checked`) with its stable
/// accessible name ("Save with a yearly subscription") and, beside it, the savings
/// label chosen by the §3.2 display rule ("Save $200" or "Save 16%").
#[component]
pub fn UpsellSwitch(
    /// The session's upsell offer.
    #[prop(into)]
    upsell: Signal<ClientUpsell>,
    /// The session's currency.
    #[prop(into)]
    currency: Signal<String>,
    /// The buyer's locale (fixed while a cart is shown: a new locale draws a new cart).
    locale: Locale,
    /// True while an update runs: a press does nothing (the widget's root shows the lock).
    #[prop(into)]
    busy: Signal<bool>,
    /// Asked with the state the buyer wants (`true`: the upsell price).
    on_toggle: Callback<bool>,
) -> impl IntoView {
    let selected = move || upsell.with(|u| u.selected);
    let locale = StoredValue::new(locale);
    let name = move || {
        let interval = upsell.with(|u| u.price.recurring.map(|r| r.interval));
        interval
            .map(|i| locale.with_value(|l| l.upsell_name(i)))
            .unwrap_or_default()
    };
    let savings = move || {
        let s = upsell.with(|u| u.savings)?;
        let text = locale.with_value(|l| {
            let figure = format::savings_figure(s.amount, s.percent, &currency.get(), &l.tag);
            fill(l.strings().save_amount(), &[("amount", &figure)])
        });
        Some(view! { <span class="cw-badge" id="cw-upsell-savings">{text}</span> })
    };
    view! {
        <div class="cw-upsell" class:cw-on=selected>
            <button
                type="button"
                role="switch"
                id="cw-upsell"
                class="cw-switch"
                aria-checked=move || aria(selected())
                aria-labelledby="cw-upsell-name"
                on:click=move |_| {
                    if !busy.get_untracked() {
                        on_toggle.run(!upsell.with_untracked(|u| u.selected))
                    }
                }
            >
                <span class="cw-thumb" aria-hidden="true"></span>
            </button>
            <label class="cw-upsell-name" id="cw-upsell-name" for="cw-upsell">{name}</label>
            {savings}
        </div>
    }
}
