use crate::api::ApiError;
use crate::i18n::Locale;
use leptos::prelude::*;

/// Tells the buyer, in their language, why the last update failed and that the cart
/// has not changed. Rendered only while there is an error, as a `role="alert"`.
#[component]
pub fn ErrorAlert(
    /// The failure to explain, if any.
    #[prop(into)]
    error: Signal<Option<ApiError>>,
    /// The buyer's locale.
    #[prop(into)]
    locale: Signal<Locale>,
) -> impl IntoView {
    move || {
        error.get().map(|e| {
            let s = locale.get().strings();
            view! {
                <div class="cw-alert" role="alert">
                    <span class="cw-alert-icon" aria-hidden="true">"!"</span>
                    <p>{s.error_message(&e)} " " {s.unchanged}</p>
                </div>
            }
        })
    }
}
