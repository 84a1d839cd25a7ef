//! The catalog: products, prices and coupons, as the engine API writes them and as the
//! rules read them ([`StoreCatalog`]), with the rows reads share across requests
//! ([`CatalogCache`]).

use super::Page;
use crate::error::AppError;
use checkout_core::catalog::{Coupon, Price, Product, Record};
use checkout_core::session::Catalog;
use checkout_core::{Code, StoreError};
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Mutex;

/// The catalog's part of a transaction.
pub trait CatalogTx {
    fn product(&self, id: &str) -> Result<Option<Product>, AppError>;
    fn price(&self, id: &str) -> Result<Option<Price>, AppError>;
    fn coupon(&self, id: &str) -> Result<Option<Coupon>, AppError>;
    /// A product's active prices, by id.
    fn active_prices(&self, product: &str) -> Result<Vec<Price>, AppError>;
    /// The same rows as the engine API answers them (with their metadata, `created` and
    /// `livemode`); the rules read them through the methods above, which parse the
    /// catalog type alone.
    fn product_record(&self, id: &str) -> Result<Option<Record<Product>>, AppError>;
    fn price_record(&self, id: &str) -> Result<Option<Record<Price>>, AppError>;
    fn coupon_record(&self, id: &str) -> Result<Option<Record<Coupon>>, AppError>;
    /// A page of the products, newest first (see [`Page`]).
    fn list_products(&self, page: &Page) -> Result<Vec<Record<Product>>, AppError>;
    /// The active prices of the newest `limit` products, by product then id: one query
    /// for what [`CatalogTx::active_prices`] answers per product.
    fn active_prices_of_products(&self, limit: i64) -> Result<Vec<Price>, AppError>;
    /// A page of the prices, of one product when `product` is given.
    fn list_prices(
        &self,
        product: Option<&str>,
        page: &Page,
    ) -> Result<Vec<Record<Price>>, AppError>;
    /// A page of the coupons.
    fn list_coupons(&self, page: &Page) -> Result<Vec<Record<Coupon>>, AppError>;
    /// Inserts a new product (created at `p.created`); an existing id is refused (409
    /// `resource_exists`).
    fn insert_product(&self, p: &Record<Product>) -> Result<(), AppError>;
    fn save_product(&self, p: &Record<Product>) -> Result<(), AppError>;
    fn insert_price(&self, p: &Record<Price>) -> Result<(), AppError>;
    fn save_price(&self, p: &Record<Price>) -> Result<(), AppError>;
    fn insert_coupon(&self, c: &Record<Coupon>) -> Result<(), AppError>;
    /// The catalog's generation: moved, in the same transaction, by every change to
    /// products, prices and coupons, whoever makes it (triggers, in both backends).
    fn catalog_generation(&self) -> Result<i64, AppError>;
}

fn missing(kind: &str, id: &str) -> AppError {
    AppError::with_param(Code::ResourceMissing, format!("no such {kind}: {id}"), "id")
}

/// The refusal of an insert whose id is taken.
pub fn exists(kind: &str, id: &str) -> AppError {
    AppError::with_param(
        Code::ResourceExists,
        format!("a {kind} with id {id} already exists"),
        "id",
    )
}

pub fn get_product(tx: &dyn super::Tx, id: &str) -> Result<Record<Product>, AppError> {
    tx.product_record(id)?.ok_or_else(|| missing("product", id))
}

pub fn get_price(tx: &dyn super::Tx, id: &str) -> Result<Record<Price>, AppError> {
    tx.price_record(id)?.ok_or_else(|| missing("price", id))
}

pub fn get_coupon(tx: &dyn super::Tx, id: &str) -> Result<Record<Coupon>, AppError> {
    tx.coupon_record(id)?.ok_or_else(|| missing("coupon", id))
}

/// Most catalog entries a [`CatalogCache`] holds; past it, it starts again empty.
const CATALOG_CACHE_ENTRIES: usize = 10_000;

/// Catalog rows (parsed) shared by the reads of every request while the catalog's
/// generation holds. Each change to products, prices or coupons moves the generation in
/// the same transaction, whoever makes it (this instance, another one, another program);
/// a read takes the generation from its own snapshot and uses only entries of that
/// generation, so it never sees a row other than the one its snapshot holds. Only reads
/// fill it: a writer sees changes that may still roll back.
#[derive(Default)]
pub struct CatalogCache {
    inner: Mutex<CacheEntries>,
}

#[derive(Default)]
struct CacheEntries {
    generation: i64,
    len: usize,
    prices: HashMap<String, Option<Price>>,
    products: HashMap<String, Option<Product>>,
    active: HashMap<String, Vec<Price>>,
    coupons: HashMap<String, Option<Coupon>>,
}

/// Which of the maps an entry lives in.
type Pick<T> = fn(&mut CacheEntries) -> &mut HashMap<String, T>;

impl CatalogCache {
    /// The entry for `id` if the cache holds `generation`.
    fn get<T: Clone>(&self, generation: i64, pick: Pick<T>, id: &str) -> Option<T> {
        let mut e = self.inner.lock().ok()?;
        if e.generation != generation {
            return None;
        }
        pick(&mut e).get(id).cloned()
    }

