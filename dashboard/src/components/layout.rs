use crate::api;
use crate::components::language_switch::LanguageSwitch;
use crate::strings::t;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

/// The frame of every signed-in page: the navigation landmark, "Sign out", and the page
/// (`children`) once the session is confirmed; without a session, the sign-in page.
#[component]
pub fn SignedIn(
    /// The page.
    children: ChildrenFn,
) -> impl IntoView {
    let navigate = use_navigate();
    let session = LocalResource::new(|| api::get::<serde_json::Value>("/session"));
    let go_sign_in = navigate.clone();
    Effect::new(move || {
        if let Some(Err(e)) = session.get() {
            if e.signed_out() {
                go_sign_in("/dashboard/sign-in", Default::default());
            }
        }
    });
    let sign_out = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            let _ = api::delete::<serde_json::Value>("/session").await;
            navigate("/dashboard/sign-in", Default::default());
        });
    };
    view! {
        <header>
            <strong>{t().checkout_dashboard}</strong>
            <nav aria-label=t().dashboard>
                <ul>
                    <li><a href="/dashboard/products">{t().products}</a></li>
                    <li><a href="/dashboard/coupons">{t().coupons}</a></li>
                    <li><a href="/dashboard/sessions">{t().sessions}</a></li>
                    <li><a href="/dashboard/webhooks">{t().webhooks}</a></li>
                    <li><a href="/dashboard/insights">{t().insights}</a></li>
                </ul>
            </nav>
            <LanguageSwitch/>
            <button type="button" class="secondary sign-out" on:click=sign_out>{t().sign_out}</button>
        </header>
        <main>
            {move || match session.get() {
                Some(Ok(_)) => children().into_any(),
                Some(Err(e)) if !e.signed_out() => view! { <p role="alert" class="error">{e.message}</p> }.into_any(),
                _ => view! { <p class="muted">{t().loading}</p> }.into_any(),
            }}
        </main>
    }
}
