use crate::api::{self, ApiError};
use crate::strings::t;
use checkout_core::promotion::PromotionCode;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The "New promotion code" form of a coupon's page: "Code" (what buyers type), "Max
/// redemptions" (optional), "Create promotion code". A refusal shows next to its field.
#[component]
pub fn NewPromotionCode(
    /// The coupon the code applies.
    coupon: String,
    /// Called once a code was created.
    on_created: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let code = NodeRef::<leptos::html::Input>::new();
    let max = NodeRef::<leptos::html::Input>::new();
    let (error, set_error) = signal(None::<ApiError>);
    let error_for = move |field: &'static str| {
        move || {
            error
                .get()
                .filter(|e| e.param.as_deref() == Some(field))
                .map(|e| view! { <p id=format!("promo-{field}-error") role="alert" class="error">{e.message}</p> })
        }
    };
    let other_error = move || {
        error
            .get()
            .filter(|e| !matches!(e.param.as_deref(), Some("code" | "max_redemptions")))
            .map(|e| view! { <p role="alert" class="error">{e.message}</p> })
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let value =
            |r: NodeRef<leptos::html::Input>| r.get().map(|i| i.value()).unwrap_or_default();
        let mut body = serde_json::json!({ "coupon": coupon, "code": value(code).trim() });
        let m = value(max);
        if !m.trim().is_empty() {
            match m.trim().parse::<u64>() {
                Ok(n) => body["max_redemptions"] = n.into(),
                Err(_) => {
                    set_error.set(Some(ApiError {
                        status: 400,
                        code: "parameter_invalid".into(),
                        message: t().max_redemptions_invalid.into(),
                        param: Some("max_redemptions".into()),
                    }));
                    return;
                }
            }
        }
        let on_created = on_created.clone();
        spawn_local(async move {
            match api::post::<PromotionCode>("/v1/promotion_codes", &body).await {
                Ok(_) => {
                    set_error.set(None);
                    on_created();
                }
                Err(e) => set_error.set(Some(e)),
            }
        });
    };
    view! {
        <section aria-labelledby="new-promotion-code">
            <h2 id="new-promotion-code">{t().new_promotion_code}</h2>
            <form on:submit=submit>
                <label for="promo-code">{t().code}</label>
                <input id="promo-code" required minlength="3" maxlength="50" node_ref=code
                    aria-describedby="promo-code-error"/>
                {error_for("code")}
                <label for="promo-max">{t().max_redemptions}</label>
                <input id="promo-max" inputmode="numeric" node_ref=max aria-describedby="promo-max_redemptions-error"/>
                {error_for("max_redemptions")}
                {other_error}
                <div class="actions"><button type="submit">{t().create_promotion_code}</button></div>
            </form>
        </section>
    }
}
