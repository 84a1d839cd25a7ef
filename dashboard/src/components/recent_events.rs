use crate::api::{self, List};
use crate::strings::{fill, fill2, t};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Deserialize;

/// One delivery of an event, as `/dashboard/api/events` lists it.
#[derive(Debug, Clone, Deserialize)]
struct Delivery {
    endpoint: String,
    url: String,
    state: String,
    attempts: u32,
    last_error: Option<String>,
}

/// A recent event.
#[derive(Debug, Clone, Deserialize)]
struct Event {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    created: i64,
    deliveries: Vec<Delivery>,
}

/// "2026-11-30 14:05 UTC" for unix seconds.
fn time(secs: i64) -> String {
    let iso: String = js_sys::Date::new(&((secs * 1000) as f64).into())
        .to_iso_string()
        .into();
    fill2(t().time_utc, &iso[..10], &iso[11..16])
}

/// A delivery's state in words: "Delivered", "Pending", "Retrying (HTTP 500, 1 try)".
fn state_text(d: &Delivery) -> String {
    let s = t();
    let tries = if d.attempts == 1 {
        s.one_try.to_string()
    } else {
        fill(s.n_tries, d.attempts)
    };
    let why = d.last_error.clone().unwrap_or_default();
    match d.state.as_str() {
        "delivered" => fill(s.state_delivered, tries),
        "pending" => s.pending.into(),
        "retrying" => fill2(s.state_retrying, why, tries),
        _ => fill2(s.state_failed, why, tries),
    }
}

/// The newest webhook events, one row per delivery (event × endpoint) with its state,
/// "Resend" on one whose last try failed, and "Refresh".
#[component]
pub fn RecentEvents() -> impl IntoView {
    let (version, set_version) = signal(0_u32);
    let events = LocalResource::new(move || {
        version.track();
        api::get::<List<Event>>("/events?limit=20")
    });
    let (notice, set_notice) = signal(None::<Result<String, String>>);
    let resend = move |event: String, endpoint: String| {
        spawn_local(async move {
            let path = format!("/events/{event}/deliveries/{endpoint}/resend");
            match api::post::<serde_json::Value>(&path, &serde_json::json!({})).await {
                Ok(_) => set_notice.set(Some(Ok(fill(t().resent, &event)))),
                Err(e) => set_notice.set(Some(Err(e.message))),
            }
            set_version.update(|v| *v += 1);
        });
    };
    view! {
        <section aria-labelledby="recent-events">
            <h2 id="recent-events">{t().recent_events}</h2>
            <div class="row">
                <button type="button" class="secondary" on:click=move |_| set_version.update(|v| *v += 1)>{t().refresh}</button>
            </div>
            {move || notice.get().map(|n| match n {
                Ok(text) => view! { <p role="status">{text}</p> }.into_any(),
                Err(text) => view! { <p role="alert" class="error">{text}</p> }.into_any(),
            })}
            {move || match events.get() {
                None => view! { <p class="muted">{t().loading}</p> }.into_any(),
                Some(Err(e)) => view! { <p role="alert" class="error">{e.message}</p> }.into_any(),
                Some(Ok(list)) if list.data.is_empty() => view! { <p>{t().no_events_yet}</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <table>
                        <thead><tr>
                            <th scope="col">{t().event}</th><th scope="col">{t().created}</th>
                            <th scope="col">{t().endpoint}</th><th scope="col">{t().delivery}</th>
                            <th scope="col"><span class="visually-hidden">{t().action}</span></th>
                        </tr></thead>
                        <tbody>
                            {list.data.into_iter().flat_map(|e| {
                                let rows: Vec<Option<Delivery>> = if e.deliveries.is_empty() {
                                    vec![None]
                                } else {
                                    e.deliveries.iter().cloned().map(Some).collect()
                                };
                                rows.into_iter().map(move |d| {
                                    let (id, kind, created) = (e.id.clone(), e.kind.clone(), time(e.created));
                                    let failed = d.as_ref().is_some_and(|d| d.state == "retrying" || d.state == "failed");
                                    let endpoint = d.as_ref().map(|d| d.endpoint.clone()).unwrap_or_default();
                                    let event = id.clone();
                                    view! {
                                        <tr>
                                            <td>{kind}<br/><code class="muted">{id}</code></td>
                                            <td>{created}</td>
                                            <td>{d.as_ref().map_or(t().no_endpoint_subscribed.to_string(), |d| d.url.clone())}</td>
                                            <td>{d.as_ref().map(state_text).unwrap_or_default()}</td>
                                            <td>{failed.then(|| view! {
                                                <button type="button" class="secondary"
                                                    on:click=move |_| resend(event.clone(), endpoint.clone())>{t().resend}</button>
                                            })}</td>
                                        </tr>
                                    }
                                }).collect::<Vec<_>>()
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any(),
            }}
        </section>
    }
}
