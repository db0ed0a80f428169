//! The directory in SQLite: listing zones, technicians and services, and saving a batch of
//! them in one transaction (all or nothing).

use super::cached::Cached;
use rusqlite::{Connection, OptionalExtension, params};

use super::super::{Directory, Page, Saved, ServiceRecord, StoreError, Technician, Written, Zone};

/// Every zone, by id.
pub(super) fn zones(c: &Connection) -> Result<Vec<Zone>, StoreError> {
    let mut stmt = c.prepare_cached("SELECT id, name FROM zones ORDER BY id")?;
    let rows = stmt.query_map([], |r| Ok(Zone { id: r.get(0)?, name: r.get(1)? }))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Every technician, by id.
pub(super) fn technicians(c: &Connection) -> Result<Vec<Technician>, StoreError> {
    let mut stmt = c.prepare_cached("SELECT id, name FROM technicians ORDER BY id")?;
    let rows = stmt.query_map([], |r| Ok(Technician { id: r.get(0)?, name: r.get(1)? }))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A page of the services (of one zone, with `zone_id`), by id, and their total.
pub(super) fn services(
    c: &Connection,
    zone_id: Option<i64>,
    page: Page,
) -> Result<(Vec<ServiceRecord>, u64), StoreError> {
    let filter = "?1 IS NULL OR zone_id = ?1";
    let total: i64 =
        c.query_row_cached(&format!("SELECT COUNT(*) FROM services WHERE {filter}"), [zone_id], |r| r.get(0))?;
    let mut stmt = c.prepare_cached(&format!(
        "SELECT id, zone_id, technician_id, subscriber_name FROM services WHERE {filter}
         ORDER BY id LIMIT ?2 OFFSET ?3"
    ))?;
    let rows = stmt.query_map(params![zone_id, page.size, page.offset()], |r| {
        Ok(ServiceRecord { id: r.get(0)?, zone_id: r.get(1)?, technician_id: r.get(2)?, subscriber_name: r.get(3)? })
    })?;
    Ok((rows.collect::<Result<_, _>>()?, u64::try_from(total).unwrap_or_default()))
}

/// Whether `table` has a row with `id`.
pub(super) fn exists(c: &Connection, table: &str, id: i64) -> Result<bool, StoreError> {
    Ok(c.query_row_cached(&format!("SELECT 1 FROM {table} WHERE id = ?1"), [id], |_| Ok(())).optional()?.is_some())
}

/// Insert or update one row of `table` by id; count it.
fn upsert(
    c: &Connection,
    table: &str,
    id: i64,
    write: &str,
    values: &[&dyn rusqlite::ToSql],
    count: &mut Written,
) -> Result<(), StoreError> {
    let existed = exists(c, table, id)?;
    c.execute_cached(write, values)?;
    if existed {
        count.updated += 1;
    } else {
        count.created += 1;
    }
    Ok(())
}

/// Write `batch` in one transaction: zones, technicians, then services, whose zone and
/// technician must exist once the batch's own are written. Any refusal writes nothing.
pub(super) fn save(c: &mut Connection, batch: &Directory) -> Result<Saved, StoreError> {
    let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let (mut zones, mut technicians, mut services) = (Written::default(), Written::default(), Written::default());
    for z in &batch.zones {
        let sql = "INSERT INTO zones (id, name) VALUES (?1, ?2) ON CONFLICT (id) DO UPDATE SET name = excluded.name";
        upsert(&tx, "zones", z.id, sql, &[&z.id, &z.name], &mut zones)?;
    }
    for t in &batch.technicians {
        let sql =
            "INSERT INTO technicians (id, name) VALUES (?1, ?2) ON CONFLICT (id) DO UPDATE SET name = excluded.name";
        upsert(&tx, "technicians", t.id, sql, &[&t.id, &t.name], &mut technicians)?;
    }
    for s in &batch.services {
        if !exists(&tx, "zones", s.zone_id)? {
            return Ok(Saved::Refused(format!("service {}: there is no zone {}", s.id, s.zone_id)));
        }
        if !exists(&tx, "technicians", s.technician_id)? {
            return Ok(Saved::Refused(format!("service {}: there is no technician {}", s.id, s.technician_id)));
        }
        let sql = "INSERT INTO services (id, zone_id, technician_id, subscriber_name) VALUES (?1, ?2, ?3, ?4)
                   ON CONFLICT (id) DO UPDATE SET zone_id = excluded.zone_id,
                       technician_id = excluded.technician_id, subscriber_name = excluded.subscriber_name";
        upsert(&tx, "services", s.id, sql, &[&s.id, &s.zone_id, &s.technician_id, &s.subscriber_name], &mut services)?;
    }
    tx.commit()?;
    Ok(Saved::Done { zones, technicians, services })
}
