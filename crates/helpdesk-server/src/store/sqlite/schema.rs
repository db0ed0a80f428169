//! The SQLite store's connection settings, and its schema: the numbered files of
//! `migrations/`, applied in order.

use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};

use super::super::StoreError;
use super::cached;

/// Set a new connection up, then bring the schema up to date: WAL with `synchronous=FULL`
/// (a commit is on disk before the 201 goes out), foreign keys, and room for every prepared
/// statement.
pub(super) fn prepare(conn: &mut Connection) -> Result<(), StoreError> {
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.set_prepared_statement_cache_capacity(cached::CAPACITY);
    migrations().to_latest(conn)?;
    Ok(())
}

/// The WAL file of `conn`'s database, opened for its fsyncs; `None` in memory (no WAL).
pub(super) fn wal_file(conn: &Connection) -> Result<Option<std::fs::File>, StoreError> {
    let mode: String = conn.pragma_query_value(None, "journal_mode", |r| r.get(0))?;
    match conn.path().filter(|p| !p.is_empty() && mode.eq_ignore_ascii_case("wal")) {
        Some(db) => {
            let wal = format!("{db}-wal");
            Ok(Some(std::fs::File::open(&wal).map_err(|e| StoreError::from(format!("{wal}: {e}")))?))
        }
        None => Ok(None),
    }
}

/// The schema, one numbered file per version. Never edit a released migration; add one.
pub(super) fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(include_str!("migrations/0001_schema.sql")),
        M::up(include_str!("migrations/0002_idempotency_keys.sql")),
        M::up(include_str!("migrations/0003_tickets_by_service_status.sql")),
        M::up(include_str!("migrations/0004_technicians.sql")),
        M::up(include_str!("migrations/0005_outbox.sql")),
        M::up(include_str!("migrations/0006_mirror.sql")),
        M::up(include_str!("migrations/0007_reply_outbox.sql")),
        M::up(include_str!("migrations/0008_events.sql")),
        M::up(include_str!("migrations/0009_outages.sql")),
        M::up(include_str!("migrations/0010_photos.sql")),
        M::up(include_str!("migrations/0011_photo_outbox.sql")),
        M::up(include_str!("migrations/0012_photo_files.sql")),
    ])
}

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_are_valid() {
        assert!(super::migrations().validate().is_ok());
    }
}
