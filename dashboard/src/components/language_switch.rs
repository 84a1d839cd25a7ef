use crate::strings::{lang, t, Lang, LANG_KEY};
use leptos::prelude::*;

/// The language switch on every page ("Language": English / Deutsch). The choice is
/// remembered in the browser (`localStorage`) and the page loads again in it.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let choose = move |ev: leptos::ev::Event| {
        let tag = event_target_value(&ev);
        if let Some(window) = web_sys::window() {
            if let Ok(Some(storage)) = window.local_storage() {
                let _ = storage.set_item(LANG_KEY, &tag);
            }
            let _ = window.location().reload();
        }
    };
    let option = move |l: Lang, name: &'static str| {
        view! { <option value=l.tag() selected=lang() == l lang=l.tag()>{name}</option> }
    };
    view! {
        <label class="language">
            {t().language}
            <select on:change=choose>
                {option(Lang::En, "English")}
                {option(Lang::De, "Deutsch")}
            </select>
        </label>
    }
}
