use crate::api;
use crate::components::language_switch::LanguageSwitch;
use crate::strings::t;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

/// Sign-in with the engine's secret key (§7): the server answers with a session cookie;
/// the key is never kept in the browser. A wrong key shows an alert and changes nothing.
#[component]
pub fn SignInPage() -> impl IntoView {
    let navigate = use_navigate();
    let key = NodeRef::<leptos::html::Input>::new();
    let (error, set_error) = signal(None::<String>);
    let (busy, set_busy) = signal(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(input) = key.get() else { return };
        let secret_key = input.value();
        let navigate = navigate.clone();
        set_busy.set(true);
        spawn_local(async move {
            let body = serde_json::json!({ "secret_key": secret_key });
            match api::post::<serde_json::Value>("/session", &body).await {
                Ok(_) => navigate("/dashboard/products", Default::default()),
                Err(e) => {
                    set_error.set(Some(e.message));
                    set_busy.set(false);
                }
            }
        });
    };
    view! {
        <main class="sign-in">
            <section>
                <h1>{t().sign_in}</h1>
                <form on:submit=submit>
                    <label for="secret-key">{t().secret_key}</label>
                    <input id="secret-key" type="password" autocomplete="off" required node_ref=key/>
                    {move || error.get().map(|e| view! { <p role="alert" class="error">{e}</p> })}
                    <div class="actions">
                        <button type="submit" disabled=busy>{t().sign_in}</button>
                    </div>
                </form>
                <LanguageSwitch/>
            </section>
        </main>
    }
}
