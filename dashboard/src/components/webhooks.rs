use super::recent_events::RecentEvents;
use crate::api::{self, List};
use crate::strings::t;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;

/// Webhooks (§7): the registered endpoints, "Add endpoint" (its signing secret shown
/// once), and the recent events with each delivery's state and "Resend" on a failed one.
#[component]
pub fn WebhooksPage() -> impl IntoView {
    let (version, set_version) = signal(0_u32);
    let endpoints = LocalResource::new(move || {
        version.track();
        api::get::<List<Value>>("/v1/webhook_endpoints?limit=100")
    });
    let url = NodeRef::<leptos::html::Input>::new();
    let (secret, set_secret) = signal(None::<String>);
    let (error, set_error) = signal(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(input) = url.get() else { return };
        let body = serde_json::json!({ "url": input.value(), "enabled_events": ["checkout.session.completed"] });
        spawn_local(async move {
            match api::post::<Value>("/v1/webhook_endpoints", &body).await {
                Ok(e) => {
                    set_error.set(None);
                    if let Some(input) = url.get_untracked() {
                        input.set_value("");
                    }
                    set_secret.set(e["secret"].as_str().map(str::to_string));
                    set_version.update(|v| *v += 1);
                }
                Err(e) => set_error.set(Some(e.message)),
            }
        });
    };
    view! {
        <h1>{t().webhooks}</h1>
        <section aria-label=t().webhook_endpoints>
            {move || match endpoints.get() {
                None => view! { <p class="muted">{t().loading}</p> }.into_any(),
                Some(Err(e)) => view! { <p role="alert" class="error">{e.message}</p> }.into_any(),
                Some(Ok(list)) if list.data.is_empty() => view! { <p>{t().no_endpoints_yet}</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <table>
                        <thead><tr><th scope="col">{t().endpoint_url}</th><th scope="col">{t().events}</th></tr></thead>
                        <tbody>
                            {list.data.into_iter().map(|e| view! {
                                <tr>
                                    <td>{e["url"].as_str().unwrap_or_default().to_string()}</td>
                                    <td>{e["enabled_events"].as_array().map(|v| v.iter().filter_map(|x| x.as_str()).collect::<Vec<_>>().join(", ")).unwrap_or_default()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any(),
            }}
            <form on:submit=submit>
                <label for="endpoint-url">{t().endpoint_url}</label>
                <input id="endpoint-url" type="url" placeholder="https://shop.example/webhooks" required node_ref=url/>
                {move || error.get().map(|e| view! { <p role="alert" class="error">{e}</p> })}
                <div class="actions"><button type="submit">{t().add_endpoint}</button></div>
            </form>
            {move || secret.get().map(|s| view! {
                <div role="status">
                    <p>{t().signing_secret_once}</p>
                    <p><code>{s}</code></p>
                </div>
            })}
        </section>
        <RecentEvents/>
    }
}
