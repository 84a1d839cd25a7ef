//! The widget's components: each renders part of the client view and sends intents
//! through `on_*` callbacks; none holds business logic.

mod action_button;
mod alert;
mod checkout;
mod cross_sell_offers;
mod line_item_list;
mod quantity_stepper;
mod totals;
mod upsell_switch;

pub use action_button::ActionButton;
pub use alert::ErrorAlert;
pub use checkout::{Checkout, WidgetConfig};
pub use cross_sell_offers::CrossSellOffers;
pub use line_item_list::LineItemList;
pub use quantity_stepper::QuantityStepper;
pub use totals::Totals;
pub use upsell_switch::UpsellSwitch;
