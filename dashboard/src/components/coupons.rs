use super::new_coupon::NewCoupon;
use crate::api::{self, List};
use crate::format;
use crate::strings::{fill, t};
use checkout_core::catalog::{Coupon, CouponDuration};
use leptos::prelude::*;

/// The coupons: a table of what each takes off and for how long, and "New coupon".
#[component]
pub fn CouponsPage() -> impl IntoView {
    let (version, set_version) = signal(0_u32);
    let coupons = LocalResource::new(move || {
        version.track();
        api::get::<List<Coupon>>("/v1/coupons?limit=100")
    });
    let (creating, set_creating) = signal(false);
    let created = move || {
        set_creating.set(false);
        set_version.update(|v| *v += 1);
    };
    view! {
        <h1>{t().coupons}</h1>
        <section aria-label=t().all_coupons>
            {move || match coupons.get() {
                None => view! { <p class="muted">{t().loading}</p> }.into_any(),
                Some(Err(e)) => view! { <p role="alert" class="error">{e.message}</p> }.into_any(),
                Some(Ok(list)) if list.data.is_empty() => view! { <p>{t().no_coupons_yet}</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <table>
                        <thead><tr><th scope="col">{t().coupon}</th><th scope="col">{t().off}</th><th scope="col">{t().duration}</th></tr></thead>
                        <tbody>
                            {list.data.into_iter().map(|c| {
                                let off = match (c.percent_off, c.amount_off, c.currency.as_deref()) {
                                    (Some(p), _, _) => fill(t().percent, p),
                                    (None, Some(a), Some(cur)) => format::money(a, cur),
                                    _ => String::new(),
                                };
                                let duration = match (c.duration, c.duration_in_months) {
                                    (CouponDuration::Once, _) => {t().once}.to_string(),
                                    (CouponDuration::Forever, _) => {t().forever}.to_string(),
                                    (CouponDuration::Repeating, Some(1)) => {t().one_month}.to_string(),
                                    (CouponDuration::Repeating, m) => fill(t().n_months, m.unwrap_or(0)),
                                };
                                let href = format!("/dashboard/coupons/{}", c.id);
                                view! { <tr><td><a href=href>{c.name.clone().unwrap_or(c.id.clone())}</a></td><td>{off}</td><td>{duration}</td></tr> }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any(),
            }}
            <div class="row">
                <button type="button" on:click=move |_| set_creating.set(true)>{t().new_coupon}</button>
            </div>
        </section>
        <Show when=move || creating.get()>
            <NewCoupon on_created=created/>
        </Show>
    }
}
