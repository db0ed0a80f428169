//! Subscribers' replies through the outbox in SQLite: written with their delivery in one
//! transaction, leased one at a time once their ticket is in the back office (counted as an
//! attempt before anything is sent), removed once delivered.

use super::cached::Cached;
use chrono::{DateTime, NaiveDateTime, Utc};
use rusqlite::{Connection, params};

use super::super::{MessageKind, ReplyDelivery, StoreError};
use super::rows;
use crate::clock::utc_text;

/// Add subscriber `name`'s reply `body` to ticket `ticket_id` at `at`, to be delivered under
/// `reference`, due at once.
pub(super) fn add(
    c: &mut Connection,
    ticket_id: i64,
    (name, body, at): (&str, &str, NaiveDateTime),
    reference: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    rows::insert_message(&tx, u64::try_from(ticket_id).unwrap_or_default(), MessageKind::Subscriber, name, body, at)?;
    let message_id = tx.last_insert_rowid();
    tx.execute_cached("UPDATE messages SET reference = ?2 WHERE id = ?1", params![message_id, reference])?;
    tx.execute_cached(
        "INSERT INTO reply_outbox (message_id, next_attempt_at) VALUES (?1, ?2)",
        params![message_id, utc_text(now)],
    )?;
    tx.commit()?;
    Ok(())
}

/// Up to `limit` replies due at `now` whose ticket the back office holds, each leased until
/// `lease_until` and counted as an attempt.
pub(super) fn lease_due(
    c: &mut Connection,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    limit: u32,
) -> Result<Vec<ReplyDelivery>, StoreError> {
    let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let due: Vec<ReplyDelivery> = {
        let mut stmt = tx.prepare_cached(
            "SELECT r.message_id, m.ticket_id, t.upstream_id, t.service_id, m.body, m.reference, r.attempts
             FROM reply_outbox r JOIN messages m ON m.id = r.message_id JOIN tickets t ON t.id = m.ticket_id
             WHERE r.next_attempt_at <= ?1 AND t.upstream_id IS NOT NULL
             ORDER BY r.next_attempt_at, r.message_id LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![utc_text(now), limit], |r| {
            Ok(ReplyDelivery {
                message_id: r.get(0)?,
                ticket_id: r.get(1)?,
                upstream_ticket: r.get(2)?,
                service_id: r.get(3)?,
                body: r.get(4)?,
                reference: r.get(5)?,
                attempts: r.get(6)?,
            })
        })?;
        rows.collect::<Result<_, _>>()?
    };
    for d in &due {
        tx.execute_cached(
            "UPDATE reply_outbox SET attempts = attempts + 1, next_attempt_at = ?2 WHERE message_id = ?1",
            params![d.message_id, utc_text(lease_until)],
        )?;
    }
    tx.commit()?;
    Ok(due)
}

/// Reply `message_id` is in the back office (as `upstream_id`, when known): its delivery is done.
pub(super) fn delivered(c: &mut Connection, message_id: i64, upstream_id: Option<i64>) -> Result<(), StoreError> {
    let tx = c.transaction()?;
    if let Some(upstream_id) = upstream_id {
        tx.execute_cached(
            "UPDATE messages SET upstream_id = ?2 WHERE id = ?1 AND upstream_id IS NULL",
            params![message_id, upstream_id],
        )?;
    }
    tx.execute_cached("DELETE FROM reply_outbox WHERE message_id = ?1", [message_id])?;
    tx.commit()?;
    Ok(())
}

/// The attempt failed with `error`: try again at `retry_at`.
pub(super) fn failed(c: &Connection, message_id: i64, error: &str, retry_at: DateTime<Utc>) -> Result<(), StoreError> {
    c.execute_cached(
        "UPDATE reply_outbox SET last_error = ?2, next_attempt_at = ?3 WHERE message_id = ?1",
        params![message_id, error, utc_text(retry_at)],
    )?;
    Ok(())
}
