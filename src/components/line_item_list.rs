use crate::components::{ActionButton, QuantityStepper};
use crate::format;
use crate::i18n::{fill, Locale};
use checkout_core::amounts::per_month;
use checkout_core::view::{ClientLineItem, ClientSession, LineItemSource};
use leptos::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

/// Each row's line item, by id: a signal per row, so an update that changes one line
/// item wakes one row. See `LineItemList`.
type Lines = StoredValue<HashMap<String, ArcRwSignal<ClientLineItem>>>;

/// Brings the rows' signals up to date with the session's line items: a row whose item
/// changed is set (and re-renders), the others are not touched; rows of items that are
/// gone are dropped, new ones made.
fn patch(lines: Lines, all: &[ClientLineItem]) {
    lines.update_value(|rows| {
        let mut next = HashMap::with_capacity_and_hasher(all.len(), Default::default());
        for li in all {
            let (id, row) = match rows.remove_entry(&li.id) {
                Some((id, row)) => {
                    if row.with_untracked(|old| old != li) {
                        row.set(li.clone());
                    }
                    (id, row)
                }
                None => (li.id.clone(), ArcRwSignal::new(li.clone())),
            };
            next.insert(id, row);
        }
        *rows = next;
    });
}

/// The cart: one list item per line item with name, unit price and interval, quantity
/// (a stepper when the buyer may change it), the line total, and for an added
/// cross-sell or optional item a "Remove <product>" button. Rows are keyed by line-item id, so an update
/// re-renders their text in place and keyboard focus stays where it was.
#[component]
pub fn LineItemList(
    /// The session whose line items are shown. The list reads them in place: an answer's
    /// line items are not copied on their way to the rows.
    #[prop(into)]
    session: Signal<Arc<ClientSession>>,
    /// The session's currency (fixed while a cart is shown; a change draws a new list).
    #[prop(into)]
    currency: String,
    /// The buyer's locale (fixed like the currency). Plain values, not signals: a long
    /// cart's rows then render their labels once instead of each keeping effects.
    locale: Locale,
    /// True while an update runs: presses do nothing. Read only when pressed, so the
    /// lock costs a long cart nothing (the root's `aria-disabled` shows it).
    #[prop(into)]
    busy: Signal<bool>,
    /// Asked with (line item id, new quantity).
    on_quantity: Callback<(String, u64)>,
    /// Asked to remove an added line: the product id of a cross-sell, or the price id of
    /// an optional item (`true`).
    on_remove: Callback<(bool, String)>,
) -> impl IntoView {
    // The rows are keyed by id, and the list of ids changes only when items come or go.
    let ids = Memo::new(move |_| {
        session.with(|s| {
            s.line_items
                .iter()
                .map(|li| li.id.clone())
                .collect::<Vec<_>>()
        })
    });
    // Each row reads its own line item's signal, and this patch sets only the signals of
    // items that changed: the store pattern (reactive_stores' `patch`), by hand. It is the
    // widget's one effect that writes signals, and it has a measured reason: were rows
    // derived from the session (memos), every update would mark every row's memo and
    // effects for checking, thousands of nodes for a long cart, before finding that one
    // row changed (reactive_graph pushes "check" to all descendants; see BENCHMARKS.md).
    // (A render effect: it runs at once, so the rows below find their signals, and it is
    // kept for as long as the list.)
    let lines: Lines = StoredValue::new(HashMap::default());
    let patcher = RenderEffect::new(move |_| session.with(|s| patch(lines, &s.line_items)));
    StoredValue::new(patcher);
    let label = locale.strings().items_label();
    view! {
        <ul class="cw-items" role="list" aria-label=label>
            <For
                each=move || ids.get()
                key=|id| id.clone()
                children=move |id| {
                    let row = || lines.with_value(|rows| rows.get(&id).cloned());
                    let row = row().or_else(|| {
                        // An item new in this answer, reached before the patch ran:
                        // patch now (the patch's own run then finds nothing to do).
                        session.with_untracked(|s| patch(lines, &s.line_items));
                        row()
                    })?;
                    Some(view! { <Row item=row.into() currency=currency.clone() locale=locale.clone() busy=busy on_quantity=on_quantity on_remove=on_remove /> })
                }
            />
        </ul>
    }
}

