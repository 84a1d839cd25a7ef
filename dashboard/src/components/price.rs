use crate::api::{self, ApiError, UpsellOptions};
use crate::components::preview::Preview;
use crate::format;
use crate::strings::{fill, fill2, t};
use checkout_core::catalog::Price;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;

async fn load(id: String) -> Result<(Price, UpsellOptions), ApiError> {
    let price = api::price(&id).await?;
    let options = api::get::<UpsellOptions>(&format!("/v1/prices/{id}/upsell_options")).await?;
    Ok((price, options))
}

/// A price's details page (§7): its "Upsell" region, as on the seeds' price details page.
#[component]
pub fn PricePage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let (version, set_version) = signal(0_u32);
    let data = LocalResource::new(move || {
        version.track();
        load(id())
    });
    let (error, set_error) = signal(None::<String>);
    let set_upsell = move |price: String, upsell: Option<String>| {
        spawn_local(async move {
            let body = serde_json::json!({ "upsell": upsell });
            match api::post::<Price>(&format!("/v1/prices/{price}"), &body).await {
                Ok(_) => {
                    set_error.set(None);
                    set_version.update(|v| *v += 1);
                }
                Err(e) => set_error.set(Some(e.message)),
            }
        });
    };
    let choice = NodeRef::<leptos::html::Select>::new();
    view! {
        {move || match data.get() {
            None => view! { <p class="muted">{t().loading}</p> }.into_any(),
            Some(Err(e)) => view! { <p role="alert" class="error">{e.message}</p> }.into_any(),
            Some(Ok((price, up))) => {
                let product_link = format!("/dashboard/products/{}", price.product);
                let region = if let Some(why) = up.unavailable {
                    view! { <p>{fill(t().no_upsell_because, &why.message)}</p> }.into_any()
                } else if let Some(current) = up.current {
                    let id = price.id.clone();
                    let savings = current.savings.map(|s| fill(t().save_amount, format::savings(s.amount, &current.price.currency)));
                    view! {
                        <p>{t().upsell_is} <strong>{format::price(&current.price)}</strong></p>
                        {savings.map(|s| view! { <p>{s}</p> })}
                        <button type="button" on:click=move |_| set_upsell(id.clone(), None)>{t().remove_upsell}</button>
                    }.into_any()
                } else if up.options.is_empty() {
                    view! { <p>{t().no_upsell_qualifies}</p> }.into_any()
                } else {
                    let id = price.id.clone();
                    view! {
                        <label for="upsell-price">{t().upsell_price}</label>
                        <div class="row">
                            <select id="upsell-price" node_ref=choice>
                                {up.options.iter().map(|o| {
                                    let label = match o.savings {
                                        Some(s) => fill2(t().option_with_savings, format::price(&o.price), format::savings(s.amount, &o.price.currency)),
                                        None => format::price(&o.price),
                                    };
                                    view! { <option value=o.price.id.clone()>{label}</option> }
                                }).collect_view()}
                            </select>
                            <button type="button" on:click=move |_| {
                                if let Some(s) = choice.get() { set_upsell(id.clone(), Some(s.value())) }
                            }>{t().save_upsell}</button>
                        </div>
                    }.into_any()
                };
                view! {
                    <p><a href=product_link>{t().back_to_the_product}</a></p>
                    <h1>{format::price(&price)}</h1>
                    <section aria-labelledby="upsell-heading">
                        <h2 id="upsell-heading">{t().upsell}</h2>
                        {region}
                        {move || error.get().map(|e| view! { <p role="alert" class="error">{e}</p> })}
                    </section>
                    <Preview path=format!("/v1/prices/{}/preview", price.id)/>
                }.into_any()
            }
        }}
    }
}
