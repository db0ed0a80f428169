//! The outbox in SQLite: tickets waiting for the back office, leased to one delivery at a
//! time, removed once the back office's number is on the ticket.

use super::cached::Cached;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::super::{Delivery, StoreError};
use super::rows;
use crate::clock::utc_text;

/// Enqueue ticket `ticket_id` under `reference`, due at once (inside the create's transaction).
pub(super) fn enqueue(c: &Connection, ticket_id: i64, reference: &str, now: DateTime<Utc>) -> Result<(), StoreError> {
    c.execute_cached(
        "INSERT INTO outbox (ticket_id, reference, next_attempt_at) VALUES (?1, ?2, ?3)",
        params![ticket_id, reference, utc_text(now)],
    )?;
    Ok(())
}

/// Up to `limit` deliveries due at `now`, each leased until `lease_until` (counted as an
/// attempt before anything is sent, so that after a crash the next one looks first).
pub(super) fn lease_due(
    c: &mut Connection,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    limit: u32,
) -> Result<Vec<Delivery>, StoreError> {
    let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let due: Vec<Delivery> = {
        let mut stmt = tx.prepare_cached(
            "SELECT o.ticket_id, o.reference, o.attempts, t.service_id, t.technician_id, t.subject, t.description,
                    t.status, t.priority, t.created_at, t.end_date
             FROM outbox o JOIN tickets t ON t.id = o.ticket_id
             WHERE o.next_attempt_at <= ?1 ORDER BY o.next_attempt_at, o.ticket_id LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![utc_text(now), limit], |r| {
            let created: String = r.get(9)?;
            let end: Option<String> = r.get(10)?;
            Ok(Delivery {
                ticket_id: r.get(0)?,
                reference: r.get(1)?,
                attempts: r.get(2)?,
                service_id: r.get(3)?,
                technician_id: r.get(4)?,
                subject: r.get(5)?,
                description: r.get(6)?,
                status: r.get(7)?,
                priority: r.get(8)?,
                created_at: rows::local_time(9, &created)?,
                end_date: end.as_deref().map(|e| rows::local_time(10, e)).transpose()?,
            })
        })?;
        rows.collect::<Result<_, _>>()?
    };
    for d in &due {
        tx.execute_cached(
            "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?2 WHERE ticket_id = ?1",
            params![d.ticket_id, utc_text(lease_until)],
        )?;
    }
    tx.commit()?;
    Ok(due)
}

/// The back office holds ticket `ticket_id` as `upstream_id`: record it, end the delivery.
pub(super) fn delivered(c: &mut Connection, ticket_id: i64, upstream_id: i64) -> Result<(), StoreError> {
    let tx = c.transaction()?;
    // A copy the mirror made of it meanwhile (it could not tell it was this one) gives way.
    let twin: Option<i64> = tx
        .query_row("SELECT id FROM tickets WHERE upstream_id = ?2 AND id != ?1", params![ticket_id, upstream_id], |r| {
            r.get(0)
        })
        .optional()?;
    if let Some(twin) = twin {
        super::mirror::forget(&tx, twin)?;
    }
    tx.execute_cached(
        "UPDATE tickets SET upstream_id = ?2, synced_at = ?3,
             seen_in = (SELECT COALESCE(MAX(generation), 0) FROM mirror) WHERE id = ?1",
        params![ticket_id, upstream_id, utc_text(Utc::now())],
    )?;
    tx.execute_cached("DELETE FROM outbox WHERE ticket_id = ?1", [ticket_id])?;
    tx.commit()?;
    Ok(())
}

/// The attempt failed with `error`: try again at `retry_at`.
pub(super) fn failed(c: &Connection, ticket_id: i64, error: &str, retry_at: DateTime<Utc>) -> Result<(), StoreError> {
    c.execute_cached(
        "UPDATE outbox SET last_error = ?2, next_attempt_at = ?3 WHERE ticket_id = ?1",
        params![ticket_id, error, utc_text(retry_at)],
    )?;
    Ok(())
}

/// How many deliveries wait (tickets, replies and photos), and the oldest waiting ticket's creation
/// time (local).
pub(super) fn depth(c: &Connection) -> Result<(u64, Option<String>), StoreError> {
    Ok(c.query_row_cached(
        "SELECT (SELECT COUNT(*) FROM outbox) + (SELECT COUNT(*) FROM reply_outbox) + (SELECT COUNT(*) FROM photo_outbox),
                (SELECT MIN(t.created_at) FROM outbox o JOIN tickets t ON t.id = o.ticket_id)",
        [],
        |r| Ok((u64::try_from(r.get::<_, i64>(0)?).unwrap_or_default(), r.get(1)?)),
    )?)
}
