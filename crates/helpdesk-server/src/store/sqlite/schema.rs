//! The schema of the SQLite store: the numbered files of `migrations/`, applied in order.

use rusqlite_migration::{M, Migrations};

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
