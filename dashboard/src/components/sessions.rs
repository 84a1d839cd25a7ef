use crate::api::{self, List};
use crate::format;
use crate::strings::{fill, fill2, t};
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
        <h1>{t().sessions}</h1>
        <section aria-label=t().checkout_sessions>
            <label for="session-status">{t().status}</label>
            <select id="session-status" on:change=move |ev| set_status.set(event_target_value(&ev))>
                <option value="">{t().status_all}</option>
                <option value="open">{t().status_open}</option>
                <option value="complete">{t().status_complete}</option>
                <option value="expired">{t().status_expired}</option>
            </select>
            {move || match sessions.get() {
                None => view! { <p class="muted">{t().loading}</p> }.into_any(),
                Some(Err(e)) => view! { <p role="alert" class="error">{e.message}</p> }.into_any(),
                Some(Ok(list)) if list.data.is_empty() => view! { <p>{t().no_sessions}</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <table>
                        <thead><tr><th scope="col">{t().session}</th><th scope="col">{t().status}</th><th scope="col">{t().due_today}</th></tr></thead>
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
        async move {
            api::get::<Value>(&format!("/v1/checkout/sessions/{id}?expand[]=line_items")).await
        }
    });
    view! {
        {move || match session.get() {
            None => view! { <p class="muted">{t().loading}</p> }.into_any(),
            Some(Err(e)) => view! { <p role="alert" class="error">{e.message}</p> }.into_any(),
            Some(Ok(s)) => {
                let currency = s["currency"].as_str().unwrap_or("usd").to_string();
                view! {
                    <h1>{fill(t().session_title, s["id"].as_str().unwrap_or_default())}</h1>
                    <p>{fill(t().status_is, s["status"].as_str().unwrap_or_default())}</p>
                    <section aria-label=t().line_items>
                        <table>
                            <thead><tr><th scope="col">{t().product}</th><th scope="col">{t().quantity}</th><th scope="col">{t().amount}</th></tr></thead>
                            <tbody>
                                {s["line_items"]["data"].as_array().cloned().unwrap_or_default().into_iter().map(|li| view! {
                                    <tr>
                                        <td>{li["description"].as_str().unwrap_or_default().to_string()}</td>
                                        <td>{li["quantity"].as_u64().unwrap_or(0)}</td>
                                        <td>{format::money(li["amount_total"].as_i64().unwrap_or(0), &currency)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </section>
                    {s["promotion_code"]["code"].as_str().map(|code| view! {
                        <p>{fill(t().promotion_code_is, code)}</p>
                    })}
                    {s["optional_items"].as_array().filter(|o| !o.is_empty()).cloned().map(|items| view! {
                        <section aria-label=t().optional_items>
                            <h2>{t().optional_items}</h2>
                            <ul>
                                {items.into_iter().map(|o| {
                                    let name = o["product"]["name"].as_str().unwrap_or_default().to_string();
                                    let state = if o["added"].as_bool().unwrap_or(false) { t().added } else { t().offered };
                                    view! { <li>{fill2(t().item_state, name, state)}</li> }
                                }).collect_view()}
                            </ul>
                        </section>
                    })}
                }.into_any()
            }
        }}
    }
}
