//! The SQLite schema: `server/migrations/sqlite/*.sql`, applied in order, each once.

use crate::error::AppError;
use rusqlite::{params, Connection, TransactionBehavior};

/// Every migration, in order: (file name, SQL). Version n is the n-th.
pub const MIGRATIONS: &[(&str, &str)] = &[
    (
        "0001_catalog_and_sessions.sql",
        include_str!("../../../migrations/sqlite/0001_catalog_and_sessions.sql"),
    ),
    (
        "0002_idempotency_keys.sql",
        include_str!("../../../migrations/sqlite/0002_idempotency_keys.sql"),
    ),
    (
        "0003_webhooks.sql",
        include_str!("../../../migrations/sqlite/0003_webhooks.sql"),
    ),
    (
        "0004_catalog_generation.sql",
        include_str!("../../../migrations/sqlite/0004_catalog_generation.sql"),
    ),
    (
        "0005_delivery_leases.sql",
        include_str!("../../../migrations/sqlite/0005_delivery_leases.sql"),
    ),
    (
        "0006_dashboard_sessions.sql",
        include_str!("../../../migrations/sqlite/0006_dashboard_sessions.sql"),
    ),
    (
        "0007_completions.sql",
        include_str!("../../../migrations/sqlite/0007_completions.sql"),
    ),
    (
        "0008_list_order.sql",
        include_str!("../../../migrations/sqlite/0008_list_order.sql"),
    ),
    (
        "0009_object_created.sql",
        include_str!("../../../migrations/sqlite/0009_object_created.sql"),
    ),
    (
        "0010_promotion_codes.sql",
        include_str!("../../../migrations/sqlite/0010_promotion_codes.sql"),
    ),
    (
        "0011_insights_promotions_optional_items.sql",
        include_str!("../../../migrations/sqlite/0011_insights_promotions_optional_items.sql"),
    ),
];

/// Applies the pending migrations in one IMMEDIATE transaction: a second process
/// starting at the same moment waits for the write lock, then finds nothing to do.
pub fn migrate(conn: &mut Connection) -> Result<(), AppError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)",
    )?;
    let applied: i64 = tx.query_row(
        "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
        [],
        |r| r.get(0),
    )?;
    for (i, (_, sql)) in MIGRATIONS.iter().enumerate() {
        let version = i as i64 + 1;
        if version > applied {
            tx.execute_batch(sql)?;
            tx.execute(
                "INSERT INTO schema_migrations (version, applied_at) VALUES (?1, ?2)",
                params![version, crate::store::now()],
            )?;
        }
    }
    tx.commit()?;
    Ok(())
}
