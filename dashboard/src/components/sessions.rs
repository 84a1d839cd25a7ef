use crate::api::{self, List};
use crate::format;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde_json::Value;

/// The checkout sessions (§7): the most recent ones, filtered by status, each a link to
/// its line items.
#[component]
pub fn SessionsPage() -> impl IntoView {
    let (status, set_status) = signal(String::new());
    let sessions = LocalResource::new(move || {
        let status = status.get();
        async move {
            let filter = if status.is_empty() {
                String::new()
            } else {
                format!("&status={status}")
            };
            api::get::<List<Value>>(&format!("/v1/checkout/sessions?limit=100{filter}")).await
        }
    });
    view! {
        <h1>"Sessions"</h1>
        <section aria-label="Checkout sessions">
            <label for="session-status">"Status"</label>
            <select id="session-status" on:change=move |ev| set_status.set(event_target_value(&ev))>
                <option value="">"All"</option>
                <option value="open">"Open"</option>
                <option value="complete">"Complete"</option>
                <option value="expired">"Expired"</option>
            </select>
            {move || match sessions.get() {
                None => view! { <p class="muted">"Loading…"</p> }.into_any(),
                Some(Err(e)) => view! { <p role="alert" class="error">{e.message}</p> }.into_any(),
                Some(Ok(list)) if list.data.is_empty() => view! { <p>"No sessions."</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <table>
                        <thead><tr><th scope="col">"Session"</th><th scope="col">"Status"</th><th scope="col">"Due today"</th></tr></thead>
                        <tbody>
                            {list.data.into_iter().map(|s| {
                                let id = s["id"].as_str().unwrap_or_default().to_string();
                                let total = format::money(s["amount_total"].as_i64().unwrap_or(0), s["currency"].as_str().unwrap_or("usd"));
                                view! {
                                    <tr>
                                        <td><a href=format!("/dashboard/sessions/{id}")>{id.clone()}</a></td>
                                        <td>{s["status"].as_str().unwrap_or_default().to_string()}</td>
                                        <td>{total}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any(),
            }}
        </section>
    }
}

/// One session: its status and line items.
#[component]
pub fn SessionPage() -> impl IntoView {
    let params = use_params_map();
    let session = LocalResource::new(move || {
        let id = params.read().get("id").unwrap_or_default();
        async move { api::get::<Value>(&format!("/v1/checkout/sessions/{id}")).await }
    });
    view! {
        {move || match session.get() {
            None => view! { <p class="muted">"Loading…"</p> }.into_any(),
            Some(Err(e)) => view! { <p role="alert" class="error">{e.message}</p> }.into_any(),
            Some(Ok(s)) => {
                let currency = s["currency"].as_str().unwrap_or("usd").to_string();
                view! {
                    <h1>{format!("Session {}", s["id"].as_str().unwrap_or_default())}</h1>
                    <p>{format!("Status: {}", s["status"].as_str().unwrap_or_default())}</p>
                    <section aria-label="Line items">
                        <table>
                            <thead><tr><th scope="col">"Product"</th><th scope="col">"Quantity"</th><th scope="col">"Amount"</th></tr></thead>
                            <tbody>
                                {s["line_items"].as_array().cloned().unwrap_or_default().into_iter().map(|li| view! {
                                    <tr>
                                        <td>{li["product"]["name"].as_str().unwrap_or_default().to_string()}</td>
                                        <td>{li["quantity"].as_u64().unwrap_or(0)}</td>
                                        <td>{format::money(li["amount_total"].as_i64().unwrap_or(0), &currency)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </section>
                }.into_any()
            }
        }}
    }
}
