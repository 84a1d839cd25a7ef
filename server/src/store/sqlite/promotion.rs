//! Promotion codes on SQLite.

use super::{load, page_data, page_sql, SqliteTx};
use crate::error::AppError;
use crate::store::catalog::exists;
use crate::store::promotion::{code_taken, PromotionTx};
use crate::store::{Page, PageSql};
use checkout_core::catalog::Record;
use checkout_core::promotion::{normalize, PromotionCode};
use rusqlite::params;

impl PromotionTx for SqliteTx<'_> {
    fn promotion_code(&self, id: &str) -> Result<Option<Record<PromotionCode>>, AppError> {
        load(self.0, "SELECT data FROM promotion_codes WHERE id = ?1", id)
    }

    fn promotion_code_by_code(
        &self,
        code_lower: &str,
    ) -> Result<Option<Record<PromotionCode>>, AppError> {
        load(
            self.0,
            "SELECT data FROM promotion_codes WHERE code_lower = ?1
             ORDER BY active DESC, created DESC, id DESC LIMIT 1",
            code_lower,
        )
    }

    fn list_promotion_codes(
        &self,
        coupon: Option<&str>,
        page: &Page,
    ) -> Result<Vec<Record<PromotionCode>>, AppError> {
        const SQL: PageSql = page_sql!("data", "promotion_codes", "(?3 IS NULL OR coupon = ?3)");
        page_data(self.0, &SQL, "promotion_code", page, coupon)
    }

    fn insert_promotion_code(&self, p: &Record<PromotionCode>) -> Result<(), AppError> {
        if self.promotion_code(&p.id)?.is_some() {
            return Err(exists("promotion_code", &p.id));
        }
        self.0
            .prepare_cached(
                "INSERT INTO promotion_codes (id, code_lower, coupon, active, times_redeemed,
                   max_redemptions, data, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                p.id,
                normalize(&p.code),
                p.coupon,
                p.active,
                p.times_redeemed,
                p.max_redemptions,
                serde_json::to_string(p)?,
                p.created
            ])
            .map_err(|e| taken_or(e, &p.code))?;
        Ok(())
    }

    fn save_promotion_code(&self, p: &Record<PromotionCode>) -> Result<(), AppError> {
        self.0
            .prepare_cached(
                "UPDATE promotion_codes SET active = ?2,
                   data = json_set(?3, '$.times_redeemed', times_redeemed) WHERE id = ?1",
            )?
            .execute(params![p.id, p.active, serde_json::to_string(p)?])
            .map_err(|e| taken_or(e, &p.code))?;
        Ok(())
    }

    fn redeem_promotion_code(&self, id: &str) -> Result<bool, AppError> {
        let rows = self
            .0
            .prepare_cached(
                "UPDATE promotion_codes SET times_redeemed = times_redeemed + 1,
                   data = json_set(data, '$.times_redeemed', times_redeemed + 1)
                 WHERE id = ?1 AND (max_redemptions IS NULL OR times_redeemed < max_redemptions)",
            )?
            .execute([id])?;
        Ok(rows == 1)
    }
}

/// The unique index of active codes refused the row: the code is taken; else the failure.
fn taken_or(e: rusqlite::Error, code: &str) -> AppError {
    match &e {
        rusqlite::Error::SqliteFailure(f, _)
            if f.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            code_taken(code)
        }
        _ => e.into(),
    }
}
