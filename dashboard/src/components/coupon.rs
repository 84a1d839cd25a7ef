use super::new_promotion_code::NewPromotionCode;
use crate::api::{self, ApiError, List};
use crate::strings::{fill, fill2, t};
use checkout_core::catalog::Coupon;
use checkout_core::promotion::PromotionCode;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;

/// A coupon's page: its promotion codes (what buyers type, how often each was redeemed,
/// whether it is active) with "Archive <code>", and "New promotion code".
#[component]
pub fn CouponPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let (version, set_version) = signal(0_u32);
    let coupon = LocalResource::new(move || {
        let id = id();
        async move { api::get::<Coupon>(&format!("/v1/coupons/{id}")).await }
    });
    let codes = LocalResource::new(move || {
        version.track();
        let id = id();
        async move {
            api::get::<List<PromotionCode>>(&format!("/v1/promotion_codes?limit=100&coupon={id}"))
                .await
        }
    });
    let (creating, set_creating) = signal(false);
    let (error, set_error) = signal(None::<ApiError>);
    let archive = move |code_id: String| {
        spawn_local(async move {
            let body = serde_json::json!({ "active": false });
            match api::post::<PromotionCode>(&format!("/v1/promotion_codes/{code_id}"), &body).await
            {
                Ok(_) => {
                    set_error.set(None);
                    set_version.update(|v| *v += 1);
                }
                Err(e) => set_error.set(Some(e)),
            }
        });
    };
    let created = move || {
        set_creating.set(false);
        set_version.update(|v| *v += 1);
    };
    view! {
        <p><a href="/dashboard/coupons">{t().back_to_coupons}</a></p>
        <h1>{move || match coupon.get() {
            Some(Ok(c)) => c.name.clone().unwrap_or(c.id.clone()),
            _ => t().coupon.to_string(),
        }}</h1>
        <section aria-labelledby="promotion-codes">
            <h2 id="promotion-codes">{t().promotion_codes}</h2>
            {move || match codes.get() {
                None => view! { <p class="muted">{t().loading}</p> }.into_any(),
                Some(Err(e)) => view! { <p role="alert" class="error">{e.message}</p> }.into_any(),
                Some(Ok(list)) if list.data.is_empty() => view! { <p>{t().no_promotion_codes_yet}</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <table>
                        <thead><tr>
                            <th scope="col">{t().code}</th><th scope="col">{t().redemptions}</th>
                            <th scope="col">{t().status}</th><th scope="col">{t().action}</th>
                        </tr></thead>
                        <tbody>
                            {list.data.into_iter().map(|p| {
                                let used = match p.max_redemptions {
                                    Some(max) => fill2(t().n_of_m, p.times_redeemed, max),
                                    None => p.times_redeemed.to_string(),
                                };
                                let (code_id, label) = (p.id.clone(), fill(t().archive_code, &p.code));
                                let action = p.active.then(|| view! {
                                    <button type="button" class="secondary" on:click=move |_| archive(code_id.clone())>{label}</button>
                                });
                                view! {
                                    <tr>
                                        <td><code>{p.code.clone()}</code></td>
                                        <td>{used}</td>
                                        <td>{if p.active { t().active } else { t().archived }}</td>
                                        <td>{action}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any(),
            }}
            {move || error.get().map(|e| view! { <p role="alert" class="error">{e.message}</p> })}
            <div class="row">
                <button type="button" on:click=move |_| set_creating.set(true)>{t().new_promotion_code}</button>
            </div>
        </section>
        <Show when=move || creating.get()>
            <NewPromotionCode coupon=id() on_created=created/>
        </Show>
    }
}
