use crate::api::{ApiError, Client, Intent};
use crate::components::{CrossSellOffers, ErrorAlert, LineItemList, Totals, UpsellSwitch};
use crate::events::{self, Host};
use crate::i18n::Locale;
use checkout_core::view::ClientSession;
use leptos::prelude::*;

/// What the embedding page sets: the `session`, `endpoint` and `locale` attributes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WidgetConfig {
    pub session: String,
    pub endpoint: String,
    pub locale: Option<String>,
}

/// The newest of two views of the same session: an answer never replaces a newer state.
fn newest(id: &str, a: Option<ClientSession>, b: Option<ClientSession>) -> Option<ClientSession> {
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
#[component]
pub fn Checkout(
    /// Session, endpoint and locale; changing them reloads.
    #[prop(into)]
    config: Signal<WidgetConfig>,
    /// The element that receives `checkout:*` events (none in component tests).
    #[prop(optional)]
    host: Host,
) -> impl IntoView {
    let client = Memo::new(move |_| {
        config.with(|c| Client {
            endpoint: c.endpoint.clone(),
            session: c.session.clone(),
        })
    });
    let load = LocalResource::new(move || {
        let client = client.get();
        async move {
            let result = client.fetch().await;
            match &result {
                Ok(s) => {
                    events::painted();
                    host.emit_session("checkout:ready", s);
                }
                Err(e) => host.emit_error(e),
            }
            result
        }
    });
    // The latest session the server answered to an update (written by the queue below).
    let updated = RwSignal::new(None::<ClientSession>);
    let session = Memo::new(move |_| {
        let loaded = load.get().and_then(|r| r.ok());
        config.with(|c| newest(&c.session, loaded, updated.get()))
    });
    let locale = Memo::new(move |_| {
        let nav = web_sys::window().and_then(|w| w.navigator().language());
        let from_session = session.with(|s| s.as_ref().and_then(|s| s.locale.clone()));
        config.with(|c| {
            Locale::choose([c.locale.as_deref(), from_session.as_deref(), nav.as_deref()])
        })
    });

    let queue = Action::new_local(move |intent: &Intent| {
        let intent = intent.clone();
        let client = client.get_untracked();
        async move {
            match client.update(&intent).await {
                Ok(s) => {
                    host.emit_session("checkout:change", &s);
                    updated.set(Some(s));
                    Ok(())
                }
                Err(e) => {
                    host.emit_error(&e);
                    Err(e)
                }
            }
        }
    });
    let busy = queue.pending();
    let failure = Signal::derive(move || {
        queue
            .value()
            .get()
            .and_then(|r: Result<(), ApiError>| r.err())
    });
    let send = move |intent: Intent| {
        if !busy.get_untracked() && session.with_untracked(Option::is_some) {
            queue.dispatch_local(intent);
        }
    };

    let locale: Signal<Locale> = locale.into();
    let busy_signal: Signal<bool> = busy.into();
    let body = move || {
        let Some(current) = session.get() else {
            return match load.get() {
                Some(Err(e)) => {
                    let s = locale.get().strings();
                    view! {
                        <div class="cw-state" role="alert">
                            <p class="cw-state-title">{s.load_failed}</p>
                            <p class="cw-muted">{s.error_message(&e)}</p>
                            <button type="button" class="cw-button" on:click=move |_| load.refetch()>{s.try_again}</button>
                        </div>
                    }
                    .into_any()
                }
                _ => view! {
                    <div class="cw-state cw-loading" role="status">
                        <span class="cw-spinner" aria-hidden="true"></span>
                        <p>{move || locale.get().strings().loading}</p>
                    </div>
                }
                .into_any(),
            };
        };
        if current.line_items.is_empty() {
            return view! { <div class="cw-state" role="status"><p>{move || locale.get().strings().empty}</p></div> }.into_any();
        }
        let current = Signal::derive(move || session.get().unwrap_or_else(|| current.clone()));
        let currency = Signal::derive(move || current.with(|s| s.currency.clone()));
        let upsell = move || {
            current.with(|s| s.upsell.clone()).map(|u| {
                let u = Signal::derive(move || {
                    current
                        .with(|s| s.upsell.clone())
                        .unwrap_or_else(|| u.clone())
                });
                view! {
                    <UpsellSwitch
                        upsell=u
                        currency=currency
                        locale=locale
                        busy=busy_signal
                        on_toggle=Callback::new(move |selected| send(Intent::Upsell { selected }))
                    />
                }
            })
        };
        view! {
            <h2 class="cw-title">{move || locale.get().strings().order_summary}</h2>
            <LineItemList
                items=Signal::derive(move || current.with(|s| s.line_items.clone()))
                currency=currency
                locale=locale
                busy=busy_signal
                on_quantity=Callback::new(move |(line_item, quantity)| send(Intent::Quantity { line_item, quantity }))
                on_remove=Callback::new(move |product| send(Intent::RemoveCrossSell { product }))
            />
            {upsell}
            <CrossSellOffers
                offers=Signal::derive(move || current.with(|s| s.cross_sells.clone()))
                currency=currency
                locale=locale
                busy=busy_signal
                on_add=Callback::new(move |product| send(Intent::AddCrossSell { product }))
            />
            <Totals session=current locale=locale />
        }
        .into_any()
    };

    view! {
        <section
            class="cw"
            lang=move || locale.get().strings().html_lang
            aria-label=move || locale.get().strings().order_summary
            aria-busy=move || busy.get().to_string()
        >
            {body}
            <ErrorAlert error=failure locale=locale />
            <p class="cw-sr" role="status">{move || busy.get().then(|| locale.get().strings().updating)}</p>
        </section>
    }
}
