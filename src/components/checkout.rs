use super::{aria, disabled_if};
use crate::api::{ApiError, Change, Client, Intent};
use crate::components::{
    ConfirmButton, EmailField, ErrorAlert, LineItemList, Offer, Offers, PaymentSlot, PromotionCode,
    Totals, UpsellSwitch,
};
use crate::events::{self, Host};
use crate::format;
use crate::i18n::{Locale, Wanted};
use checkout_core::view::{ClientSession, Mode, Status};
use leptos::prelude::*;
use std::sync::Arc;
use std::time::Duration;

/// How often a session awaiting the merchant's payment step is read again.
const AWAITING_POLL: Duration = Duration::from_secs(2);

/// What the embedding page sets: the `session`, `endpoint` and `locale` attributes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WidgetConfig {
    pub session: String,
    pub endpoint: String,
    pub locale: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Screen {
    Loading,
    LoadFailed,
    Empty,
    Cart,
    /// Confirmed: the finished state.
    Complete,
}

/// A session as the server answered it. Shared, not copied: every part of the widget
/// reads the one decoded answer (a long cart's line items are not cloned per memo).
type Shared = Arc<ClientSession>;

/// The newest of two views of the same session: an answer never replaces a newer state.
fn newest(id: &str, a: Option<Shared>, b: Option<Shared>) -> Option<Shared> {
    let a = a.filter(|s| s.id == id);
    let b = b.filter(|s| s.id == id);
    match (a, b) {
        (Some(a), Some(b)) => Some(if b.version >= a.version { b } else { a }),
        (a, b) => a.or(b),
    }
}

