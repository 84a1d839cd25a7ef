//! The catalog on SQLite.

use super::{is_unique_violation, load, load_all, page_data, page_sql, SqliteTx};
use crate::error::AppError;
use crate::store::catalog::{exists, CatalogTx};
use crate::store::{Page, PageSql};
use checkout_core::catalog::{Coupon, Price, Product, Record};
use rusqlite::params;

impl CatalogTx for SqliteTx<'_> {
    fn product(&self, id: &str) -> Result<Option<Product>, AppError> {
        load(self.0, "SELECT data FROM products WHERE id = ?1", id)
    }

    fn price(&self, id: &str) -> Result<Option<Price>, AppError> {
        load(self.0, "SELECT data FROM prices WHERE id = ?1", id)
    }

    fn coupon(&self, id: &str) -> Result<Option<Coupon>, AppError> {
        load(self.0, "SELECT data FROM coupons WHERE id = ?1", id)
    }

    fn product_record(&self, id: &str) -> Result<Option<Record<Product>>, AppError> {
        load(self.0, "SELECT data FROM products WHERE id = ?1", id)
    }

    fn price_record(&self, id: &str) -> Result<Option<Record<Price>>, AppError> {
        load(self.0, "SELECT data FROM prices WHERE id = ?1", id)
    }

    fn coupon_record(&self, id: &str) -> Result<Option<Record<Coupon>>, AppError> {
        load(self.0, "SELECT data FROM coupons WHERE id = ?1", id)
    }

    fn active_prices(&self, product: &str) -> Result<Vec<Price>, AppError> {
        load_all(
            self.0,
            "SELECT data FROM prices WHERE product = ?1 AND active = 1 ORDER BY id",
            product,
        )
    }

    fn active_prices_of_products(&self, limit: i64) -> Result<Vec<Price>, AppError> {
        load_all(
            self.0,
            "SELECT p.data FROM prices p
             JOIN (SELECT id FROM products ORDER BY created DESC, id DESC LIMIT ?1) r ON r.id = p.product
             WHERE p.active = 1 ORDER BY p.product, p.id",
            limit,
        )
    }

    fn list_products(&self, page: &Page) -> Result<Vec<Record<Product>>, AppError> {
        const SQL: PageSql = page_sql!("data", "products", "?3 IS NULL");
        page_data(self.0, &SQL, "product", page, None)
    }

    fn list_prices(
        &self,
        product: Option<&str>,
        page: &Page,
    ) -> Result<Vec<Record<Price>>, AppError> {
        const SQL: PageSql = page_sql!("data", "prices", "(?3 IS NULL OR product = ?3)");
        page_data(self.0, &SQL, "price", page, product)
    }

    fn list_coupons(&self, page: &Page) -> Result<Vec<Record<Coupon>>, AppError> {
        const SQL: PageSql = page_sql!("data", "coupons", "?3 IS NULL");
        page_data(self.0, &SQL, "coupon", page, None)
    }

    fn insert_product(&self, p: &Record<Product>) -> Result<(), AppError> {
        self.0
            .prepare_cached("INSERT INTO products (id, data, created) VALUES (?1, ?2, ?3)")?
            .execute(params![p.id, serde_json::to_string(p)?, p.created])
            .map_err(|e| match is_unique_violation(&e) {
                true => exists("product", &p.id),
                false => e.into(),
            })?;
        Ok(())
    }

    fn save_product(&self, p: &Record<Product>) -> Result<(), AppError> {
        self.0
            .prepare_cached("UPDATE products SET data = ?2 WHERE id = ?1")?
            .execute(params![p.id, serde_json::to_string(p)?])?;
        Ok(())
    }

    fn insert_price(&self, p: &Record<Price>) -> Result<(), AppError> {
        self.0
            .prepare_cached(
                "INSERT INTO prices (id, product, active, data, created) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![p.id, p.product, p.active, serde_json::to_string(p)?, p.created])
            .map_err(|e| match is_unique_violation(&e) {
                true => exists("price", &p.id),
                false => e.into(),
            })?;
        Ok(())
    }

    fn save_price(&self, p: &Record<Price>) -> Result<(), AppError> {
        self.0
            .prepare_cached("UPDATE prices SET active = ?2, data = ?3 WHERE id = ?1")?
            .execute(params![p.id, p.active, serde_json::to_string(p)?])?;
        Ok(())
    }

    fn insert_coupon(&self, c: &Record<Coupon>) -> Result<(), AppError> {
        self.0
            .prepare_cached("INSERT INTO coupons (id, data, created) VALUES (?1, ?2, ?3)")?
            .execute(params![c.id, serde_json::to_string(c)?, c.created])
            .map_err(|e| match is_unique_violation(&e) {
                true => exists("coupon", &c.id),
                false => e.into(),
            })?;
        Ok(())
    }

    fn catalog_generation(&self) -> Result<i64, AppError> {
        Ok(self
            .0
            .prepare_cached("SELECT n FROM catalog_generation WHERE id = 1")?
            .query_row([], |r| r.get(0))?)
    }
}
