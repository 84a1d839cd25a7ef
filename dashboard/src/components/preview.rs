use crate::api;
use crate::format;
use crate::strings::t;
use checkout_core::catalog::Price;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Loads the widget's script (`/widget/checkout-widget.js`, the one merchants embed) into
/// the page once.
fn load_widget_script() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if document
        .get_element_by_id("checkout-widget-script")
        .is_some()
    {
        return;
    }
    let (Ok(script), Some(head)) = (document.create_element("script"), document.head()) else {
        return;
    };
    let _ = script.set_attribute("id", "checkout-widget-script");
    let _ = script.set_attribute("type", "module");
    let _ = script.set_attribute("src", "/widget/checkout-widget.js");
    let _ = head.append_child(&script);
}

/// "Preview checkout": the real widget, in this page, on a fresh test-mode session (the
/// seeds' customer preview). On a product's page the merchant picks the price in a
/// "Preview price" combobox, by default the first recurring price with an upsell (so the
/// preview shows the switch just configured), else the first active price; on a price's
/// page it is that price.
#[component]
pub fn Preview(
    /// Where a fresh preview session is asked for: `/v1/products/{id}/preview` (with the
    /// chosen price) or `/v1/prices/{id}/preview`.
    path: String,
    /// The prices offered in "Preview price" (a product's active prices, as its page
    /// lists them); none on a price's page, which previews its own price.
    #[prop(optional)]
    choices: Vec<Price>,
) -> impl IntoView {
    let (session, set_session) = signal(None::<String>);
    let (error, set_error) = signal(None::<String>);
    let choice = NodeRef::<leptos::html::Select>::new();
    let default = checkout_core::eligibility::preview_price(&choices).map(|p| p.id.clone());
    let choose = !choices.is_empty();
    let open = move |_| {
        let path = path.clone();
        let body = match choice.get() {
            Some(select) => serde_json::json!({ "price": select.value() }),
            None => serde_json::json!({}),
        };
        spawn_local(async move {
            match api::post::<serde_json::Value>(&path, &body).await {
                Ok(view) => {
                    load_widget_script();
                    set_error.set(None);
                    set_session.set(view["id"].as_str().map(str::to_string));
                }
                Err(e) => set_error.set(Some(e.message)),
            }
        });
    };
    view! {
        {choose.then(|| view! {
            <label for="preview-price">{t().preview_price}</label>
        })}
        <div class="row">
            {choose.then(|| view! {
                <select id="preview-price" node_ref=choice>
                    {choices.iter().map(|p| {
                        let selected = default.as_deref() == Some(p.id.as_str());
                        view! { <option value=p.id.clone() selected=selected>{format::price(p)}</option> }
                    }).collect_view()}
                </select>
            })}
            <button type="button" on:click=open>{t().preview_checkout}</button>
        </div>
        {move || error.get().map(|e| view! { <p role="alert" class="error">{e}</p> })}
        {move || session.get().map(|id| view! {
            <section aria-labelledby="preview-heading">
                <h2 id="preview-heading">{t().customer_preview}</h2>
                <p class="muted">{t().preview_test_mode}</p>
                <checkout-widget session=id endpoint="/api/checkout"></checkout-widget>
            </section>
        })}
    }
}