/// The whole checkout for one session: loads it, renders it, and sends every change
/// through one update queue (runServerUpdate): one at a time, `aria-busy` and every
/// control disabled while it runs, the view rebuilt only from the server's answer, and
/// on failure the cart left as it was with an alert in the buyer's language.
///
/// The lock is one attribute: `aria-disabled="true"` on the root while an update runs.
/// By WAI-ARIA's rule it disables every focusable descendant (Chromium's accessibility
/// tree and Playwright's `toBeDisabled` both follow it), so a 500-line cart locks with one
/// DOM write instead of a thousand; each control adds its own `aria-disabled` only for
/// its own reasons (a quantity limit), and every press checks the queue itself.
#[component]
pub fn Checkout(
    /// Session, endpoint and locale; changing them reloads.
    #[prop(into)]
    config: Signal<WidgetConfig>,
    /// The element that receives `checkout:*` events (none in component tests).
    #[prop(optional)]
    host: Host,
    /// Notified by `element.refresh()` / `handle.refresh()`: read the session again now.
    refresh: Trigger,
) -> impl IntoView {
    let client = Memo::new(move |_| {
        config.with(|c| Client {
            endpoint: c.endpoint.clone(),
            session: c.session.clone(),
        })
    });
    // The first load goes through an action too (the async machinery of a resource is
    // ~7 KB of download the widget would carry for this one request). It is dispatched
    // when the session or endpoint changes and when the buyer asks to try again; a load
    // still on its way is aborted first, so a slow answer for a session no longer shown
    // never lands (an action keeps whichever answer came last).
    //
    // It also reads the session again (every 2 s while it awaits the merchant's payment
    // step, and on `refresh()`): then a failed read keeps the cart as shown (the next read
    // tries again), and an answer says `checkout:change` only when the version moved.
    let updated = RwSignal::new(None::<Shared>);
    let last_loaded = StoredValue::new(None::<(String, Shared)>);
    let load = Action::new_local(move |client: &Client| {
        let client = client.clone();
        async move {
            let before = last_loaded.with_value(|l| {
                l.as_ref()
                    .filter(|(id, _)| *id == client.session)
                    .map(|(_, s)| s.clone())
            });
            let answer = match (client.fetch().await, before) {
                (Ok(answer), None) => {
                    events::painted();
                    host.emit_session("checkout:ready", answer.json);
                    Ok(Arc::new(answer.session))
                }
                (Ok(answer), Some(before)) => {
                    let shown = updated.with_untracked(|u| {
                        u.as_ref()
                            .filter(|u| u.id == before.id)
                            .map_or(before.version, |u| u.version.max(before.version))
                    });
                    if answer.session.version > shown {
                        host.emit_session("checkout:change", answer.json);
                    }
                    Ok(Arc::new(answer.session))
                }
                (Err(e), None) => {
                    host.emit_error(&e);
                    Err(e)
                }
                (Err(_), Some(before)) => Ok(before),
            };
            if let Ok(s) = &answer {
                last_loaded.set_value(Some((client.session.clone(), s.clone())));
            }
            // The buyer's strings, before the answer shows (the loader has them on their
            // way already, beside the wasm and the session).
            let from_session = answer.as_ref().ok().and_then(|s| s.locale.clone());
            config
                .with_untracked(|c| Wanted::of(c.locale.as_deref(), from_session.as_deref()))
                .load()
                .await;
            (client.session, answer)
        }
    });
    // `refresh()` of the element or the mount handle is this trigger ("Try again" too).
    let reload = refresh;
    Effect::new(move |in_flight: Option<Option<ActionAbortHandle>>| {
        reload.track();
        if let Some(Some(previous)) = in_flight {
            previous.abort();
        }
        // No session yet: nothing to ask for until the page sets one.
        let client = client.get();
        (!client.session.trim().is_empty()).then(|| load.dispatch_local(client))
    });
    // The first load's answer for the session shown (None while it is on its way).
    let loaded = move || -> Option<Result<Shared, ApiError>> {
        let value = load.value();
        value.with(|v| {
            let (id, answer) = v.as_ref()?;
            config.with(|c| c.session == *id).then(|| answer.clone())
        })
    };
    // `updated` (above): the latest session the server answered to an update (written by
    // the queue below).
    // Compared by identity: each answer is a new `Arc`, and the parts compare what they
    // take from it (a row its line item), so no deep comparison of whole sessions.
    let session = Memo::new_with_compare(
        move |_| {
            let loaded = loaded().and_then(Result::ok);
            config.with(|c| newest(&c.session, loaded, updated.get()))
        },
        |a, b| match (a, b) {
            (Some(Some(a)), Some(Some(b))) => !Arc::ptr_eq(a, b),
            (Some(None), Some(None)) => false,
            _ => true,
        },
    );
    // The buyer's locale: its strings are English's (compiled in) or fetched once (the
    // loader started that fetch beside the wasm). Until they are here the widget shows
    // its loading state, never another language's text.
    let ready = Memo::new(move |_| {
        load.version().track();
        let from_session = session.with(|s| s.as_ref().and_then(|s| s.locale.clone()));
        config
            .with(|c| Wanted::of(c.locale.as_deref(), from_session.as_deref()))
            .ready()
    });
    // A locale asked for by the attribute alone (the session did not change): read the
    // session again, which brings the strings.
    Effect::new(move |_| {
        if ready.with(Option::is_none) && !load.pending().get_untracked() {
            reload.notify();
        }
    });
    let locale = Signal::derive(move || ready.get().unwrap_or_else(Locale::english));

    let awaiting =
        Memo::new(move |_| session.with(|s| s.as_ref().is_some_and(|s| s.awaiting_payment)));
    Effect::new(move |_| {
        if awaiting.get() {
            let poll = move || {
                if !load.pending().get_untracked() {
                    reload.notify();
                }
            };
            if let Ok(interval) = set_interval_with_handle(poll, AWAITING_POLL) {
                on_cleanup(move || interval.clear());
            }
        }
    });

    let queue = Action::new_local(move |change: &Change| {
        let change = change.clone();
        let client = client.get_untracked();
        async move {
            match client.update(&change).await {
                Ok(answer) => {
                    // A confirm the merchant's payment step takes over: the page mounts
                    // its provider's form in `slot="payment"`.
                    let handed_over = matches!(change.intent, Intent::Confirm { .. })
                        && answer.session.awaiting_payment;
                    if handed_over {
                        host.emit_session("checkout:change", answer.json.clone());
                        host.emit_session("checkout:confirm", answer.json);
                    } else {
                        host.emit_session("checkout:change", answer.json);
                    }
                    updated.set(Some(Arc::new(answer.session)));
                    Ok(())
                }
                Err(e) => {
                    host.emit_error(&e);
                    Err((client.session, e, change))
                }
            }
        }
    });
    let busy = queue.pending();
    // The alert explains the last update's failure, for the session still shown.
    let last_failure = Memo::new(move |_| {
        let last: Option<Result<(), (String, ApiError, Change)>> = queue.value().get();
        let (failed_session, error, change) = last?.err()?;
        config
            .with(|c| c.session == failed_session)
            .then_some((error, change))
    });
    // The last confirm was refused for the buyer's email.
    let email_refused = Signal::derive(move || {
        last_failure.with(|f| {
            f.as_ref()
                .is_some_and(|(e, _)| matches!(e.code(), "email_invalid" | "parameter_missing"))
        })
    });
    // Why the last promotion code was refused: said next to its field, not in the alert.
    let code_refused = Signal::derive(move || {
        let loc = locale.get();
        last_failure.with(|f| {
            let (e, change) = f.as_ref()?;
            matches!(change.intent, Intent::ApplyCode { .. })
                .then(|| loc.strings().code_refusal(e))
                .flatten()
        })
    });
    let dispatch = move |change: Change| {
        if !busy.get_untracked() && session.with_untracked(Option::is_some) {
            queue.dispatch_local(change);
        }
    };
    // Every buyer action is a new change with a fresh key ...
    let send = move |intent: Intent| dispatch(Change::new(intent));
    // ... and "Try again" sends the failed one again with its key (the server answers a
    // change that did land with its first answer instead of making it twice).
    let retry = Callback::new(move |()| {
        if let Some((_, change)) = last_failure.get_untracked() {
            dispatch(change);
        }
    });
    let can_retry = Signal::derive(move || {
        last_failure.with(|f| f.as_ref().is_some_and(|(e, _)| e.retryable()))
    });

    let busy_signal: Signal<bool> = busy.into();
    // The alert: why the last update failed (the cart is as it was), else why the
    // merchant's payment step did not go through (after it reopened the session).
    let alert_text = Signal::derive(move || {
        let loc = locale.get();
        let s = loc.strings();
        if code_refused.with(Option::is_some) {
            return None;
        }
        if let Some(text) = last_failure.with(|f| {
            f.as_ref().map(|(e, _)| {
                let mut text = s.error_message(e).to_string();
                text.push(' ');
                text.push_str(s.unchanged());
                text
            })
        }) {
            return Some(text);
        }
        session.with(|v| {
            let failure = v.as_ref()?.payment_failure.as_ref()?;
            Some(
                failure
                    .message
                    .clone()
                    .unwrap_or_else(|| s.payment_failed().to_string()),
            )
        })
    });
    // Which screen to show. The body below re-renders only when this changes; within a
    // cart, every part updates in place (so keyboard focus survives an update).
    let screen = Memo::new(move |_| {
        match session.with(|s| s.as_ref().map(|s| (s.status, s.line_items.is_empty()))) {
            _ if ready.with(Option::is_none) => Screen::Loading,
            Some((Status::Complete, _)) => Screen::Complete,
            Some((_, false)) => Screen::Cart,
            Some((_, true)) => Screen::Empty,
            // "Try again" shows the loading state until the new answer is in.
            None if load.pending().get() => Screen::Loading,
            None if loaded().is_some_and(|r| r.is_err()) => Screen::LoadFailed,
            None => Screen::Loading,
        }
    });
    // A cart's locale and currency hold while it is shown; a change draws it anew. So its
    // parts take them as stored (untracked) values, and the hundreds of effects of a long
    // cart do not all subscribe to them (unsubscribing from a signal with many
    // subscribers costs time linear in their number, on every re-run).
    let currency = Memo::new(move |_| session.with(|s| s.as_ref().map(|s| s.currency.clone())));
    let body = move || {
        match screen.get() {
        Screen::Loading => view! {
            <div class="cw-state cw-loading" role="status">
                <span class="cw-spinner" aria-hidden="true"></span>
                <p>{move || ready.with(|r| r.as_ref().map(|l| l.strings().loading()))}</p>
            </div>
        }
        .into_any(),
        Screen::LoadFailed => {
            let error = move || loaded().and_then(Result::err);
            view! {
                <div class="cw-state" role="alert">
                    <p class="cw-state-title">{move || locale.get().strings().load_failed()}</p>
                    <p class="cw-muted">{move || error().map(|e| locale.get().strings().error_message(&e))}</p>
                    <button type="button" class="cw-button" on:click=move |_| reload.notify()>
                        {move || locale.get().strings().try_again()}
                    </button>
                </div>
            }
            .into_any()
        }
        Screen::Complete => {
            let Some(done) = session.get_untracked() else { return ().into_any() };
            let loc = locale.get();
            let s = loc.strings();
            let title = match done.mode {
                Mode::Subscription => s.done_subscription(),
                Mode::Payment => s.done_payment(),
            };
            let paid = format::money(done.amount_total, &done.currency, &loc.tag, false);
            view! {
                <div class="cw-state cw-done" role="status">
                    <span class="cw-done-icon" aria-hidden="true">"✓"</span>
                    <p class="cw-state-title">{title}</p>
                    <p class="cw-muted">{s.paid_today()} ": " {paid}</p>
                </div>
            }
            .into_any()
        }
        Screen::Empty => view! { <div class="cw-state" role="status"><p>{move || locale.get().strings().empty()}</p></div> }.into_any(),
        Screen::Cart => {
            let Some(first) = session.get_untracked() else { return ().into_any() };
            // A memo, so every part borrows the one copy instead of cloning the session.
            let current = Memo::new_with_compare(
                move |_| session.get().unwrap_or_else(|| first.clone()),
                |a, b| !matches!((a, b), (Some(a), Some(b)) if Arc::ptr_eq(a, b)),
            );
            let fixed_locale = locale.get();
            let fixed_currency = currency.get().unwrap_or_default();
            view! { <Cart session=current.into() locale=fixed_locale currency=fixed_currency busy=busy_signal awaiting=awaiting.into() email_refused=email_refused code_refused=code_refused send=send /> }.into_any()
        }
    }
    };

    view! {
        <section
            class="cw"
            lang=move || locale.with(|l| l.lang().to_string())
            dir=move || locale.with(Locale::dir)
            aria-label=move || locale.get().strings().order_summary()
            aria-busy=move || aria(busy.get())
            aria-disabled=move || disabled_if(busy.get())
        >
            {body}
            <ErrorAlert text=alert_text locale=locale retry=can_retry busy=busy_signal on_retry=retry />
            <p class="cw-sr" role="status">{move || busy.get().then(|| locale.get().strings().updating())}</p>
        </section>
    }
}

