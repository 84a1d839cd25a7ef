//! The widget's components: each renders part of the client view and sends intents
//! through `on_*` callbacks; none holds business logic.

mod action_button;
mod alert;
mod checkout;
mod confirm_button;
mod email_field;
mod line_item_list;
mod offers;
mod payment_slot;
mod promotion_code;
mod quantity_stepper;
mod totals;
mod upsell_switch;

pub use action_button::ActionButton;
pub use alert::ErrorAlert;
pub use checkout::{Checkout, WidgetConfig};
pub use confirm_button::ConfirmButton;
pub use email_field::EmailField;
pub use line_item_list::LineItemList;
pub use offers::{Offer, Offers};
pub use payment_slot::PaymentSlot;
pub use promotion_code::PromotionCode;
pub use quantity_stepper::QuantityStepper;
pub use totals::Totals;
pub use upsell_switch::UpsellSwitch;

/// The value of an ARIA boolean attribute (`aria-checked`, `aria-busy`), without
/// allocating.
pub(crate) fn aria(on: bool) -> &'static str {
    if on {
        "true"
    } else {
        "false"
    }
}

/// A control's own `aria-disabled` (at a quantity limit): `"true"`, or no attribute at
/// all. Never `"false"`: an explicit `false` would stop the update lock, which is one
/// `aria-disabled="true"` on the widget's root and, by ARIA's rule, disables every
/// control inside it (see `Checkout`).
pub(crate) fn disabled_if(on: bool) -> Option<&'static str> {
    on.then_some("true")
}
