//! Every string the buyer sees, one table per locale, and how the locale is chosen:
//! the `locale` attribute, then the session's `locale`, then `navigator.language`;
//! anything unknown falls back to English.

use crate::api::ApiError;
use checkout_core::catalog::{CouponDuration, Interval};

/// A supported language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    De,
}

/// The chosen language and the BCP 47 tag used for number formatting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locale {
    pub lang: Lang,
    pub tag: String,
}

impl Locale {
    /// The first of `candidates` whose language is supported, else English.
    pub fn choose<'a>(candidates: impl IntoIterator<Item = Option<&'a str>>) -> Locale {
        for tag in candidates.into_iter().flatten() {
            let tag = tag.trim();
            let primary = tag
                .split(['-', '_'])
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            let lang = match primary.as_str() {
                "en" => Lang::En,
                "de" => Lang::De,
                _ => continue,
            };
            return Locale {
                lang,
                tag: tag.replace('_', "-"),
            };
        }
        Locale {
            lang: Lang::En,
            tag: "en".into(),
        }
    }

    pub fn strings(&self) -> &'static Strings {
        match self.lang {
            Lang::En => &EN,
            Lang::De => &DE,
        }
    }
}

/// The text of one locale. `{}` marks where a value goes.
pub struct Strings {
    pub html_lang: &'static str,
    pub loading: &'static str,
    pub load_failed: &'static str,
    pub try_again: &'static str,
    pub empty: &'static str,
    pub order_summary: &'static str,
    pub items_label: &'static str,
    pub quantity: &'static str,
    pub decrease: &'static str,
    pub increase: &'static str,
    pub quantity_of: &'static str,
    pub subtotal: &'static str,
    pub discount: &'static str,
    pub total_due_today: &'static str,
    pub then_per: &'static str,
    /// A yearly line per month: the amount.
    pub per_month: &'static str,
    /// A line billed every n years, per month: the amount, n.
    pub per_month_years: &'static str,
    pub then_every: &'static str,
    pub trial: &'static str,
    pub add: &'static str,
    pub add_short: &'static str,
    pub remove: &'static str,
    pub remove_short: &'static str,
    pub added: &'static str,
    pub cross_sells_heading: &'static str,
    pub save_amount: &'static str,
    pub once: &'static str,
    pub forever: &'static str,
    pub for_months: &'static str,
    pub updating: &'static str,
    pub dismiss: &'static str,
    pub err_network: &'static str,
    pub err_timeout: &'static str,
    pub err_server: &'static str,
    pub err_malformed: &'static str,
    pub err_refused: &'static str,
    pub err_quantity: &'static str,
    pub err_permission: &'static str,
    pub err_not_open: &'static str,
    pub err_not_found: &'static str,
    pub err_offer_gone: &'static str,
    pub err_declined: &'static str,
    pub err_cart_changed: &'static str,
    pub err_email_invalid: &'static str,
    pub err_email_missing: &'static str,
    pub err_awaiting_payment: &'static str,
    /// The merchant reopened the session without a message of its own.
    pub payment_failed: &'static str,
    pub email: &'static str,
    pub waiting_for_payment: &'static str,
    pub subscribe: &'static str,
    pub pay: &'static str,
    pub test_mode: &'static str,
    pub test_mode_note: &'static str,
    pub done_subscription: &'static str,
    pub done_payment: &'static str,
    pub paid_today: &'static str,
    pub unchanged: &'static str,
    /// Upsell switch names by target interval (day, week, month, year).
    pub upsell_names: [&'static str; 4],
    /// Interval nouns, singular (day, week, month, year).
    pub intervals: [&'static str; 4],
    /// Interval nouns, plural.
    pub intervals_plural: [&'static str; 4],
}

pub static EN: Strings = Strings {
    html_lang: "en",
    loading: "Loading your checkout…",
    load_failed: "We couldn't load your checkout.",
    try_again: "Try again",
    empty: "Your cart is empty.",
    order_summary: "Order summary",
    items_label: "Items in your order",
    quantity: "Qty {}",
    decrease: "Decrease quantity of {}",
    increase: "Increase quantity of {}",
    quantity_of: "Quantity of {}",
    subtotal: "Subtotal",
    discount: "Discount",
    total_due_today: "Total due today",
    then_per: "then {} per {}",
    per_month: "{} / month, billed yearly",
    per_month_years: "{} / month, billed every {} years",
    then_every: "then {} every {}",
    trial: "{} days free",
    add: "Add {}",
    add_short: "Add",
    remove: "Remove {}",
    remove_short: "Remove",
    added: "Added",
    cross_sells_heading: "Recommended add-ons",
    save_amount: "Save {}",
    once: "first invoice",
    forever: "every invoice",
    for_months: "for {} months",
    updating: "Updating your order…",
    dismiss: "Dismiss",
    err_network: "We couldn't reach the server. Check your connection and try again.",
    err_timeout: "The server took too long to answer. Please try again.",
    err_server: "Something went wrong on our end. Please try again.",
    err_malformed: "We received an unexpected answer from the server. Please try again.",
    err_refused: "That change isn't possible for this order.",
    err_quantity: "That quantity isn't available for this item.",
    err_permission: "This order can't be changed here.",
    err_not_open: "This checkout is no longer open.",
    err_not_found: "This checkout could not be found.",
    err_offer_gone: "That offer is no longer available.",
    err_declined: "Your payment was declined.",
    err_cart_changed: "Your cart changed in the meantime; please check it and confirm again.",
    err_email_invalid: "Enter a valid email address, such as name@example.com.",
    err_email_missing: "Enter your email address to continue.",
    err_awaiting_payment: "Your payment is being processed, so your order can't change right now.",
    payment_failed: "Your payment didn't go through. Check your details and try again.",
    email: "Email",
    waiting_for_payment: "Waiting for payment…",
    subscribe: "Subscribe",
    pay: "Pay",
    test_mode: "Test mode",
    test_mode_note: "No money moves in test mode.",
    done_subscription: "Thank you! Your subscription is active.",
    done_payment: "Thank you! Your payment went through.",
    paid_today: "Paid today",
    unchanged: "Your cart has not changed.",
    upsell_names: [
        "Save with a daily subscription",
        "Save with a weekly subscription",
        "Save with a monthly subscription",
        "Save with a yearly subscription",
    ],
    intervals: ["day", "week", "month", "year"],
    intervals_plural: ["days", "weeks", "months", "years"],
};

pub static DE: Strings = Strings {
    html_lang: "de",
    loading: "Ihr Bezahlvorgang wird geladen…",
    load_failed: "Ihr Bezahlvorgang konnte nicht geladen werden.",
    try_again: "Erneut versuchen",
    empty: "Ihr Warenkorb ist leer.",
    order_summary: "Bestellübersicht",
    items_label: "Posten Ihrer Bestellung",
    quantity: "Menge {}",
    decrease: "Menge von {} verringern",
    increase: "Menge von {} erhöhen",
    quantity_of: "Menge von {}",
    subtotal: "Zwischensumme",
    discount: "Rabatt",
    total_due_today: "Heute fällig",
    then_per: "danach {} pro {}",
    per_month: "{} / Monat, jährlich abgerechnet",
    per_month_years: "{} / Monat, alle {} Jahre abgerechnet",
    then_every: "danach {} alle {}",
    trial: "{} Tage kostenlos",
    add: "{} hinzufügen",
    add_short: "Hinzufügen",
    remove: "{} entfernen",
    remove_short: "Entfernen",
    added: "Hinzugefügt",
    cross_sells_heading: "Empfohlene Ergänzungen",
    save_amount: "{} sparen",
    once: "erste Rechnung",
    forever: "jede Rechnung",
    for_months: "für {} Monate",
    updating: "Ihre Bestellung wird aktualisiert…",
    dismiss: "Schließen",
    err_network: "Der Server ist nicht erreichbar. Bitte prüfen Sie Ihre Verbindung und versuchen Sie es erneut.",
    err_timeout: "Der Server hat zu lange nicht geantwortet. Bitte versuchen Sie es erneut.",
    err_server: "Bei uns ist ein Fehler aufgetreten. Bitte versuchen Sie es erneut.",
    err_malformed: "Der Server hat eine unerwartete Antwort gesendet. Bitte versuchen Sie es erneut.",
    err_refused: "Diese Änderung ist für diese Bestellung nicht möglich.",
    err_quantity: "Diese Menge ist für diesen Posten nicht verfügbar.",
    err_permission: "Diese Bestellung kann hier nicht geändert werden.",
    err_not_open: "Dieser Bezahlvorgang ist nicht mehr offen.",
    err_not_found: "Dieser Bezahlvorgang wurde nicht gefunden.",
    err_offer_gone: "Dieses Angebot ist nicht mehr verfügbar.",
    err_declined: "Ihre Zahlung wurde abgelehnt.",
    err_cart_changed: "Ihr Warenkorb hat sich inzwischen geändert; bitte prüfen Sie ihn und bestätigen Sie erneut.",
    err_email_invalid: "Geben Sie eine gültige E-Mail-Adresse ein, z. B. name@example.com.",
    err_email_missing: "Geben Sie Ihre E-Mail-Adresse ein, um fortzufahren.",
    err_awaiting_payment: "Ihre Zahlung wird verarbeitet; Ihre Bestellung kann gerade nicht geändert werden.",
    payment_failed: "Ihre Zahlung ist nicht durchgegangen. Bitte prüfen Sie Ihre Angaben und versuchen Sie es erneut.",
    email: "E-Mail",
    waiting_for_payment: "Warten auf Zahlung…",
    subscribe: "Abonnieren",
    pay: "Bezahlen",
    test_mode: "Testmodus",
    test_mode_note: "Im Testmodus fließt kein Geld.",
    done_subscription: "Vielen Dank! Ihr Abonnement ist aktiv.",
    done_payment: "Vielen Dank! Ihre Zahlung ist eingegangen.",
    paid_today: "Heute bezahlt",
    unchanged: "Ihr Warenkorb wurde nicht geändert.",
    upsell_names: [
        "Mit einem Tagesabonnement sparen",
        "Mit einem Wochenabonnement sparen",
        "Mit einem Monatsabonnement sparen",
        "Mit einem Jahresabonnement sparen",
    ],
    intervals: ["Tag", "Woche", "Monat", "Jahr"],
    intervals_plural: ["Tage", "Wochen", "Monate", "Jahre"],
};

/// Puts `value` where `{}` is.
pub fn fill(template: &str, value: &str) -> String {
    template.replacen("{}", value, 1)
}

/// Puts two values in order.
pub fn fill2(template: &str, a: &str, b: &str) -> String {
    fill(&fill(template, a), b)
}

fn interval_index(i: Interval) -> usize {
    match i {
        Interval::Day => 0,
        Interval::Week => 1,
        Interval::Month => 2,
        Interval::Year => 3,
    }
}

impl Strings {
    /// "month" or "3 months".
    pub fn interval(&self, interval: Interval, count: u32) -> String {
        let i = interval_index(interval);
        if count == 1 {
            self.intervals[i].to_string()
        } else {
            let mut s = count.to_string();
            s.push(' ');
            s.push_str(self.intervals_plural[i]);
            s
        }
    }

    /// "then $1,000.00 per year" / "then $300.00 every 3 months".
    pub fn then(&self, amount: &str, interval: Interval, count: u32) -> String {
        let template = if count == 1 {
            self.then_per
        } else {
            self.then_every
        };
        fill2(template, amount, &self.interval(interval, count))
    }

    /// The switch's stable accessible name for an upsell to `interval`.
    pub fn upsell_name(&self, interval: Interval) -> &'static str {
        self.upsell_names[interval_index(interval)]
    }

    /// How long a coupon lasts.
    pub fn coupon_duration(&self, duration: CouponDuration, months: Option<u32>) -> String {
        match duration {
            CouponDuration::Once => self.once.to_string(),
            CouponDuration::Forever => self.forever.to_string(),
            CouponDuration::Repeating => fill(self.for_months, &months.unwrap_or(0).to_string()),
        }
    }

    /// What to tell the buyer when an update or the load fails.
    pub fn error_message(&self, error: &ApiError) -> &'static str {
        match error {
            ApiError::Network => self.err_network,
            ApiError::Timeout => self.err_timeout,
            ApiError::Malformed => self.err_malformed,
            ApiError::Http { status } if *status >= 500 => self.err_server,
            ApiError::Http { .. } => self.err_refused,
            ApiError::Server { status, code, .. } => match code.as_str() {
                _ if *status >= 500 => self.err_server,
                "quantity_out_of_range" | "quantity_not_adjustable" => self.err_quantity,
                "permission_denied" => self.err_permission,
                "session_not_open" => self.err_not_open,
                "payment_declined" => self.err_declined,
                "session_version_conflict" => self.err_cart_changed,
                "email_invalid" => self.err_email_invalid,
                // The one field a buyer's request can miss: the email at confirm.
                "parameter_missing" => self.err_email_missing,
                "session_awaiting_payment" => self.err_awaiting_payment,
                "resource_missing" => self.err_not_found,
                "cross_sell_not_offered" | "cross_sell_not_added" | "upsell_not_available" => {
                    self.err_offer_gone
                }
                _ => self.err_refused,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    /// The loader's failure state (js/checkout-widget.js, shown when the wasm cannot load)
    /// says what the widget's own failed load says, in both languages.
    #[test]
    fn the_loaders_failure_texts_are_the_widgets() {
        let loader = include_str!("../js/checkout-widget.js");
        for s in [&super::EN, &super::DE] {
            for text in [s.load_failed, s.err_network, s.try_again] {
                assert!(
                    loader.contains(text),
                    "js/checkout-widget.js lacks {text:?}"
                );
            }
        }
    }
}
