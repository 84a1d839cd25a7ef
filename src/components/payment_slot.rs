use crate::i18n::Locale;
use leptos::prelude::*;

/// In place of the confirm button while the session awaits the merchant's payment step
/// (`PAYMENTS=merchant`): the host element's light-DOM child with `slot="payment"`, where
/// the merchant's page mounts its provider's payment form on `checkout:confirm`, or
/// "Waiting for payment…" when the page gives none.
#[component]
pub fn PaymentSlot(
    /// The buyer's locale (fixed while a cart is shown: a new locale draws a new cart).
    locale: Locale,
) -> impl IntoView {
    view! {
        <div class="cw-payment">
            <slot name="payment">
                <p class="cw-waiting" role="status">
                    {locale.strings().waiting_for_payment()}
                </p>
            </slot>
        </div>
    }
}