    /// Keeps `value` for `id` under `generation`: a newer generation empties the cache
    /// first; an older one (a read that began before a change) keeps nothing.
    fn put<T>(&self, generation: i64, pick: Pick<T>, id: &str, value: T) {
        let Ok(mut e) = self.inner.lock() else { return };
        if generation < e.generation {
            return;
        }
        if generation > e.generation || e.len >= CATALOG_CACHE_ENTRIES {
            *e = CacheEntries {
                generation,
                ..CacheEntries::default()
            };
        }
        e.len += 1;
        pick(&mut e).insert(id.to_string(), value);
    }
}

/// The catalog as the rules see it, read through one transaction, memoised per request
/// and, for reads, shared across requests through a [`CatalogCache`]. A storage failure
/// reaches the rules as a [`StoreError`], which they hand back as it is.
pub struct StoreCatalog<'c> {
    tx: &'c dyn super::Tx,
    shared: Option<(&'c CatalogCache, i64)>,
    /// Whether rows this catalog reads go into the shared cache (a read's only).
    fill: bool,
    prices: RefCell<HashMap<String, Option<Price>>>,
    products: RefCell<HashMap<String, Option<Product>>>,
    active: RefCell<HashMap<String, Vec<Price>>>,
    coupons: RefCell<HashMap<String, Option<Coupon>>>,
}

impl<'c> StoreCatalog<'c> {
    /// The catalog inside a write transaction (nothing shared).
    pub fn new(tx: &'c dyn super::Tx) -> Self {
        StoreCatalog {
            tx,
            shared: None,
            fill: false,
            prices: RefCell::default(),
            products: RefCell::default(),
            active: RefCell::default(),
            coupons: RefCell::default(),
        }
    }

    /// The catalog for a read (inside [`super::Store::read`]'s transaction), sharing
    /// `cache`.
    pub fn shared(tx: &'c dyn super::Tx, cache: &'c CatalogCache) -> Result<Self, AppError> {
        Ok(StoreCatalog::at(tx, cache, tx.catalog_generation()?))
    }

    /// [`StoreCatalog::shared`] with the `generation` this read's snapshot holds, read
    /// already (with the session: [`super::sessions::SessionTx::session_at_generation`]).
    pub fn at(tx: &'c dyn super::Tx, cache: &'c CatalogCache, generation: i64) -> Self {
        StoreCatalog {
            shared: Some((cache, generation)),
            fill: true,
            ..StoreCatalog::new(tx)
        }
    }

    /// The catalog inside a write transaction that read `generation` (in the statement
    /// that locked its session): it takes the cache's rows of that generation, which are
    /// the rows committed when that statement ran, and reads the others itself, but puts
    /// nothing back (a writer may read rows of a later generation, or its own changes).
    pub fn writing(tx: &'c dyn super::Tx, cache: &'c CatalogCache, generation: i64) -> Self {
        StoreCatalog {
            shared: Some((cache, generation)),
            ..StoreCatalog::new(tx)
        }
    }

    /// `id`'s entry: from this request's memo, else the shared cache, else `fetch`.
    fn memo<T: Clone>(
        &self,
        local: &RefCell<HashMap<String, T>>,
        pick: Pick<T>,
        id: &str,
        fetch: impl FnOnce() -> Result<T, AppError>,
    ) -> Result<T, StoreError> {
        if let Some(v) = local.borrow().get(id) {
            return Ok(v.clone());
        }
        let v = match self.shared.and_then(|(c, g)| c.get(g, pick, id)) {
            Some(v) => v,
            None => {
                let v = fetch().map_err(AppError::into_store_error)?;
                if let Some((cache, generation)) = self.shared.filter(|_| self.fill) {
                    cache.put(generation, pick, id, v.clone());
                }
                v
            }
        };
        local.borrow_mut().insert(id.to_string(), v.clone());
        Ok(v)
    }
}

impl Catalog for StoreCatalog<'_> {
    fn price(&self, id: &str) -> Result<Option<Price>, StoreError> {
        self.memo(&self.prices, |e| &mut e.prices, id, || self.tx.price(id))
    }

    fn product(&self, id: &str) -> Result<Option<Product>, StoreError> {
        self.memo(
            &self.products,
            |e| &mut e.products,
            id,
            || self.tx.product(id),
        )
    }

    fn active_prices(&self, product: &str) -> Result<Vec<Price>, StoreError> {
        self.memo(
            &self.active,
            |e| &mut e.active,
            product,
            || self.tx.active_prices(product),
        )
    }

    fn coupon(&self, id: &str) -> Result<Option<Coupon>, StoreError> {
        self.memo(&self.coupons, |e| &mut e.coupons, id, || self.tx.coupon(id))
    }

    /// Not cached: a code's redemptions move with every completion.
    fn promotion_code(
        &self,
        id: &str,
    ) -> Result<Option<checkout_core::promotion::PromotionCode>, StoreError> {
        self.tx
            .promotion_code(id)
            .map(|r| r.map(|r| r.inner))
            .map_err(AppError::into_store_error)
    }
}
