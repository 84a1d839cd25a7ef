use crate::i18n::Locale;
use leptos::prelude::*;

/// The buyer's email ("Email"), asked before the confirm button unless the merchant
/// passed `customer_email`: `type=email`, `autocomplete=email`, so browsers and
/// password managers fill it. The field keeps what the buyer types (it is not
/// re-rendered while the checkout is shown). The engine checks it at confirm; a refusal
/// marks the field `aria-invalid` and the alert says why.
#[component]
pub fn EmailField(
    /// True when the last confirm was refused for the email.
    #[prop(into)]
    invalid: Signal<bool>,
    /// The buyer's locale (fixed while a cart is shown: a new locale draws a new cart).
    locale: Locale,
    /// Called with the field's text on every input.
    on_input: Callback<String>,
) -> impl IntoView {
    view! {
        <label class="cw-field">
            <span class="cw-field-label">{locale.strings().email()}</span>
            <input
                class="cw-input"
                type="email"
                autocomplete="email"
                aria-invalid=move || invalid.get().then_some("true")
                on:input=move |ev| on_input.run(event_target_value(&ev))
            />
        </label>
    }
}
