use crate::components::ActionButton;
use crate::i18n::Locale;
use checkout_core::view::Mode;
use leptos::prelude::*;

/// The last step: "Subscribe" (subscription mode) or "Pay" (payment mode). It goes
/// through the same update queue as every change, so it is locked while an update runs
/// and can never race one; the server confirms the cart version the buyer sees. In test
/// mode a "Test mode" badge says that no money moves.
#[component]
pub fn ConfirmButton(
    /// The session's mode: the label says what the buyer commits to.
    mode: Mode,
    /// False while payments run in test mode.
    livemode: bool,
    /// The buyer's locale (fixed while a cart is shown: a new locale draws a new cart).
    locale: Locale,
    /// True while an update runs.
    #[prop(into)]
    busy: Signal<bool>,
    /// Asked to confirm.
    on_confirm: Callback<()>,
) -> impl IntoView {
    let s = locale.strings();
    let label = match mode {
        Mode::Subscription => s.subscribe(),
        Mode::Payment => s.pay(),
    };
    let badge = (!livemode).then(|| {
        view! {
            <p class="cw-test-mode">
                <span class="cw-badge">{s.test_mode()}</span>
                " "
                <span class="cw-muted">{s.test_mode_note()}</span>
            </p>
        }
    });
    view! {
        <div class="cw-confirm">
            {badge}
            <ActionButton
                class="cw-button cw-confirm-button"
                name=label.to_string()
                text=label
                locked=busy
                on_press=on_confirm
            />
        </div>
    }
}
