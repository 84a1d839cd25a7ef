//! The merchant dashboard (§7): sign in with the engine's secret key, then the catalog,
//! each product's cross-sells and each price's upsell, configured the way the seeds'
//! Dashboard does it. Everything goes through the server's `/dashboard/api` (the engine's
//! own handlers and checkout-core's eligibility lists); nothing here decides a rule.

pub mod api;
pub mod components;
pub mod format;
pub mod strings;

use crate::strings::t;
use components::{
    coupon::CouponPage, coupons::CouponsPage, insights::InsightsPage, layout::SignedIn,
    price::PricePage, product::ProductPage, products::ProductsPage, sessions::SessionPage,
    sessions::SessionsPage, sign_in::SignInPage, webhooks::WebhooksPage,
};
use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::path;

/// The whole app: one route per page, under `/dashboard`.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router>
            <Routes fallback=|| view! { <main><h1>{t().not_found}</h1></main> }>
                <Route path=path!("/dashboard") view=|| view! { <Redirect path="/dashboard/products"/> }/>
                <Route path=path!("/dashboard/sign-in") view=SignInPage/>
                <Route path=path!("/dashboard/products") view=|| view! { <SignedIn><ProductsPage/></SignedIn> }/>
                <Route path=path!("/dashboard/products/:id") view=|| view! { <SignedIn><ProductPage/></SignedIn> }/>
                <Route path=path!("/dashboard/prices/:id") view=|| view! { <SignedIn><PricePage/></SignedIn> }/>
                <Route path=path!("/dashboard/coupons") view=|| view! { <SignedIn><CouponsPage/></SignedIn> }/>
                <Route path=path!("/dashboard/coupons/:id") view=|| view! { <SignedIn><CouponPage/></SignedIn> }/>
                <Route path=path!("/dashboard/sessions") view=|| view! { <SignedIn><SessionsPage/></SignedIn> }/>
                <Route path=path!("/dashboard/sessions/:id") view=|| view! { <SignedIn><SessionPage/></SignedIn> }/>
                <Route path=path!("/dashboard/insights") view=|| view! { <SignedIn><InsightsPage/></SignedIn> }/>
                <Route path=path!("/dashboard/webhooks") view=|| view! { <SignedIn><WebhooksPage/></SignedIn> }/>
            </Routes>
        </Router>
    }
}

/// Mounts the app on the page's body, the document in the dashboard's language.
pub fn start() {
    if let Some(html) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = html.set_attribute("lang", strings::lang().tag());
    }
    leptos::mount::mount_to_body(App);
}
