//! Known outages in SQLite: declared and ended with their events in one transaction, reports
//! kept once per service.

use super::cached::Cached;
use chrono::{NaiveDateTime, Utc};
use helpdesk_core::envelope::Outage;
use rusqlite::{Connection, OptionalExtension, params};

use super::super::{Ended, Joined, Outages, Service, StoreError, StoreFuture, outage_event};
use super::rows::{local_text, local_time};
use super::{SqliteStore, events};

const OUTAGE_SELECT: &str = "SELECT o.id, o.zone_id, o.message, o.started_at, o.estimated_end, o.ended_at,
    (SELECT COUNT(*) FROM outage_reports r WHERE r.outage_id = o.id),
    EXISTS (SELECT 1 FROM outage_reports r WHERE r.outage_id = o.id AND r.service_id = ?1)
    FROM outages o";

fn outage(row: &rusqlite::Row<'_>) -> rusqlite::Result<Outage> {
    let at = |i: usize| -> rusqlite::Result<Option<NaiveDateTime>> {
        row.get::<_, Option<String>>(i)?.map(|t| local_time(i, &t)).transpose()
    };
    Ok(Outage {
        id: u64::try_from(row.get::<_, i64>(0)?).unwrap_or_default(),
        zone_id: u64::try_from(row.get::<_, i64>(1)?).unwrap_or_default(),
        message: row.get(2)?,
        started_at: at(3)?.unwrap_or_default(),
        estimated_end: at(4)?,
        ended_at: at(5)?,
        reports: u64::try_from(row.get::<_, i64>(6)?).unwrap_or_default(),
        joined: row.get(7)?,
    })
}

fn one(c: &Connection, id: i64, service_id: Option<i64>) -> Result<Option<Outage>, StoreError> {
    Ok(c.query_row_cached(&format!("{OUTAGE_SELECT} WHERE o.id = ?2"), params![service_id, id], outage).optional()?)
}

/// The outages not ended yet (of `zone_id`, if given), newest first, each saying whether
/// `service_id` reported it.
pub(super) fn open(c: &Connection, zone_id: Option<i64>, service_id: Option<i64>) -> Result<Vec<Outage>, StoreError> {
    let sql = format!("{OUTAGE_SELECT} WHERE o.ended_at IS NULL AND (?2 IS NULL OR o.zone_id = ?2) ORDER BY o.id DESC");
    let mut stmt = c.prepare_cached(&sql)?;
    let found = stmt.query_map(params![service_id, zone_id], outage)?.collect::<Result<_, _>>()?;
    Ok(found)
}

fn declare_in(
    tx: &Connection,
    zone_id: i64,
    message: &str,
    estimated_end: Option<NaiveDateTime>,
    now: NaiveDateTime,
    source: &str,
) -> Result<Outage, StoreError> {
    tx.execute_cached(
        "INSERT INTO outages (zone_id, message, started_at, estimated_end, source) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![zone_id, message, local_text(now), estimated_end.map(local_text), source],
    )?;
    let declared = one(tx, tx.last_insert_rowid(), None)?.ok_or_else(|| StoreError::from("outage vanished"))?;
    events::insert(tx, &outage_event(&declared, None, Utc::now()), Utc::now())?;
    Ok(declared)
}

