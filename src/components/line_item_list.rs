use crate::components::{ActionButton, QuantityStepper};
use crate::format;
use crate::i18n::{fill, Locale};
use checkout_core::view::{ClientLineItem, LineItemSource};
use leptos::prelude::*;
use std::collections::HashMap;

/// How many lanes carry the update lock to the rows (see `LineItemList`).
const LANES: usize = 24;

/// The cart: one list item per line item with name, unit price and interval, quantity
/// (a stepper when the buyer may change it), the line total, and for an added
/// cross-sell a "Remove <product>" button. Rows are keyed by line-item id, so an update
/// re-renders their text in place and keyboard focus stays where it was.
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
    // Each line item by id, so a row finds its item without scanning the list, and the
    // rows subscribe to this one memo rather than to it and the list.
    let by_id = Memo::new(move |_| {
        items.with(|all| {
            all.iter()
                .map(|li| (li.id.clone(), li.clone()))
                .collect::<HashMap<_, _>>()
        })
    });
    // The lock reaches the rows through a few lanes, each a memo of `busy` shared by every
    // LANES-th row. The lock flips twice per update and every control re-subscribes then;
    // reactive_graph removes a subscriber in time linear in the source's subscriber count,
    // so a thousand controls on one signal would cost quadratic time (see BENCHMARKS.md).
    let lanes: Vec<Signal<bool>> = (0..LANES)
        .map(|_| Memo::new(move |_| busy.get()).into())
        .collect();
    let next_lane = StoredValue::new(0usize);
    view! {
        <ul class="cw-items" role="list" aria-label=move || locale.get().strings().items_label>
            <For
                each=move || items.get()
                key=|li| li.id.clone()
                children=move |li| {
                    let id = li.id.clone();
                    let item = Memo::new(move |_| {
                        by_id.with(|m| m.get(&id).cloned()).unwrap_or_else(|| li.clone())
                    });
                    let lane = next_lane.get_value();
                    next_lane.set_value((lane + 1) % LANES);
                    let busy = lanes[lane];
                    view! { <Row item=item.into() currency=currency locale=locale busy=busy on_quantity=on_quantity on_remove=on_remove /> }
                }
            />
        </ul>
    }
}

/// One line item.
#[component]
fn Row(
    item: Signal<ClientLineItem>,
    currency: Signal<String>,
    locale: Signal<Locale>,
    busy: Signal<bool>,
    on_quantity: Callback<(String, u64)>,
    on_remove: Callback<String>,
) -> impl IntoView {
    let first = item.get_untracked();
    let name = first.product.name.clone();
    let unit = move || {
        let loc = locale.get();
        let s = loc.strings();
        item.with(|li| {
            let amount = li
                .price
                .unit_amount
                .map(|a| format::money(a, &currency.get(), &loc.tag, false));
            match (amount, li.price.recurring) {
                (Some(a), Some(r)) => format!("{a} / {}", s.interval(r.interval, r.interval_count)),
                (Some(a), None) => a,
                (None, Some(r)) => format!("/ {}", s.interval(r.interval, r.interval_count)),
                (None, None) => String::new(),
            }
        })
    };
    let quantity = Signal::derive(move || item.with(|li| li.quantity));
    let range = first.adjustable_quantity;
    let control = if range.enabled && first.source == LineItemSource::Original {
        let line = first.id.clone();
        view! {
            <QuantityStepper
                name=name.clone()
                quantity=quantity
                minimum=range.minimum
                maximum=range.maximum
                busy=busy
                locale=locale
                on_change=Callback::new(move |q| on_quantity.run((line.clone(), q)))
            />
        }
        .into_any()
    } else {
        view! { <span class="cw-qty-text">{move || fill(locale.get().strings().quantity, &quantity.get().to_string())}</span> }.into_any()
    };
    let remove = (first.source == LineItemSource::CrossSell).then(|| {
        let product_id = first.product.id.clone();
        let label = name.clone();
        view! {
            <ActionButton
                class="cw-link"
                name=Signal::derive(move || fill(locale.get().strings().remove, &label))
                text=Signal::derive(move || locale.get().strings().remove_short)
                locked=busy
                on_press=Callback::new(move |()| on_remove.run(product_id.clone()))
            />
        }
    });
    view! {
        <li class="cw-item" role="listitem" data-line-item=first.id.clone()>
            <div class="cw-item-main">
                <span class="cw-item-name">{move || item.with(|li| li.product.name.clone())}</span>
                <span class="cw-muted">{unit}</span>
                {remove}
            </div>
            <div class="cw-item-side">
                {control}
                <span class="cw-item-total">{move || format::money(item.with(|li| li.amount_subtotal), &currency.get(), &locale.get().tag, false)}</span>
            </div>
        </li>
    }
}
