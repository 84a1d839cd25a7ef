use super::disabled_if;
use crate::i18n::{fill, Locale};
use leptos::prelude::*;

/// A − / + stepper for an adjustable line item. Each press asks the server for the new
/// quantity; the buttons stop at the item's minimum and maximum.
#[component]
pub fn QuantityStepper(
    /// The product's name, for the buttons' accessible names.
    name: String,
    /// The current quantity (from the server).
    #[prop(into)]
    quantity: Signal<u64>,
    /// Lowest allowed quantity.
    minimum: u64,
    /// Highest allowed quantity.
    maximum: u64,
    /// True while an update runs: a press does nothing (the widget's root shows the lock).
    #[prop(into)]
    busy: Signal<bool>,
    /// The buyer's locale (fixed: a cart is drawn anew when it changes).
    locale: Locale,
    /// Asked with the quantity the buyer wants.
    on_change: Callback<u64>,
) -> impl IntoView {
    let s = locale.strings();
    // `aria-disabled` rather than `disabled`: a control that locks while focused keeps the
    // keyboard focus, and the click handlers refuse while locked. Only the limits are
    // this control's own; the update lock is inherited from the root.
    let at_min = move || quantity.get() <= minimum;
    let at_max = move || quantity.get() >= maximum;
    view! {
        <div class="cw-stepper" role="group" aria-label=fill(s.quantity_of(), &[("name", &name)])>
            <button
                type="button"
                class="cw-step"
                aria-label=fill(s.decrease(), &[("name", &name)])
                aria-disabled=move || disabled_if(at_min())
                on:click=move |_| {
                    let q = quantity.get_untracked();
                    if !busy.get_untracked() && q > minimum {
                        on_change.run(q - 1)
                    }
                }
            >
                "−"
            </button>
            <output class="cw-qty">{move || quantity.get()}</output>
            <button
                type="button"
                class="cw-step"
                aria-label=fill(s.increase(), &[("name", &name)])
                aria-disabled=move || disabled_if(at_max())
                on:click=move |_| {
                    let q = quantity.get_untracked();
                    if !busy.get_untracked() && q < maximum {
                        on_change.run(q + 1)
                    }
                }
            >
                "+"
            </button>
        </div>
    }
}
