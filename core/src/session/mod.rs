//! Checkout sessions: the stored model ([`model`]), creation ([`create`]), the §3.3
//! line-item update ([`update`]), the widget's intents: upsell, cross-sells, quantity,
//! completion ([`intents`]), every amount ([`totals`]) and the client view ([`view`]).
//! The checks they share are in [`checks`]. Every rule reads the catalog through
//! [`Catalog`].

mod checks;
pub mod create;
pub mod intents;
pub mod model;
pub mod optional;
pub mod payment;
pub mod promotion;
pub mod totals;
pub mod update;
pub mod view;

pub use create::create_session;
pub use intents::{
    add_cross_sell, cross_sells, remove_cross_sell, select_upsell, set_quantity, upsell_state,
    UpsellState,
};
pub use model::*;
pub use optional::{add_optional_item, optional_items, remove_optional_item};
pub use payment::{complete_payment, confirm, expire, reopen, Confirmation, PaymentFlow};
pub use promotion::{apply_promotion_code, remove_promotion_code};
pub use totals::{totals, Totals};
pub use update::{update_line_items, update_session};
pub use view::{client_view, engine_view, tax_specified};

use crate::amounts::{coupon_discounted_invoices, price_amount};
use crate::catalog::{Coupon, Price, Product, TaxBehavior};
use crate::cross_sell::{offer_check, OfferContext};
use crate::error::{Code, Error, RuleError, StoreError};
use crate::money;
use crate::upsell::{check_upsell_config, savings};
use crate::view::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

/// Most line items a session holds.
pub const MAX_LINE_ITEMS: usize = 100;
/// Largest configurable quantity maximum.
pub const MAX_QUANTITY: u64 = 999_999;

/// Read access to the catalog; the server implements it over its store. Every read may
/// fail ([`StoreError`]): the rules hand such a failure back as it is, never as a refusal.
pub trait Catalog {
    fn price(&self, id: &str) -> Result<Option<Price>, StoreError>;
    fn product(&self, id: &str) -> Result<Option<Product>, StoreError>;
    /// Active prices of a product.
    fn active_prices(&self, product: &str) -> Result<Vec<Price>, StoreError>;
    fn coupon(&self, id: &str) -> Result<Option<Coupon>, StoreError>;
    /// A promotion code by id (§11).
    fn promotion_code(
        &self,
        id: &str,
    ) -> Result<Option<crate::promotion::PromotionCode>, StoreError>;
}

/// An in-memory catalog (used by tests and tools).
#[derive(Debug, Clone, Default)]
pub struct MemCatalog {
    pub products: BTreeMap<String, Product>,
    pub prices: BTreeMap<String, Price>,
    pub coupons: BTreeMap<String, Coupon>,
    pub promotion_codes: BTreeMap<String, crate::promotion::PromotionCode>,
}

impl MemCatalog {
    pub fn with_product(mut self, p: Product) -> Self {
        self.products.insert(p.id.clone(), p);
        self
    }
    pub fn with_price(mut self, p: Price) -> Self {
        self.prices.insert(p.id.clone(), p);
        self
    }
    pub fn with_coupon(mut self, c: Coupon) -> Self {
        self.coupons.insert(c.id.clone(), c);
        self
    }
}

impl Catalog for MemCatalog {
    fn price(&self, id: &str) -> Result<Option<Price>, StoreError> {
        Ok(self.prices.get(id).cloned())
    }
    fn product(&self, id: &str) -> Result<Option<Product>, StoreError> {
        Ok(self.products.get(id).cloned())
    }
    fn active_prices(&self, product: &str) -> Result<Vec<Price>, StoreError> {
        Ok(self
            .prices
            .values()
            .filter(|p| p.product == product && p.active)
            .cloned()
            .collect())
    }
    fn coupon(&self, id: &str) -> Result<Option<Coupon>, StoreError> {
        Ok(self.coupons.get(id).cloned())
    }
    fn promotion_code(
        &self,
        id: &str,
    ) -> Result<Option<crate::promotion::PromotionCode>, StoreError> {
        Ok(self.promotion_codes.get(id).cloned())
    }
}
