//! checkout-core: the wire types and every pure rule of the checkout: money, eligibility,
//! savings, totals and line-item update semantics. No I/O; builds for wasm32 and native,
//! and both the widget and the server use it.

pub mod amounts;
pub mod catalog;
pub mod cross_sell;
pub mod eligibility;
pub mod error;
pub mod insights;
pub mod integers;
pub mod metadata;
pub mod money;
pub mod params;
pub mod promotion;
pub mod session;
pub mod upsell;
pub mod view;
pub mod web;
pub mod wire_names;

#[cfg(test)]
mod testing;
#[cfg(test)]
mod tests;

pub use error::{Code, Error, RuleError, StoreError};
