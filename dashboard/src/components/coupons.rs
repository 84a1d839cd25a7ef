use crate::api::{self, List};
use crate::format;
use checkout_core::catalog::Coupon;
use leptos::prelude::*;

/// The coupons: a table of what each takes off and for how long.
#[component]
pub fn CouponsPage() -> impl IntoView {
    let coupons = LocalResource::new(|| api::get::<List<Coupon>>("/v1/coupons?limit=100"));
    view! {
        <h1>"Coupons"</h1>
        <section aria-label="All coupons">
            {move || match coupons.get() {
                None => view! { <p class="muted">"Loading…"</p> }.into_any(),
                Some(Err(e)) => view! { <p role="alert" class="error">{e.message}</p> }.into_any(),
                Some(Ok(list)) if list.data.is_empty() => view! { <p>"No coupons yet."</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <table>
                        <thead><tr><th scope="col">"Coupon"</th><th scope="col">"Off"</th></tr></thead>
                        <tbody>
                            {list.data.into_iter().map(|c| {
                                let off = match (c.percent_off, c.amount_off, c.currency.as_deref()) {
                                    (Some(p), _, _) => format!("{p}%"),
                                    (None, Some(a), Some(cur)) => format::money(a, cur),
                                    _ => String::new(),
                                };
                                view! { <tr><td>{c.name.clone().unwrap_or(c.id.clone())}</td><td>{off}</td></tr> }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any(),
            }}
        </section>
    }
}
