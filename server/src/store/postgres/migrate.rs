//! The PostgreSQL schema: `server/migrations/postgres/*.sql`, applied in order, each once,
//! under an advisory lock: instances starting together on an empty database migrate it
//! once; the others wait for the lock, then find nothing to do.

use crate::error::AppError;
use postgres::NoTls;

/// Every migration, in order: (file name, SQL). Version n is the n-th.
pub const MIGRATIONS: &[(&str, &str)] = &[
    (
        "0001_catalog_and_sessions.sql",
        include_str!("../../../migrations/postgres/0001_catalog_and_sessions.sql"),
    ),
    (
        "0002_idempotency_keys.sql",
        include_str!("../../../migrations/postgres/0002_idempotency_keys.sql"),
    ),
    (
        "0003_webhooks.sql",
        include_str!("../../../migrations/postgres/0003_webhooks.sql"),
    ),
    (
        "0004_catalog_generation.sql",
        include_str!("../../../migrations/postgres/0004_catalog_generation.sql"),
    ),
    (
        "0005_delivery_leases.sql",
        include_str!("../../../migrations/postgres/0005_delivery_leases.sql"),
    ),
    (
        "0006_dashboard_sessions.sql",
        include_str!("../../../migrations/postgres/0006_dashboard_sessions.sql"),
    ),
    (
        "0007_completions.sql",
        include_str!("../../../migrations/postgres/0007_completions.sql"),
    ),
    (
        "0008_list_order.sql",
        include_str!("../../../migrations/postgres/0008_list_order.sql"),
    ),
    (
        "0009_object_created.sql",
        include_str!("../../../migrations/postgres/0009_object_created.sql"),
    ),
    (
        "0010_promotion_codes.sql",
        include_str!("../../../migrations/postgres/0010_promotion_codes.sql"),
    ),
    (
        "0011_insights_promotions_optional_items.sql",
        include_str!("../../../migrations/postgres/0011_insights_promotions_optional_items.sql"),
    ),
];

/// The advisory lock key the migrations run under ("checkout" in ASCII).
const MIGRATION_LOCK: i64 = 0x636865636b6f7574;

pub fn migrate(config: &postgres::Config) -> Result<(), AppError> {
    let mut client = config.connect(NoTls)?;
    client.execute("SELECT pg_advisory_lock($1)", &[&MIGRATION_LOCK])?;
    let result = (|| -> Result<(), AppError> {
        client.batch_execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)",
        )?;
        let applied: i64 = client
            .query_one(
                "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
                &[],
            )?
            .try_get(0)?;
        for (i, (_, sql)) in MIGRATIONS.iter().enumerate() {
            let version = i as i64 + 1;
            if version > applied {
                let mut tx = client.transaction()?;
                tx.batch_execute(sql)?;
                tx.execute(
                    "INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)",
                    &[&version, &crate::store::now()],
                )?;
                tx.commit()?;
            }
        }
        Ok(())
    })();
    let unlocked = client.execute("SELECT pg_advisory_unlock($1)", &[&MIGRATION_LOCK]);
    result?;
    unlocked?;
    Ok(())
}
