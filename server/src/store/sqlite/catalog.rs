//! The catalog on SQLite.

use super::{is_unique_violation, load, load_all, SqliteTx};
use crate::error::AppError;
use crate::store::catalog::{exists, CatalogTx};
use checkout_core::catalog::{Coupon, Price, Product};
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
             JOIN (SELECT id FROM products ORDER BY created DESC, id LIMIT ?1) r ON r.id = p.product
             WHERE p.active = 1 ORDER BY p.product, p.id",
            limit,
        )
    }

    fn list_products(&self, limit: i64) -> Result<Vec<Product>, AppError> {
        load_all(
            self.0,
            "SELECT data FROM products ORDER BY created DESC, id LIMIT ?1",
            limit,
        )
    }

    fn list_prices(&self, product: Option<&str>, limit: i64) -> Result<Vec<Price>, AppError> {
        let mut stmt = self.0.prepare_cached(
            "SELECT data FROM prices WHERE (?1 IS NULL OR product = ?1)
             ORDER BY created DESC, id LIMIT ?2",
        )?;
        let rows = stmt.query_map(rusqlite::params![product, limit], |r| r.get::<_, String>(0))?;
        rows.map(|d| Ok(serde_json::from_str(&d?)?)).collect()
    }

    fn list_coupons(&self, limit: i64) -> Result<Vec<Coupon>, AppError> {
        load_all(
            self.0,
            "SELECT data FROM coupons ORDER BY created DESC, id LIMIT ?1",
            limit,
        )
    }

    fn insert_product(&self, p: &Product, now: i64) -> Result<(), AppError> {
        self.0
            .prepare_cached("INSERT INTO products (id, data, created) VALUES (?1, ?2, ?3)")?
            .execute(params![p.id, serde_json::to_string(p)?, now])
            .map_err(|e| match is_unique_violation(&e) {
                true => exists("product", &p.id),
                false => e.into(),
            })?;
        Ok(())
    }

    fn save_product(&self, p: &Product) -> Result<(), AppError> {
        self.0
            .prepare_cached("UPDATE products SET data = ?2 WHERE id = ?1")?
            .execute(params![p.id, serde_json::to_string(p)?])?;
        Ok(())
    }

    fn insert_price(&self, p: &Price, now: i64) -> Result<(), AppError> {
        self.0
            .prepare_cached(
                "INSERT INTO prices (id, product, active, data, created) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![p.id, p.product, p.active, serde_json::to_string(p)?, now])
            .map_err(|e| match is_unique_violation(&e) {
                true => exists("price", &p.id),
                false => e.into(),
            })?;
        Ok(())
    }

    fn save_price(&self, p: &Price) -> Result<(), AppError> {
        self.0
            .prepare_cached("UPDATE prices SET active = ?2, data = ?3 WHERE id = ?1")?
            .execute(params![p.id, p.active, serde_json::to_string(p)?])?;
        Ok(())
    }

    fn insert_coupon(&self, c: &Coupon, now: i64) -> Result<(), AppError> {
        self.0
            .prepare_cached("INSERT INTO coupons (id, data, created) VALUES (?1, ?2, ?3)")?
            .execute(params![c.id, serde_json::to_string(c)?, now])
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
