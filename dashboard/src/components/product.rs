use crate::api::{self, ApiError, List};
use crate::components::preview::Preview;
use crate::components::product_settings::ProductSettings;
use crate::format;
use crate::strings::{fill, t};
use checkout_core::catalog::{Price, Product};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;

/// What the product page shows.
#[derive(Clone)]
struct ProductData {
    product: Product,
    prices: Vec<Price>,
    /// The configured cross-sells, as products (an id no longer found keeps its id).
    cross_sells: Vec<(String, String)>,
    /// Exactly the products the engine would accept as one more (checkout-core).
    options: Vec<Product>,
}

async fn load(id: String) -> Result<ProductData, ApiError> {
    let product = api::product(&id).await?;
    let prices = api::get::<List<Price>>(&format!("/v1/prices?limit=100&product={id}"))
        .await?
        .data;
    let all = api::get::<List<Product>>("/v1/products?limit=100")
        .await?
        .data;
    let options = api::get::<List<Product>>(&format!("/v1/products/{id}/cross_sell_options"))
        .await?
        .data;
    let cross_sells = product
        .cross_sells
        .iter()
        .map(|cs| {
            let name = all
                .iter()
                .find(|p| &p.id == cs)
                .map_or(cs.clone(), |p| p.name.clone());
            (cs.clone(), name)
        })
        .collect();
    Ok(ProductData {
        prices,
        product,
        cross_sells,
        options,
    })
}

/// A product's details page (§7): its prices and its cross-sells, configured here as on
/// the seeds' product details page.
#[component]
pub fn ProductPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let (version, set_version) = signal(0_u32);
    let data = LocalResource::new(move || {
        version.track();
        load(id())
    });
    let reload = move || set_version.update(|v| *v += 1);
    view! {
        {move || match data.get() {
            None => view! { <p class="muted">{t().loading}</p> }.into_any(),
            Some(Err(e)) => view! { <p role="alert" class="error">{e.message}</p> }.into_any(),
            Some(Ok(d)) => view! {
                <h1>{d.product.name.clone()}</h1>
                <Prices product=d.product.id.clone() prices=d.prices.clone() on_created=reload/>
                <CrossSells data=d.clone() on_changed=reload/>
                <Preview
                    path=format!("/v1/products/{}/preview", d.product.id)
                    choices=d.prices.iter().filter(|p| p.active).cloned().collect()
                />
                <ProductSettings product=d.product.clone() on_changed=reload/>
            }.into_any(),
        }}
    }
}

