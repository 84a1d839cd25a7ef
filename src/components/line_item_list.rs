use crate::components::QuantityStepper;
use crate::format;
use crate::i18n::{fill, Locale};
use checkout_core::view::{ClientLineItem, LineItemSource};
use leptos::prelude::*;

/// The cart: one list item per line item with name, unit price and interval, quantity
/// (a stepper when the buyer may change it), the line total, and for an added
/// cross-sell a "Remove <product>" button.
#[component]
pub fn LineItemList(
    /// The session's line items.
    #[prop(into)]
    items: Signal<Vec<ClientLineItem>>,
    /// The session's currency.
    #[prop(into)]
    currency: Signal<String>,
    /// The buyer's locale.
    #[prop(into)]
    locale: Signal<Locale>,
    /// True while an update runs.
    #[prop(into)]
    busy: Signal<bool>,
    /// Asked with (line item id, new quantity).
    on_quantity: Callback<(String, u64)>,
    /// Asked with the product id of a cross-sell to remove.
    on_remove: Callback<String>,
) -> impl IntoView {
    view! {
        <ul class="cw-items" role="list" aria-label=move || locale.get().strings().items_label>
            <For
                each=move || items.get()
                key=|li| (li.id.clone(), li.quantity, li.price.id.clone(), li.amount_subtotal)
                children=move |li| view! { <Row li=li currency=currency locale=locale busy=busy on_quantity=on_quantity on_remove=on_remove /> }
            />
        </ul>
    }
}

/// One line item.
#[component]
fn Row(
    li: ClientLineItem,
    currency: Signal<String>,
    locale: Signal<Locale>,
    busy: Signal<bool>,
    on_quantity: Callback<(String, u64)>,
    on_remove: Callback<String>,
) -> impl IntoView {
    let ClientLineItem {
        id,
        source,
        product,
        price,
        quantity,
        adjustable_quantity,
        amount_subtotal,
        ..
    } = li;
    let name = product.name.clone();
    let unit = move || {
        let loc = locale.get();
        let cur = currency.get();
        let s = loc.strings();
        let amount = price
            .unit_amount
            .map(|a| format::money(a, &cur, &loc.tag, false));
        match (amount, price.recurring) {
            (Some(a), Some(r)) => format!("{a} / {}", s.interval(r.interval, r.interval_count)),
            (Some(a), None) => a,
            (None, Some(r)) => format!("/ {}", s.interval(r.interval, r.interval_count)),
            (None, None) => String::new(),
        }
    };
    let control = if adjustable_quantity.enabled && source == LineItemSource::Original {
        let line = id.clone();
        view! {
            <QuantityStepper
                name=name.clone()
                quantity=Signal::stored(quantity)
                minimum=adjustable_quantity.minimum
                maximum=adjustable_quantity.maximum
                busy=busy
                locale=locale
                on_change=Callback::new(move |q| on_quantity.run((line.clone(), q)))
            />
        }
        .into_any()
    } else {
        view! { <span class="cw-qty-text">{move || fill(locale.get().strings().quantity, &quantity.to_string())}</span> }.into_any()
    };
    let remove = (source == LineItemSource::CrossSell).then(|| {
        let product_id = product.id.clone();
        let label = name.clone();
        view! {
            <button
                type="button"
                class="cw-link"
                disabled=move || busy.get()
                on:click=move |_| on_remove.run(product_id.clone())
            >
                {move || fill(locale.get().strings().remove, &label)}
            </button>
        }
    });
    view! {
        <li class="cw-item" role="listitem" data-line-item=id>
            <div class="cw-item-main">
                <span class="cw-item-name">{product.name}</span>
                <span class="cw-muted">{unit}</span>
                {remove}
            </div>
            <div class="cw-item-side">
                {control}
                <span class="cw-item-total">{move || format::money(amount_subtotal, &currency.get(), &locale.get().tag, false)}</span>
            </div>
        </li>
    }
}
