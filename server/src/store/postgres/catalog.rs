//! The catalog on PostgreSQL.

use super::{page_sql, PgTx};
use crate::error::AppError;
use crate::store::catalog::{exists, CatalogTx};
use crate::store::{Page, PageSql};
use checkout_core::catalog::{Coupon, Price, Product, Record};

impl CatalogTx for PgTx<'_> {
    fn product(&self, id: &str) -> Result<Option<Product>, AppError> {
        self.load("SELECT data FROM products WHERE id = $1", &[&id])
    }

    fn price(&self, id: &str) -> Result<Option<Price>, AppError> {
        self.load("SELECT data FROM prices WHERE id = $1", &[&id])
    }

    fn coupon(&self, id: &str) -> Result<Option<Coupon>, AppError> {
        self.load("SELECT data FROM coupons WHERE id = $1", &[&id])
    }

    fn product_record(&self, id: &str) -> Result<Option<Record<Product>>, AppError> {
        self.load("SELECT data FROM products WHERE id = $1", &[&id])
    }

    fn price_record(&self, id: &str) -> Result<Option<Record<Price>>, AppError> {
        self.load("SELECT data FROM prices WHERE id = $1", &[&id])
    }

    fn coupon_record(&self, id: &str) -> Result<Option<Record<Coupon>>, AppError> {
        self.load("SELECT data FROM coupons WHERE id = $1", &[&id])
    }

    fn active_prices(&self, product: &str) -> Result<Vec<Price>, AppError> {
        self.load_all(
            "SELECT data FROM prices WHERE product = $1 AND active ORDER BY id",
            &[&product],
        )
    }

    fn active_prices_of_products(&self, limit: i64) -> Result<Vec<Price>, AppError> {
        self.load_all(
            "SELECT p.data FROM prices p
             JOIN (SELECT id FROM products ORDER BY created DESC, id DESC LIMIT $1) r ON r.id = p.product
             WHERE p.active ORDER BY p.product, p.id",
            &[&limit],
        )
    }

    fn list_products(&self, page: &Page) -> Result<Vec<Record<Product>>, AppError> {
        const SQL: PageSql = page_sql!("data", "products", "$3::text IS NULL");
        self.page_data(&SQL, "product", page, None)
    }

    fn list_prices(
        &self,
        product: Option<&str>,
        page: &Page,
    ) -> Result<Vec<Record<Price>>, AppError> {
        const SQL: PageSql = page_sql!("data", "prices", "($3::text IS NULL OR product = $3)");
        self.page_data(&SQL, "price", page, product)
    }

    fn list_coupons(&self, page: &Page) -> Result<Vec<Record<Coupon>>, AppError> {
        const SQL: PageSql = page_sql!("data", "coupons", "$3::text IS NULL");
        self.page_data(&SQL, "coupon", page, None)
    }

    fn insert_product(&self, p: &Record<Product>) -> Result<(), AppError> {
        // ON CONFLICT: a taken id is a refusal, and must not abort the transaction.
        let rows = self.execute(
            "INSERT INTO products (id, data, created) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING",
            &[&p.id, &serde_json::to_string(p)?, &p.created],
        )?;
        match rows {
            1 => Ok(()),
            _ => Err(exists("product", &p.id)),
        }
    }

    fn save_product(&self, p: &Record<Product>) -> Result<(), AppError> {
        self.execute(
            "UPDATE products SET data = $2 WHERE id = $1",
            &[&p.id, &serde_json::to_string(p)?],
        )?;
        Ok(())
    }

    fn insert_price(&self, p: &Record<Price>) -> Result<(), AppError> {
        let rows = self.execute(
            "INSERT INTO prices (id, product, active, data, created) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (id) DO NOTHING",
            &[
                &p.id,
                &p.product,
                &p.active,
                &serde_json::to_string(p)?,
                &p.created,
            ],
        )?;
        match rows {
            1 => Ok(()),
            _ => Err(exists("price", &p.id)),
        }
    }

    fn save_price(&self, p: &Record<Price>) -> Result<(), AppError> {
        self.execute(
            "UPDATE prices SET active = $2, data = $3 WHERE id = $1",
            &[&p.id, &p.active, &serde_json::to_string(p)?],
        )?;
        Ok(())
    }

    fn insert_coupon(&self, c: &Record<Coupon>) -> Result<(), AppError> {
        let rows = self.execute(
            "INSERT INTO coupons (id, data, created) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING",
            &[&c.id, &serde_json::to_string(c)?, &c.created],
        )?;
        match rows {
            1 => Ok(()),
            _ => Err(exists("coupon", &c.id)),
        }
    }

    fn catalog_generation(&self) -> Result<i64, AppError> {
        let row = self.query_opt("SELECT n FROM catalog_generation WHERE id = 1", &[])?;
        Ok(row
            .ok_or_else(|| AppError::internal("catalog_generation has no row"))?
            .try_get(0)?)
    }
}
