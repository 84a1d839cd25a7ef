use crate::api;
use crate::strings::t;
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

/// "Preview checkout": the real widget, in this page, on a fresh test-mode session of the
/// product's first active price (the seeds' customer preview).
#[component]
pub fn Preview(
    /// The product to preview.
    product: String,
) -> impl IntoView {
    let (session, set_session) = signal(None::<String>);
    let (error, set_error) = signal(None::<String>);
    let open = move |_| {
        let product = product.clone();
        spawn_local(async move {
            let path = format!("/v1/products/{product}/preview");
            match api::post::<serde_json::Value>(&path, &serde_json::json!({})).await {
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
        <div class="row">
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
