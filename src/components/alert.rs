use crate::api::ApiError;
use crate::components::ActionButton;
use crate::i18n::Locale;
use leptos::prelude::*;

/// Tells the buyer, in their language, why the last update failed and that the cart
/// has not changed. Rendered only while there is an error, as a `role="alert"`. When the
/// server may not have seen the change (no answer, a server failure), it offers "Try
/// again", which sends the same change with the same `Idempotency-Key`.
#[component]
pub fn ErrorAlert(
    /// The failure to explain, if any.
    #[prop(into)]
    error: Signal<Option<ApiError>>,
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
        error.get().map(|e| {
            let s = locale.get().strings();
            let again = (retry.get() && on_retry.is_some()).then(|| {
                let on_press = on_retry.unwrap_or_else(|| Callback::new(|()| ()));
                view! {
                    <ActionButton
                        class="cw-link"
                        name=Signal::derive(move || locale.get().strings().try_again.to_string())
                        text=Signal::derive(move || locale.get().strings().try_again)
                        locked=busy
                        on_press=on_press
                    />
                }
            });
            view! {
                <div class="cw-alert" role="alert">
                    <span class="cw-alert-icon" aria-hidden="true">"!"</span>
                    <p>{s.error_message(&e)} " " {s.unchanged}</p>
                    {again}
                </div>
            }
        })
    }
}
