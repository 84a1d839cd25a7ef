use crate::components::ActionButton;
use crate::i18n::Locale;
use leptos::prelude::*;

/// Tells the buyer, in their language, why the last update failed and that the cart
/// has not changed, or why the merchant's payment step did not go through. Rendered only
/// while there is something to say, as a `role="alert"`. When the server may not have
/// seen the change (no answer, a server failure), it offers "Try again", which sends the
/// same change with the same `Idempotency-Key`.
#[component]
pub fn ErrorAlert(
    /// What to tell the buyer, if anything.
    #[prop(into)]
    text: Signal<Option<String>>,
    /// The buyer's locale.
    #[prop(into)]
    locale: Signal<Locale>,
    /// Offer "Try again" (the failure was not a refusal).
    #[prop(into, optional)]
    retry: Signal<bool>,
    /// True while an update runs: "Try again" is locked like every control.
    #[prop(into, optional)]
    busy: Signal<bool>,
    /// Asked to send the failed change again.
    #[prop(optional)]
    on_retry: Option<Callback<()>>,
) -> impl IntoView {
    move || {
        text.get().map(|text| {
            let again = (retry.get() && on_retry.is_some()).then(|| {
                let on_press = on_retry.unwrap_or_else(|| Callback::new(|()| ()));
                let label = locale.get().strings().try_again();
                view! {
                    <ActionButton
                        class="cw-link"
                        name=label.to_string()
                        text=label
                        locked=busy
                        on_press=on_press
                    />
                }
            });
            view! {
                <div class="cw-alert" role="alert">
                    <span class="cw-alert-icon" aria-hidden="true">"!"</span>
                    <p>{text}</p>
                    {again}
                </div>
            }
        })
    }
}
