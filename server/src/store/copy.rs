//! Moving a SQLite installation's data to PostgreSQL (`checkout-server copy-to-postgres`,
//! docs/operations.md): every table, row by row, in one PostgreSQL transaction, into a
//! migrated, empty database. Run it with the server stopped; nothing is changed in the
//! SQLite file. Webhook delivery leases are not copied (no worker holds one then).

use crate::error::AppError;
use postgres::types::ToSql;
use rusqlite::types::Value;
use std::path::Path;

/// A column's type on PostgreSQL (SQLite stores all of these as INTEGER or TEXT).
#[derive(Clone, Copy)]
enum Col {
    Text,
    Int8,
    Int4,
    Bool,
}

use Col::*;

/// Every table, in an order that respects the foreign keys, with its columns.
const TABLES: &[(&str, &[(&str, Col)])] = &[
    (
        "products",
        &[("id", Text), ("data", Text), ("created", Int8)],
    ),
    (
        "prices",
        &[
            ("id", Text),
            ("product", Text),
            ("active", Bool),
            ("data", Text),
            ("created", Int8),
        ],
    ),
    (
        "coupons",
        &[("id", Text), ("data", Text), ("created", Int8)],
    ),
    (
        "promotion_codes",
        &[
            ("id", Text),
            ("code_lower", Text),
            ("coupon", Text),
            ("active", Bool),
            ("times_redeemed", Int8),
            ("max_redemptions", Int8),
            ("data", Text),
            ("created", Int8),
        ],
    ),
    (
        "sessions",
        &[
            ("id", Text),
            ("version", Int8),
            ("data", Text),
            ("created", Int8),
            ("updated", Int8),
        ],
    ),
    ("meta", &[("key", Text), ("value", Text)]),
    (
        "idempotency_keys",
        &[
            ("scope", Text),
            ("key", Text),
            ("fingerprint", Text),
            ("status", Int4),
            ("body", Text),
            ("created", Int8),
        ],
    ),
    (
        "webhook_endpoints",
        &[
            ("id", Text),
            ("url", Text),
            ("events", Text),
            ("secret", Text),
            ("created", Int8),
        ],
    ),
    (
        "events",
        &[
            ("id", Text),
            ("type", Text),
            ("created", Int8),
            ("body", Text),
        ],
    ),
    (
        "deliveries",
        &[
            ("event", Text),
            ("endpoint", Text),
            ("attempts", Int4),
            ("next_attempt", Int8),
            ("delivered", Int8),
            ("failed", Int8),
            ("last_status", Int4),
            ("last_error", Text),
        ],
    ),
    (
        "completions",
        &[
            ("session", Text),
            ("completed", Int8),
            ("livemode", Int4),
            ("currency", Text),
            ("amount_total", Int8),
            ("upsell_offered", Int4),
            ("upsell_taken", Int4),
            ("upsell_added", Int8),
            ("cross_sells_added", Int8),
            ("promotion_discount", Int8),
        ],
    ),
    (
        "completion_cross_sells",
        &[
            ("session", Text),
            ("product", Text),
            ("attached", Int4),
            ("added", Int8),
        ],
    ),
    (
        "completion_optional_items",
        &[("session", Text), ("product", Text), ("attached", Int4)],
    ),
];

/// One SQLite value as a PostgreSQL parameter of type `col` (NULL stays NULL).
fn param(v: Value, col: Col, at: &str) -> Result<Box<dyn ToSql + Sync>, AppError> {
    let wrong = || AppError::internal(format!("{at}: unexpected value {v:?}"));
    Ok(match (col, &v) {
        (Text, Value::Null) => Box::new(None::<String>),
        (Int8, Value::Null) => Box::new(None::<i64>),
        (Int4, Value::Null) => Box::new(None::<i32>),
        (Bool, Value::Null) => Box::new(None::<bool>),
        (Text, Value::Text(t)) => Box::new(Some(t.clone())),
        (Int8, Value::Integer(i)) => Box::new(Some(*i)),
        (Int4, Value::Integer(i)) => Box::new(Some(i32::try_from(*i).map_err(|_| wrong())?)),
        (Bool, Value::Integer(i)) => Box::new(Some(*i != 0)),
        _ => return Err(wrong()),
    })
}

/// Copies every row of the SQLite file at `from` into the PostgreSQL database at `to`
/// (migrated first; it must hold no catalog and no sessions). Answers the rows copied
/// per table.
pub fn sqlite_to_postgres(from: &Path, to: &str) -> Result<Vec<(&'static str, u64)>, AppError> {
    if !from.is_file() {
        return Err(AppError::internal(format!(
            "{} is not a file",
            from.display()
        )));
    }
    // Opening the SQLite store applies its own pending migrations (the file may come from
    // an older version); PostgreSQL is migrated to the same schema.
    drop(super::sqlite::SqliteStore::open(from, 1)?);
    let source =
        rusqlite::Connection::open_with_flags(from, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let config = super::postgres::config(to)?;
    super::postgres::migrate(&config)?;
    let mut target = config.connect(postgres::NoTls)?;
    let mut tx = target.transaction()?;
    let held: i64 = tx
        .query_one(
            "SELECT (SELECT count(*) FROM products) + (SELECT count(*) FROM sessions)",
            &[],
        )?
        .try_get(0)?;
    if held > 0 {
        return Err(AppError::internal(
            "the PostgreSQL database already holds data; copy into an empty one",
        ));
    }
    // One snapshot of the whole file.
    source.execute_batch("BEGIN")?;
    let mut copied = vec![];
    for (table, cols) in TABLES {
        let names: Vec<&str> = cols.iter().map(|c| c.0).collect();
        let placeholders: Vec<String> = (1..=cols.len()).map(|i| format!("${i}")).collect();
        let insert = tx.prepare(&format!(
            "INSERT INTO {table} ({}) VALUES ({})",
            names.join(", "),
            placeholders.join(", ")
        ))?;
        let mut select = source.prepare(&format!("SELECT {} FROM {table}", names.join(", ")))?;
        let mut rows = select.query([])?;
        let mut n = 0_u64;
        while let Some(row) = rows.next()? {
            let mut params = Vec::with_capacity(cols.len());
            for (i, (name, col)) in cols.iter().enumerate() {
                params.push(param(row.get(i)?, *col, &format!("{table}.{name}"))?);
            }
            let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p.as_ref()).collect();
            tx.execute(&insert, &refs)?;
            n += 1;
        }
        copied.push((*table, n));
    }
    source.execute_batch("COMMIT")?;
    tx.commit()?;
    Ok(copied)
}
