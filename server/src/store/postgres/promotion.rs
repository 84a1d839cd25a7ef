//! Promotion codes on PostgreSQL.

use super::{page_sql, PgTx};
use crate::error::AppError;
use crate::store::catalog::exists;
use crate::store::promotion::{code_taken, PromotionTx};
use crate::store::Tx;
use crate::store::{Page, PageSql};
use checkout_core::catalog::Record;
use checkout_core::promotion::{normalize, PromotionCode};
use postgres::error::SqlState;

impl PromotionTx for PgTx<'_> {
    fn promotion_code(&self, id: &str) -> Result<Option<Record<PromotionCode>>, AppError> {
        self.load("SELECT data FROM promotion_codes WHERE id = $1", &[&id])
    }

    fn promotion_code_by_code(
        &self,
        code_lower: &str,
    ) -> Result<Option<Record<PromotionCode>>, AppError> {
        self.load(
            "SELECT data FROM promotion_codes WHERE code_lower = $1
             ORDER BY active DESC, created DESC, id DESC LIMIT 1",
            &[&code_lower],
        )
    }

    fn list_promotion_codes(
        &self,
        coupon: Option<&str>,
        page: &Page,
    ) -> Result<Vec<Record<PromotionCode>>, AppError> {
        const SQL: PageSql = page_sql!(
            "data",
            "promotion_codes",
            "($3::text IS NULL OR coupon = $3)"
        );
        self.page_data(&SQL, "promotion_code", page, coupon)
    }

    fn insert_promotion_code(&self, p: &Record<PromotionCode>) -> Result<(), AppError> {
        // The savepoint keeps the transaction usable when the unique index refuses.
        self.exec("SAVEPOINT promotion_insert")?;
        let max = p.max_redemptions.map(|m| m as i64);
        let inserted = self.execute_checked(
            "INSERT INTO promotion_codes (id, code_lower, coupon, active, times_redeemed,
               max_redemptions, data, created) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             ON CONFLICT (id) DO NOTHING",
            &[
                &p.id,
                &normalize(&p.code),
                &p.coupon,
                &p.active,
                &(p.times_redeemed as i64),
                &max,
                &serde_json::to_string(p)?,
                &p.created,
            ],
        )?;
        match inserted {
            Ok(1) => {
                self.exec("RELEASE SAVEPOINT promotion_insert")?;
                Ok(())
            }
            Ok(_) => {
                self.exec("RELEASE SAVEPOINT promotion_insert")?;
                Err(exists("promotion_code", &p.id))
            }
            Err(e) if e.code() == Some(&SqlState::UNIQUE_VIOLATION) => {
                self.exec("ROLLBACK TO SAVEPOINT promotion_insert")?;
                Err(code_taken(&p.code))
            }
            Err(e) => Err(e.into()),
        }
    }

    fn save_promotion_code(&self, p: &Record<PromotionCode>) -> Result<(), AppError> {
        self.exec("SAVEPOINT promotion_save")?;
        let saved = self.execute_checked(
            "UPDATE promotion_codes SET active = $2,
               data = jsonb_set($3::text::jsonb, '{times_redeemed}', to_jsonb(times_redeemed))::text
             WHERE id = $1",
            &[&p.id, &p.active, &serde_json::to_string(p)?],
        )?;
        match saved {
            Ok(_) => {
                self.exec("RELEASE SAVEPOINT promotion_save")?;
                Ok(())
            }
            Err(e) if e.code() == Some(&SqlState::UNIQUE_VIOLATION) => {
                self.exec("ROLLBACK TO SAVEPOINT promotion_save")?;
                Err(code_taken(&p.code))
            }
            Err(e) => Err(e.into()),
        }
    }

    fn redeem_promotion_code(&self, id: &str) -> Result<bool, AppError> {
        let rows = self.execute(
            "UPDATE promotion_codes SET times_redeemed = times_redeemed + 1,
               data = jsonb_set(data::jsonb, '{times_redeemed}', to_jsonb(times_redeemed + 1))::text
             WHERE id = $1 AND (max_redemptions IS NULL OR times_redeemed < max_redemptions)",
            &[&id],
        )?;
        Ok(rows == 1)
    }
}
