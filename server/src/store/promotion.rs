//! Promotion codes (DESIGN §11), stored whole with the columns they are found by; a
//! completion counts its redemption under the code's row lock.

use super::Page;
use crate::error::AppError;
use checkout_core::catalog::Record;
use checkout_core::promotion::PromotionCode;
use checkout_core::Code;

/// The promotion codes' part of a transaction.
pub trait PromotionTx {
    fn promotion_code(&self, id: &str) -> Result<Option<Record<PromotionCode>>, AppError>;
    /// The code the buyer typed (`normalize`d): the active one, else the newest inactive
    /// one (so an archived code is refused as no longer valid), else none.
    fn promotion_code_by_code(
        &self,
        code_lower: &str,
    ) -> Result<Option<Record<PromotionCode>>, AppError>;
    /// A page of the codes, newest first, of one coupon when `coupon` is given.
    fn list_promotion_codes(
        &self,
        coupon: Option<&str>,
        page: &Page,
    ) -> Result<Vec<Record<PromotionCode>>, AppError>;
    /// Inserts a new code; an id taken or an active code already spelled so (whatever its
    /// case) is refused (409 `resource_exists`).
    fn insert_promotion_code(&self, p: &Record<PromotionCode>) -> Result<(), AppError>;
    /// Writes `active` (the one field a code changes, with its metadata).
    fn save_promotion_code(&self, p: &Record<PromotionCode>) -> Result<(), AppError>;
    /// Counts one redemption if the code has one left: answers whether it had. The row
    /// lock of the update orders completions on every instance.
    fn redeem_promotion_code(&self, id: &str) -> Result<bool, AppError>;
}

/// The refusal of a code already active under another id.
pub fn code_taken(code: &str) -> AppError {
    AppError::with_param(
        Code::ResourceExists,
        format!("an active promotion code `{code}` exists already (codes are matched without regard to case)"),
        "code",
    )
}
