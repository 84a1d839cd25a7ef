use crate::api::{self, ApiError};
use crate::strings::t;
use checkout_core::catalog::Coupon;
use checkout_core::money::parse_major;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The "New coupon" form: "Name", "Discount" (percent off / amount off), "Percent off" or
/// "Amount off" (major units, "10.00") with "Currency", "Duration" and, for a repeating
/// coupon, "Months"; "Create coupon". A refusal shows next to its field.
#[component]
pub fn NewCoupon(
    /// Called once a coupon was created.
    on_created: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let name = NodeRef::<leptos::html::Input>::new();
    let percent = NodeRef::<leptos::html::Input>::new();
    let amount = NodeRef::<leptos::html::Input>::new();
    let currency = NodeRef::<leptos::html::Input>::new();
    let months = NodeRef::<leptos::html::Input>::new();
    let (kind, set_kind) = signal("percent".to_string());
    let (duration, set_duration) = signal("once".to_string());
    let (error, set_error) = signal(None::<ApiError>);
    let error_for = move |field: &'static str| {
        move || {
            error
                .get()
                .filter(|e| e.param.as_deref() == Some(field))
                .map(|e| view! { <p id=format!("coupon-{field}-error") role="alert" class="error">{e.message}</p> })
        }
    };
    let other_error = move || {
        error
            .get()
            .filter(|e| {
                !matches!(
                    e.param.as_deref(),
                    Some("percent_off" | "amount_off" | "currency" | "duration_in_months")
                )
            })
            .map(|e| view! { <p role="alert" class="error">{e.message}</p> })
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let value =
            |r: NodeRef<leptos::html::Input>| r.get().map(|i| i.value()).unwrap_or_default();
        let mut body = serde_json::json!({ "duration": duration.get_untracked() });
        let n = value(name);
        if !n.trim().is_empty() {
            body["name"] = n.trim().into();
        }
        if kind.get_untracked() == "percent" {
            match value(percent).trim().parse::<f64>() {
                Ok(p) => body["percent_off"] = p.into(),
                Err(_) => {
                    set_error.set(Some(ApiError {
                        status: 400,
                        code: "parameter_invalid".into(),
                        message: t().percent_invalid.into(),
                        param: Some("percent_off".into()),
                    }));
                    return;
                }
            }
        } else {
            let cur = value(currency).trim().to_lowercase();
            match parse_major(&value(amount), &cur) {
                Ok(minor) => {
                    body["amount_off"] = minor.into();
                    body["currency"] = cur.into();
                }
                Err(e) => {
                    set_error.set(Some(ApiError {
                        status: 400,
                        code: e.code.as_str().into(),
                        message: e.message,
                        param: Some("amount_off".into()),
                    }));
                    return;
                }
            }
        }
        if duration.get_untracked() == "repeating" {
            body["duration_in_months"] = value(months).trim().parse::<u32>().unwrap_or(0).into();
        }
        let on_created = on_created.clone();
        spawn_local(async move {
            match api::post::<Coupon>("/v1/coupons", &body).await {
                Ok(_) => {
                    set_error.set(None);
                    on_created();
                }
                Err(e) => set_error.set(Some(e)),
            }
        });
    };
    view! {
        <section aria-labelledby="new-coupon">
            <h2 id="new-coupon">{t().new_coupon}</h2>
            <form on:submit=submit>
                <label for="coupon-name">{t().name}</label>
                <input id="coupon-name" maxlength="40" node_ref=name/>
                <label for="coupon-kind">{t().discount}</label>
                <select id="coupon-kind" on:change=move |ev| set_kind.set(event_target_value(&ev))>
                    <option value="percent">{t().percent_off}</option>
                    <option value="amount">{t().amount_off}</option>
                </select>
                <Show when=move || kind.get() == "percent">
                    <label for="coupon-percent">{t().percent_off}</label>
                    <input id="coupon-percent" inputmode="decimal" placeholder="20" node_ref=percent
                        aria-describedby="coupon-percent_off-error"/>
                    {error_for("percent_off")}
                </Show>
                <Show when=move || kind.get() == "amount">
                    <label for="coupon-amount">{t().amount_off}</label>
                    <input id="coupon-amount" inputmode="decimal" placeholder="10.00" node_ref=amount
                        aria-describedby="coupon-amount_off-error"/>
                    {error_for("amount_off")}
                    <label for="coupon-currency">{t().currency}</label>
                    <input id="coupon-currency" value="usd" maxlength="3" node_ref=currency
                        aria-describedby="coupon-currency-error"/>
                    {error_for("currency")}
                </Show>
                <label for="coupon-duration">{t().duration}</label>
                <select id="coupon-duration" on:change=move |ev| set_duration.set(event_target_value(&ev))>
                    <option value="once">{t().once}</option>
                    <option value="repeating">{t().several_months}</option>
                    <option value="forever">{t().forever}</option>
                </select>
                <Show when=move || duration.get() == "repeating">
                    <label for="coupon-months">{t().months}</label>
                    <input id="coupon-months" inputmode="numeric" placeholder="3" node_ref=months
                        aria-describedby="coupon-duration_in_months-error"/>
                    {error_for("duration_in_months")}
                </Show>
                {other_error}
                <div class="actions"><button type="submit">{t().create_coupon}</button></div>
            </form>
        </section>
    }
}
