use crate::components::ActionButton;
use crate::format;
use crate::i18n::{fill, Locale};
use checkout_core::catalog::Price;
use checkout_core::view::ProductSummary;
use leptos::prelude::*;

/// One product the buyer may add: a cross-sell (by product) or an optional item (by
/// price).
#[derive(Debug, Clone, PartialEq)]
pub struct Offer {
    /// What the add intent names: the product of a cross-sell, the price of an optional
    /// item.
    pub id: String,
    pub name: String,
    pub unit_amount: i64,
}

impl Offer {
    /// An offer of `product` at `price`, added by `id`.
    pub fn of(id: &str, product: &ProductSummary, price: &Price) -> Offer {
        Offer {
            id: id.to_string(),
            name: product.name.clone(),
            unit_amount: price.unit_amount.unwrap_or(0),
        }
    }
}

/// Products the buyer may add and has not yet, under a heading, each with an
/// "Add <product>" button: the session's cross-sells, and its optional items (§11). An
/// added one moves to the cart (with its Remove button).
#[component]
pub fn Offers(
    /// The offers not on the cart.
    #[prop(into)]
    offers: Signal<Vec<Offer>>,
    /// The heading ("Recommended add-ons").
    heading: &'static str,
    /// The session's currency.
    #[prop(into)]
    currency: Signal<String>,
    /// The buyer's locale (fixed while a cart is shown: a new locale draws a new cart).
    locale: Locale,
    /// True while an update runs.
    #[prop(into)]
    busy: Signal<bool>,
    /// Asked with the offer's id.
    on_add: Callback<String>,
) -> impl IntoView {
    move || {
        let list = offers.get();
        (!list.is_empty()).then(|| {
            view! {
                <section class="cw-offers" aria-label=heading>
                    <h3 class="cw-subtitle" aria-hidden="true">{heading}</h3>
                    {list
                        .into_iter()
                        .map(|offer| {
                            let Offer { id, name, unit_amount } = offer;
                            let label = fill(locale.strings().add(), &[("name", &name)]);
                            let tag = locale.tag.clone();
                            view! {
                                <div class="cw-offer">
                                    <div class="cw-item-main">
                                        <span class="cw-item-name">{name}</span>
                                        <span class="cw-muted">
                                            {move || format::money(unit_amount, &currency.get(), &tag, false)}
                                        </span>
                                    </div>
                                    <ActionButton
                                        class="cw-button cw-secondary"
                                        name=label
                                        text=locale.strings().add_short()
                                        locked=busy
                                        on_press=Callback::new(move |()| on_add.run(id.clone()))
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
