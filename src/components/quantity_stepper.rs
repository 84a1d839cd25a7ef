use super::aria;
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
    /// True while an update runs: every control is disabled.
    #[prop(into)]
    busy: Signal<bool>,
    /// The buyer's locale.
    #[prop(into)]
    locale: Signal<Locale>,
    /// Asked with the quantity the buyer wants.
    on_change: Callback<u64>,
) -> impl IntoView {
    let n1 = name.clone();
    let n2 = name.clone();
    // `aria-disabled` rather than `disabled`: a control that locks while focused keeps the
    // keyboard focus, and the click handlers refuse while locked.
    let at_min = move || quantity.get() <= minimum;
    let at_max = move || quantity.get() >= maximum;
    view! {
        <div class="cw-stepper" role="group" aria-label=move || fill(locale.get().strings().quantity_of, &name)>
            <button
                type="button"
                class="cw-step"
                aria-label=move || fill(locale.get().strings().decrease, &n1)
                aria-disabled=move || aria(busy.get() || at_min())
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
                aria-label=move || fill(locale.get().strings().increase, &n2)
                aria-disabled=move || aria(busy.get() || at_max())
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
