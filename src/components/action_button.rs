use leptos::prelude::*;

/// A button that sends one intent; a press while an update runs does nothing. It shows
/// the lock through the widget root's `aria-disabled` (see `Checkout`), so it keeps
/// keyboard focus.
#[component]
pub fn ActionButton(
    /// CSS class of the button.
    class: &'static str,
    /// The accessible name ("Add Professional Services: Deployment").
    #[prop(into)]
    name: Signal<String>,
    /// The visible text ("Add"), part of the name.
    #[prop(into)]
    text: Signal<&'static str>,
    /// True while an update runs: presses do nothing.
    #[prop(into)]
    locked: Signal<bool>,
    /// Called on a press while unlocked.
    on_press: Callback<()>,
) -> impl IntoView {
    view! {
        <button
            type="button"
            class=class
            aria-label=move || name.get()
            on:click=move |_| {
                if !locked.get_untracked() {
                    on_press.run(())
                }
            }
        >
            {move || text.get()}
        </button>
    }
}
