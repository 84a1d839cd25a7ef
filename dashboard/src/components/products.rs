use crate::api::{self, List};
use crate::strings::t;
use checkout_core::catalog::Product;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

/// The products (§7): a table linking each to its page, and "New product".
#[component]
pub fn ProductsPage() -> impl IntoView {
    let products = LocalResource::new(|| api::get::<List<Product>>("/v1/products?limit=100"));
    let (creating, set_creating) = signal(false);
    view! {
        <h1>{t().products}</h1>
        <section aria-label=t().all_products>
            {move || match products.get() {
                None => view! { <p class="muted">{t().loading}</p> }.into_any(),
                Some(Err(e)) => view! { <p role="alert" class="error">{e.message}</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <table>
                        <thead><tr><th scope="col">{t().name}</th><th scope="col">{t().status}</th></tr></thead>
                        <tbody>
                            {list.data.into_iter().map(|p| view! {
                                <tr>
                                    <td><a href=format!("/dashboard/products/{}", p.id)>{p.name.clone()}</a></td>
                                    <td>{if p.active { t().active } else { t().archived }}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any(),
            }}
            <div class="row">
                <button type="button" on:click=move |_| set_creating.set(true)>{t().new_product}</button>
            </div>
        </section>
        <Show when=move || creating.get()>
            <NewProduct/>
        </Show>
    }
}

/// The "New product" form: "Name", "Description", "Create product".
#[component]
fn NewProduct() -> impl IntoView {
    let navigate = use_navigate();
    let name = NodeRef::<leptos::html::Input>::new();
    let description = NodeRef::<leptos::html::Input>::new();
    let (error, set_error) = signal(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(n), Some(d)) = (name.get(), description.get()) else {
            return;
        };
        let d = d.value();
        let body = serde_json::json!({
            "name": n.value(),
            "description": if d.trim().is_empty() { None } else { Some(d) },
        });
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::post::<Product>("/v1/products", &body).await {
                Ok(p) => navigate(&format!("/dashboard/products/{}", p.id), Default::default()),
                Err(e) => set_error.set(Some(e.message)),
            }
        });
    };
    view! {
        <section aria-labelledby="new-product">
            <h2 id="new-product">{t().new_product}</h2>
            <form on:submit=submit>
                <label for="product-name">{t().name}</label>
                <input id="product-name" required node_ref=name/>
                <label for="product-description">{t().description}</label>
                <input id="product-description" node_ref=description/>
                {move || error.get().map(|e| view! { <p role="alert" class="error">{e}</p> })}
                <div class="actions"><button type="submit">{t().create_product}</button></div>
            </form>
        </section>
    }
}
