use crate::api;
use crate::strings::t;
use checkout_core::catalog::Product;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The product itself (region "Product"): rename it ("Name", "Rename product"), and
/// archive it ("Archive product": no new session or cross-sell offers it, sessions that
/// hold it keep it) or restore it.
#[component]
pub fn ProductSettings(
    /// The product as loaded.
    product: Product,
    /// Called once the product changed.
    on_changed: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let name = NodeRef::<leptos::html::Input>::new();
    let (error, set_error) = signal(None::<String>);
    let id = product.id.clone();
    let save = {
        let (id, on_changed) = (id.clone(), on_changed.clone());
        move |body: serde_json::Value| {
            let (id, on_changed) = (id.clone(), on_changed.clone());
            spawn_local(async move {
                match api::post::<Product>(&format!("/v1/products/{id}"), &body).await {
                    Ok(_) => {
                        set_error.set(None);
                        on_changed();
                    }
                    Err(e) => set_error.set(Some(e.message)),
                }
            });
        }
    };
    let rename = {
        let save = save.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if let Some(input) = name.get() {
                save(serde_json::json!({ "name": input.value() }));
            }
        }
    };
    let active = product.active;
    let toggle = move |_| save(serde_json::json!({ "active": !active }));
    view! {
        <section aria-labelledby="product-settings">
            <h2 id="product-settings">{t().product}</h2>
            <p>{if active { t().status_active } else { t().status_archived }}</p>
            <form on:submit=rename>
                <label for="product-rename">{t().name}</label>
                <input id="product-rename" required maxlength="250" value=product.name.clone() node_ref=name/>
                <div class="actions">
                    <button type="submit">{t().rename_product}</button>
                    <button type="button" class="secondary" on:click=toggle>
                        {if active { t().archive_product } else { t().restore_product }}
                    </button>
                </div>
            </form>
            {move || error.get().map(|e| view! { <p role="alert" class="error">{e}</p> })}
        </section>
    }
}