/// The loaded cart: line items, the upsell switch, the cross-sell offers and the totals;
/// then the buyer's email and the confirm button, or, while the session awaits the
/// merchant's payment step, the payment slot (the cart above is frozen then).
#[component]
fn Cart(
    session: Signal<Shared>,
    locale: Locale,
    currency: String,
    busy: Signal<bool>,
    awaiting: Signal<bool>,
    email_refused: Signal<bool>,
    code_refused: Signal<Option<&'static str>>,
    send: impl Fn(Intent) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let list_currency = currency.clone();
    let fixed = locale;
    let currency = Signal::stored(currency);
    // While the payment is under way, no control of the cart takes a press.
    let locked = Signal::derive(move || busy.get() || awaiting.get());
    // Whether the widget asks for the email is fixed for the session; what the buyer types
    // stays in the field (not re-rendered while the payment step runs) and is read here.
    let collect_email = session.with_untracked(|s| s.collect_email);
    let email = RwSignal::new(String::new());
    let has_upsell = Memo::new(move |_| session.with(|s| s.upsell.is_some()));
    let upsell_locale = fixed.clone();
    let upsell = move || {
        if !has_upsell.get() {
            return None;
        }
        let first = session.with_untracked(|s| s.upsell.clone())?;
        let upsell = Signal::derive(move || {
            session
                .with(|s| s.upsell.clone())
                .unwrap_or_else(|| first.clone())
        });
        Some(view! {
            <UpsellSwitch
                upsell=upsell
                currency=currency
                locale=upsell_locale.clone()
                busy=locked
                on_toggle=Callback::new(move |selected| send(Intent::Upsell { selected }))
            />
        })
    };
    let field = collect_email.then(|| {
        view! {
            <EmailField
                invalid=email_refused
                locale=fixed.clone()
                on_input=Callback::new(move |text| email.set(text))
            />
        }
    });
    view! {
        <div class="cw-cart" role="group" aria-disabled=move || disabled_if(awaiting.get())>
            <h2 class="cw-title">{fixed.strings().order_summary()}</h2>
            <LineItemList
                session=session
                currency=list_currency
                locale=fixed.clone()
                busy=locked
                on_quantity=Callback::new(move |(line_item, quantity)| send(Intent::Quantity { line_item, quantity }))
                on_remove=Callback::new(move |(optional, id)| send(if optional {
                    Intent::RemoveOptionalItem { price: id }
                } else {
                    Intent::RemoveCrossSell { product: id }
                }))
            />
            {upsell}
            <Offers
                offers=Memo::new(move |_| session.with(|s| s.cross_sells.iter().filter(|o| !o.added)
                    .map(|o| Offer::of(&o.product.id, &o.product, &o.price)).collect::<Vec<_>>()))
                heading=fixed.strings().cross_sells_heading()
                currency=currency
                locale=fixed.clone()
                busy=locked
                on_add=Callback::new(move |product| send(Intent::AddCrossSell { product }))
            />
            <Offers
                offers=Memo::new(move |_| session.with(|s| s.optional_items.iter().filter(|o| !o.added)
                    .map(|o| Offer::of(&o.price.id, &o.product, &o.price)).collect::<Vec<_>>()))
                heading=fixed.strings().optional_heading()
                currency=currency
                locale=fixed.clone()
                busy=locked
                on_add=Callback::new(move |price| send(Intent::AddOptionalItem { price }))
            />
            {session.with_untracked(|s| s.allow_promotion_codes).then(|| view! {
                <PromotionCode
                    applied=Signal::derive(move || session.with(|s| s.promotion_code.as_ref().map(|c| c.code.clone())))
                    refusal=code_refused
                    locale=fixed.clone()
                    busy=locked
                    on_apply=Callback::new(move |code| send(Intent::ApplyCode { code }))
                    on_remove=Callback::new(move |()| send(Intent::RemoveCode))
                />
            })}
            <Totals session=session locale=fixed.clone() />
        </div>
        // While the merchant's payment step runs, its form (the page's `slot="payment"`)
        // takes the place of the email and the button; both stay in the page, hidden by
        // the stylesheet from the frozen cart's `aria-disabled` (one attribute for all).
        <div class="cw-confirm-area">
            {field}
            <ConfirmButton
                mode=session.with_untracked(|s| s.mode)
                livemode=session.with_untracked(|s| s.livemode)
                locale=fixed.clone()
                busy=busy
                on_confirm=Callback::new(move |()| {
                    let typed = email.get_untracked().trim().to_string();
                    let email = (collect_email && !typed.is_empty()).then_some(typed);
                    send(Intent::Confirm { expected_version: session.with_untracked(|s| s.version), email })
                })
            />
        </div>
        <PaymentSlot locale=fixed.clone() />
    }
}