/// One line item. Its labels and product name are rendered once (locale and currency
/// hold while a cart is shown, and a line item keeps its product: an upsell is a price of
/// the same product, DESIGN §3.2); only what an update can change (price, quantity,
/// amounts) is reactive.
#[component]
fn Row(
    item: Signal<ClientLineItem>,
    currency: String,
    locale: Locale,
    busy: Signal<bool>,
    on_quantity: Callback<(String, u64)>,
    on_remove: Callback<(bool, String)>,
) -> impl IntoView {
    let first = item.get_untracked();
    let name = first.product.name.clone();
    let s = locale.strings();
    let tag = locale.tag.clone();
    let unit_locale = locale.clone();
    let unit_currency = currency.clone();
    let unit = move || {
        item.with(|li| {
            let amount = li
                .price
                .unit_amount
                .map(|a| format::money(a, &unit_currency, &tag, false));
            match (amount, li.price.recurring) {
                (Some(a), Some(r)) => unit_locale.line_price(&a, r.interval, r.interval_count),
                (Some(a), None) => a,
                (None, _) => String::new(),
            }
        })
    };
    // A yearly line also says what it comes to per month (the upsell's yearly price,
    // say): "$83.33 / month, billed yearly".
    let (month_currency, month_locale) = (currency.clone(), locale.clone());
    let per_month = move || {
        item.with(|li| {
            let r = li.price.recurring?;
            let monthly = per_month(li.amount_subtotal, r.interval, r.interval_count)?;
            let amount = format::money(monthly, &month_currency, &month_locale.tag, false);
            Some(month_locale.plural(
                month_locale.strings().monthly_equivalent(),
                r.interval_count.into(),
                &amount,
            ))
        })
    };
    let quantity = Signal::derive(move || item.with(|li| li.quantity));
    let range = first.adjustable_quantity;
    let optional = first.source == LineItemSource::OptionalItem;
    let control = if range.enabled && (optional || first.source == LineItemSource::Original) {
        let line = first.id.clone();
        view! {
            <QuantityStepper
                name=name.clone()
                quantity=quantity
                minimum=range.minimum
                maximum=range.maximum
                busy=busy
                locale=locale.clone()
                on_change=Callback::new(move |q| on_quantity.run((line.clone(), q)))
            />
        }
        .into_any()
    } else {
        view! { <span class="cw-qty-text">{move || fill(s.quantity(), &[("count", &quantity.get().to_string())])}</span> }.into_any()
    };
    let remove = (optional || first.source == LineItemSource::CrossSell).then(|| {
        let id = if optional {
            first.price.id.clone()
        } else {
            first.product.id.clone()
        };
        view! {
            <ActionButton
                class="cw-link"
                name=fill(s.remove(), &[("name", &name)])
                text=s.remove_short()
                locked=busy
                on_press=Callback::new(move |()| on_remove.run((optional, id.clone())))
            />
        }
    });
    let tag = locale.tag;
    view! {
        <li class="cw-item" data-line-item=first.id.clone()>
            <div class="cw-item-main">
                <span class="cw-item-name">{name}</span>
                <span class="cw-muted">{unit}</span>
                {move || per_month().map(|text| view! { <span class="cw-muted cw-per-month">{text}</span> })}
                {remove}
            </div>
            <div class="cw-item-side">
                {control}
                <span class="cw-item-total">{move || format::money(item.with(|li| li.amount_subtotal), &currency, &tag, false)}</span>
            </div>
        </li>
    }
}
