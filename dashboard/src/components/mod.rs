//! One public component per file.

pub mod bar_chart;
pub mod coupon;
pub mod coupons;
pub mod insights;
pub mod language_switch;
pub mod layout;
pub mod new_coupon;
pub mod new_promotion_code;
pub mod preview;
pub mod price;
pub mod product;
pub mod product_settings;
pub mod products;
pub mod recent_events;
pub mod sessions;
pub mod sign_in;
pub mod webhooks;