/// The "Prices" region: each price a link named by its amount and interval, and "New
/// price".
#[component]
fn Prices(
    /// The product's id.
    product: String,
    /// Its prices.
    prices: Vec<Price>,
    /// Called once a price was created.
    on_created: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let (open, set_open) = signal(false);
    let amount = NodeRef::<leptos::html::Input>::new();
    let currency = NodeRef::<leptos::html::Input>::new();
    let billing = NodeRef::<leptos::html::Select>::new();
    let interval = NodeRef::<leptos::html::Select>::new();
    let (error, set_error) = signal(None::<ApiError>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(a), Some(c), Some(b), Some(i)) =
            (amount.get(), currency.get(), billing.get(), interval.get())
        else {
            return;
        };
        let recurring = b.value() == "recurring";
        let body = serde_json::json!({
            "product": product,
            "amount": a.value(),
            "currency": c.value(),
            "type": if recurring { "recurring" } else { "one_time" },
            "interval": if recurring { Some(i.value()) } else { None },
        });
        let on_created = on_created.clone();
        spawn_local(async move {
            match api::post::<Price>("/prices", &body).await {
                Ok(_) => {
                    set_error.set(None);
                    set_open.set(false);
                    on_created();
                }
                Err(e) => set_error.set(Some(e)),
            }
        });
    };
    let field_error = move |param: &'static str| {
        move || {
            error
                .get()
                .filter(|e| e.param.as_deref() == Some(param))
                .map(|e| view! { <p id=format!("{param}-error") role="alert" class="error">{e.message}</p> })
        }
    };
    let other_error = move || {
        error
            .get()
            .filter(|e| e.param.as_deref() != Some("amount"))
            .map(|e| view! { <p role="alert" class="error">{e.message}</p> })
    };
    view! {
        <section aria-labelledby="prices-heading">
            <h2 id="prices-heading">{t().prices}</h2>
            {if prices.is_empty() {
                view! { <p>{t().no_prices_yet}</p> }.into_any()
            } else {
                view! {
                    <ul class="plain">
                        {prices.iter().map(|p| view! {
                            <li>
                                <a href=format!("/dashboard/prices/{}", p.id)>{format::price(p)}</a>
                                {(!p.active).then(|| view! { <span class="muted">{t().archived}</span> })}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <button type="button" on:click=move |_| set_open.set(true)>{t().new_price}</button>
            <Show when=move || open.get()>
                <form on:submit=submit.clone()>
                    <label for="price-amount">{t().amount}</label>
                    <input id="price-amount" inputmode="decimal" placeholder="100.00" required node_ref=amount
                        aria-describedby="amount-error"/>
                    {field_error("amount")}
                    <label for="price-currency">{t().currency}</label>
                    <input id="price-currency" value="usd" required node_ref=currency/>
                    <label for="price-billing">{t().billing}</label>
                    <select id="price-billing" node_ref=billing>
                        <option value="one_time">{t().one_time}</option>
                        <option value="recurring">{t().recurring}</option>
                    </select>
                    <label for="price-interval">{t().interval}</label>
                    <select id="price-interval" node_ref=interval>
                        <option value="month">{t().monthly}</option>
                        <option value="year">{t().yearly}</option>
                        <option value="week">{t().weekly}</option>
                        <option value="day">{t().daily}</option>
                    </select>
                    {other_error}
                    <div class="actions"><button type="submit">{t().create_price}</button></div>
                </form>
            </Show>
        </section>
    }
}

/// The "Cross-sells" region: the configured ones, each with "Remove cross-sell <name>",
/// and "Add a cross-sell" offering exactly the products the engine would accept.
#[component]
fn CrossSells(
    /// The product and its options.
    data: ProductData,
    /// Called once the configuration changed.
    on_changed: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let (error, set_error) = signal(None::<String>);
    let id = data.product.id.clone();
    let configured: Vec<String> = data.product.cross_sells.clone();
    let save = {
        let on_changed = on_changed.clone();
        move |list: Vec<String>| {
            let id = id.clone();
            let on_changed = on_changed.clone();
            spawn_local(async move {
                let body = serde_json::json!({ "cross_sells": list });
                match api::post::<Product>(&format!("/v1/products/{id}"), &body).await {
                    Ok(_) => on_changed(),
                    Err(e) => set_error.set(Some(e.message)),
                }
            });
        }
    };
    let choice = NodeRef::<leptos::html::Select>::new();
    let add = {
        let (save, configured) = (save.clone(), configured.clone());
        move |_| {
            let Some(select) = choice.get() else { return };
            let mut next = configured.clone();
            next.push(select.value());
            save(next);
        }
    };
    let has_options = !data.options.is_empty();
    view! {
        <section aria-labelledby="cross-sells-heading">
            <h2 id="cross-sells-heading">{t().cross_sells}</h2>
            {if data.cross_sells.is_empty() {
                view! { <p>{t().no_cross_sells_yet}</p> }.into_any()
            } else {
                view! {
                    <ul class="plain">
                        {data.cross_sells.iter().map(|(cs, name)| {
                            let (save, configured, cs) = (save.clone(), configured.clone(), cs.clone());
                            let remove = move |_| {
                                save(configured.iter().filter(|c| **c != cs).cloned().collect());
                            };
                            view! {
                                <li>
                                    <span>{name.clone()}</span>
                                    <button type="button" class="secondary" aria-label=fill(t().remove_cross_sell, name)
                                        on:click=remove>{t().remove}</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {if has_options {
                view! {
                    <label for="add-cross-sell">{t().add_a_cross_sell}</label>
                    <div class="row">
                        <select id="add-cross-sell" node_ref=choice>
                            {data.options.iter().map(|p| view! { <option value=p.id.clone()>{p.name.clone()}</option> }).collect_view()}
                        </select>
                        <button type="button" on:click=add>{t().add_cross_sell}</button>
                    </div>
                }.into_any()
            } else {
                view! {
                    <p class="muted">"No product can be added: a cross-sell must be another active product with exactly one active price, and a product takes at most 10."</p>
                }.into_any()
            }}
            {move || error.get().map(|e| view! { <p role="alert" class="error">{e}</p> })}
        </section>
    }
}
