use crate::components::ActionButton;
use crate::format;
use crate::i18n::{fill, Locale};
use checkout_core::view::ClientCrossSell;
use leptos::prelude::*;

/// The cross-sells the session offers and that are not on the cart yet, each with an
/// "Add <product>" button. An added one moves to the cart (with its Remove button).
#[component]
pub fn CrossSellOffers(
    /// The session's cross-sells (added ones are skipped here).
    #[prop(into)]
    offers: Signal<Vec<ClientCrossSell>>,
    /// The session's currency.
    #[prop(into)]
    currency: Signal<String>,
    /// The buyer's locale.
    #[prop(into)]
    locale: Signal<Locale>,
    /// True while an update runs.
    #[prop(into)]
    busy: Signal<bool>,
    /// Asked with the product id to add.
    on_add: Callback<String>,
) -> impl IntoView {
    let open = Memo::new(move |_| {
        offers
            .get()
            .into_iter()
            .filter(|o| !o.added)
            .collect::<Vec<_>>()
    });
    move || {
        let list = open.get();
        (!list.is_empty()).then(|| {
            view! {
                <section class="cw-offers" aria-labelledby="cw-offers-title">
                    <h3 class="cw-subtitle" id="cw-offers-title">{move || locale.get().strings().cross_sells_heading()}</h3>
                    {list
                        .into_iter()
                        .map(|offer| {
                            let product = offer.product.id.clone();
                            let name = offer.product.name.clone();
                            let label = name.clone();
                            let amount = offer.price.unit_amount.unwrap_or(0);
                            view! {
                                <div class="cw-offer">
                                    <div class="cw-item-main">
                                        <span class="cw-item-name">{name}</span>
                                        <span class="cw-muted">
                                            {move || format::money(amount, &currency.get(), &locale.get().tag, false)}
                                        </span>
                                    </div>
                                    <ActionButton
                                        class="cw-button cw-secondary"
                                        name=Signal::derive(move || fill(locale.get().strings().add(), &[("name", &label)]))
                                        text=Signal::derive(move || locale.get().strings().add_short())
                                        locked=busy
                                        on_press=Callback::new(move |()| on_add.run(product.clone()))
                                    />
                                </div>
                            }
                        })
                        .collect_view()}
                </section>
            }
        })
    }
}