fn declare(
    c: &mut Connection,
    zone_id: i64,
    message: &str,
    estimated_end: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> Result<Outage, StoreError> {
    let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let declared = declare_in(&tx, zone_id, message, estimated_end, now, "staff")?;
    tx.commit()?;
    Ok(declared)
}

fn end_in(tx: &Connection, id: i64, now: NaiveDateTime) -> Result<Ended, StoreError> {
    let Some(found) = one(tx, id, None)? else { return Ok(Ended::NotFound) };
    if found.ended_at.is_some() {
        return Ok(Ended::Already(found));
    }
    tx.execute_cached("UPDATE outages SET ended_at = ?2 WHERE id = ?1", params![id, local_text(now)])?;
    let services: Vec<i64> = {
        let mut stmt =
            tx.prepare_cached("SELECT service_id FROM outage_reports WHERE outage_id = ?1 ORDER BY service_id")?;
        stmt.query_map([id], |r| r.get(0))?.collect::<Result<_, _>>()?
    };
    let ended = one(tx, id, None)?.ok_or_else(|| StoreError::from("outage vanished"))?;
    events::insert(tx, &outage_event(&ended, Some(&services), Utc::now()), Utc::now())?;
    Ok(Ended::Ended { outage: ended, services })
}

fn end(c: &mut Connection, id: i64, now: NaiveDateTime) -> Result<Ended, StoreError> {
    let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let ended = end_in(&tx, id, now)?;
    tx.commit()?;
    Ok(ended)
}

fn back_office(c: &mut Connection, reported: &[(i64, String)], now: NaiveDateTime) -> Result<(), StoreError> {
    let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let known: Vec<(i64, i64, String)> = {
        let mut stmt = tx.prepare_cached(
            "SELECT id, zone_id, message FROM outages WHERE source = 'back_office' AND ended_at IS NULL",
        )?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<Result<_, _>>()?
    };
    for (id, zone, message) in &known {
        if !reported.iter().any(|(z, m)| z == zone && m == message) {
            end_in(&tx, *id, now)?;
        }
    }
    for (zone, message) in reported {
        let zone_known: bool =
            tx.query_row_cached("SELECT EXISTS (SELECT 1 FROM zones WHERE id = ?1)", [zone], |r| r.get(0))?;
        if zone_known && !known.iter().any(|(_, z, m)| z == zone && m == message) {
            declare_in(&tx, *zone, message, None, now, "back_office")?;
        }
    }
    tx.commit()?;
    Ok(())
}

fn join(c: &mut Connection, id: i64, service: Service, now: NaiveDateTime) -> Result<Joined, StoreError> {
    let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let found = one(&tx, id, Some(service.id))?.filter(|o| i64::try_from(o.zone_id).ok() == Some(service.zone_id));
    let Some(found) = found else { return Ok(Joined::NotFound) };
    if found.ended_at.is_some() {
        return Ok(Joined::Ended(found));
    }
    tx.execute_cached(
        "INSERT OR IGNORE INTO outage_reports (outage_id, service_id, reported_at) VALUES (?1, ?2, ?3)",
        params![id, service.id, local_text(now)],
    )?;
    let joined = one(&tx, id, Some(service.id))?.ok_or_else(|| StoreError::from("outage vanished"))?;
    tx.commit()?;
    Ok(Joined::Joined(joined))
}

impl Outages for SqliteStore {
    fn declare_outage(
        &self,
        zone_id: i64,
        message: String,
        estimated_end: Option<NaiveDateTime>,
        now: NaiveDateTime,
    ) -> StoreFuture<'_, Outage> {
        Box::pin(async move { self.call(move |c| declare(c, zone_id, &message, estimated_end, now)).await })
    }

    fn end_outage(&self, id: i64, now: NaiveDateTime) -> StoreFuture<'_, Ended> {
        Box::pin(async move { self.call(move |c| end(c, id, now)).await })
    }

    fn outages(&self, zone_id: Option<i64>, service_id: Option<i64>) -> StoreFuture<'_, Vec<Outage>> {
        Box::pin(async move { self.call(move |c| open(c, zone_id, service_id)).await })
    }

    fn back_office_outages(&self, reported: Vec<(i64, String)>, now: NaiveDateTime) -> StoreFuture<'_, ()> {
        Box::pin(async move { self.call(move |c| back_office(c, &reported, now)).await })
    }

    fn join_outage(&self, id: i64, service: Service, now: NaiveDateTime) -> StoreFuture<'_, Joined> {
        Box::pin(async move { self.call(move |c| join(c, id, service, now)).await })
    }
}
