use crate::components::ActionButton;
use crate::i18n::Locale;
use leptos::prelude::*;

/// The buyer's promotion code (§11), on a session that allows one. Closed, a button "Add
/// promotion code"; open, a field "Promotion code" and a button "Apply" (Enter applies
/// too), with the reason of a refused code next to the field (`aria-invalid`,
/// `aria-describedby`); applied, the code and a button "Remove promotion code". The field
/// keeps what the buyer typed while the server answers, so a refused code can be fixed.
#[component]
pub fn PromotionCode(
    /// The code on the session, as the merchant wrote it (`None`: none applied).
    #[prop(into)]
    applied: Signal<Option<String>>,
    /// Why the last code the buyer tried was refused, in the buyer's language.
    #[prop(into)]
    refusal: Signal<Option<&'static str>>,
    /// The buyer's locale (fixed while a cart is shown: a new locale draws a new cart).
    locale: Locale,
    /// True while an update runs: presses do nothing.
    #[prop(into)]
    busy: Signal<bool>,
    /// Asked with the code the buyer typed.
    on_apply: Callback<String>,
    /// Asked to take the applied code off.
    on_remove: Callback<()>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let typed = RwSignal::new(String::new());
    let apply = move || {
        let code = typed.get_untracked().trim().to_string();
        if !code.is_empty() && !busy.get_untracked() {
            on_apply.run(code);
        }
    };
    let s = locale.strings();
    move || {
        match applied.get() {
        Some(code) => view! {
            <div class="cw-row cw-code">
                <span class="cw-badge">{code}</span>
                <ActionButton
                    class="cw-link"
                    name=s.remove_promotion_code().to_string()
                    text=s.remove_short()
                    locked=busy
                    on_press=Callback::new(move |()| {
                        // Taken off, the code's place shows "Add promotion code" again.
                        open.set(false);
                        typed.set(String::new());
                        on_remove.run(())
                    })
                />
            </div>
        }
        .into_any(),
        None if !open.get() => view! {
            <button type="button" class="cw-link cw-code" on:click=move |_| open.set(true)>
                {s.add_promotion_code()}
            </button>
        }
        .into_any(),
        None => view! {
            <form class="cw-field cw-code" on:submit=move |ev| { ev.prevent_default(); apply() }>
                <label class="cw-field-label" for="cw-code-input">{s.promotion_code()}</label>
                <div class="cw-row">
                    <input
                        id="cw-code-input"
                        class="cw-input"
                        autocomplete="off"
                        autocapitalize="characters"
                        spellcheck="false"
                        prop:value=move || typed.get()
                        aria-invalid=move || refusal.get().map(|_| "true")
                        aria-describedby=move || refusal.get().map(|_| "cw-code-error")
                        on:input=move |ev| typed.set(event_target_value(&ev))
                    />
                    <button type="submit" class="cw-button cw-secondary">{s.apply()}</button>
                </div>
                <p class="cw-field-error" id="cw-code-error">{move || refusal.get()}</p>
            </form>
        }
        .into_any(),
    }
    }
}
