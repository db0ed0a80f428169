//! Events, webhook deliveries and what subscribers have seen, in SQLite: the changes that
//! write events (staff answers, status changes) with their event in one transaction,
//! deliveries leased like the outbox's.

use super::cached::Cached;
use chrono::{DateTime, NaiveDateTime, Utc};
use helpdesk_core::{StatusKind, TicketId};
use rusqlite::{Connection, OptionalExtension, params};

use super::super::events::{self, Actor, EventKind, EventTicket, Notifications, WebhookDelivery};
use super::super::{MessageKind, NewEvent, StoreError, StoreFuture};
use super::{SqliteStore, rows};
use crate::clock::utc_text;

/// Write the event `kind` about ticket `id` (inside the caller's transaction); a change by
/// staff also marks the ticket unread for its subscriber.
pub(super) fn record(
    tx: &Connection,
    kind: EventKind,
    id: i64,
    previous_status: Option<i64>,
    answer: Option<(&str, &str)>,
    by: Actor,
) -> Result<(), StoreError> {
    let ticket = tx
        .query_row_cached("SELECT id, service_id, zone_id, subject, status FROM tickets WHERE id = ?1", [id], |r| {
            Ok(EventTicket {
                id: r.get(0)?,
                service_id: r.get(1)?,
                zone_id: r.get(2)?,
                subject: r.get(3)?,
                status: r.get(4)?,
            })
        })
        .optional()?
        .ok_or_else(|| events::no_ticket(id))?;
    let now = Utc::now();
    insert(tx, &events::render(kind, &ticket, previous_status, answer, now), now)?;
    if by == Actor::Staff && kind != EventKind::Created {
        tx.execute_cached("UPDATE tickets SET staff_activity = staff_activity + 1 WHERE id = ?1", [id])?;
    }
    Ok(())
}

/// Write `event`, rendered at `now` (inside the caller's transaction).
pub(super) fn insert(tx: &Connection, event: &NewEvent, now: DateTime<Utc>) -> Result<(), StoreError> {
    tx.execute_cached(
        "INSERT INTO events (id, type, body, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![event.id, event.kind, event.body, utc_text(now)],
    )?;
    Ok(())
}

/// Append a message; a staff answer with its event, in one transaction.
pub(super) fn add_message(
    c: &mut Connection,
    ticket_id: TicketId,
    kind: MessageKind,
    name: &str,
    body: &str,
    at: NaiveDateTime,
) -> Result<(), StoreError> {
    let tx = c.transaction()?;
    rows::insert_message(&tx, ticket_id, kind, name, body, at)?;
    if kind == MessageKind::Staff {
        let id = i64::try_from(ticket_id).unwrap_or(-1);
        record(&tx, EventKind::Answered, id, None, Some((name, body)), Actor::Staff)?;
    }
    tx.commit()?;
    Ok(())
}

/// Set a ticket's status; a change with its event, in one transaction.
pub(super) fn set_status(
    c: &mut Connection,
    ticket_id: TicketId,
    status: StatusKind,
    by: Actor,
) -> Result<(), StoreError> {
    let id = i64::try_from(ticket_id).unwrap_or(-1);
    let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let code = i64::from(status.code());
    let before: Option<i64> =
        tx.query_row_cached("SELECT status FROM tickets WHERE id = ?1", [id], |r| r.get(0)).optional()?;
    if let Some(before) = before.filter(|b| *b != code) {
        tx.execute_cached("UPDATE tickets SET status = ?2 WHERE id = ?1", params![id, code])?;
        record(&tx, EventKind::StatusChanged, id, Some(before), None, by)?;
    }
    tx.commit()?;
    Ok(())
}

fn fan_out(c: &mut Connection, endpoints: &[String], now: DateTime<Utc>) -> Result<u64, StoreError> {
    let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    for endpoint in endpoints {
        tx.execute_cached(
            "INSERT OR IGNORE INTO webhook_deliveries (event_seq, endpoint, next_attempt_at)
             SELECT seq, ?1, ?2 FROM events WHERE fanned_out = 0",
            params![endpoint, utc_text(now)],
        )?;
    }
    let fanned = tx.execute_cached("UPDATE events SET fanned_out = 1 WHERE fanned_out = 0", [])?;
    let horizon = now - chrono::Duration::days(events::EVENT_RETENTION_DAYS);
    tx.execute_cached(
        "DELETE FROM events WHERE fanned_out = 1 AND created_at < ?1
           AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_seq = events.seq)",
        [utc_text(horizon)],
    )?;
    tx.commit()?;
    Ok(u64::try_from(fanned).unwrap_or_default())
}

fn lease(
    c: &mut Connection,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    limit: u32,
) -> Result<Vec<WebhookDelivery>, StoreError> {
    let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let due: Vec<WebhookDelivery> = {
        let mut stmt = tx.prepare_cached(
            "SELECT d.event_seq, d.endpoint, e.id, e.type, e.body, d.attempts
             FROM webhook_deliveries d JOIN events e ON e.seq = d.event_seq
             WHERE d.next_attempt_at <= ?1 ORDER BY d.next_attempt_at, d.event_seq LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![utc_text(now), limit], |r| {
            Ok(WebhookDelivery {
                seq: r.get(0)?,
                endpoint: r.get(1)?,
                event_id: r.get(2)?,
                kind: r.get(3)?,
                body: r.get(4)?,
                attempts: r.get(5)?,
            })
        })?;
        rows.collect::<Result<_, _>>()?
    };
    for d in &due {
        tx.execute_cached(
            "UPDATE webhook_deliveries SET attempts = attempts + 1, next_attempt_at = ?3
             WHERE event_seq = ?1 AND endpoint = ?2",
            params![d.seq, d.endpoint, utc_text(lease_until)],
        )?;
    }
    tx.commit()?;
    Ok(due)
}

impl Notifications for SqliteStore {
    fn fan_out(&self, endpoints: Vec<String>, now: DateTime<Utc>) -> StoreFuture<'_, u64> {
        Box::pin(async move { self.call(move |c| fan_out(c, &endpoints, now)).await })
    }

    fn lease_webhooks(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: u32,
    ) -> StoreFuture<'_, Vec<WebhookDelivery>> {
        Box::pin(async move { self.call(move |c| lease(c, now, lease_until, limit)).await })
    }

    fn webhook_delivered(&self, seq: i64, endpoint: String) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            self.call(move |c| {
                c.execute_cached(
                    "DELETE FROM webhook_deliveries WHERE event_seq = ?1 AND endpoint = ?2",
                    params![seq, endpoint],
                )?;
                Ok(())
            })
            .await
        })
    }

    fn webhook_failed(
        &self,
        seq: i64,
        endpoint: String,
        error: String,
        retry_at: DateTime<Utc>,
    ) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            self.call(move |c| {
                c.execute_cached(
                    "UPDATE webhook_deliveries SET last_error = ?3, next_attempt_at = ?4
                     WHERE event_seq = ?1 AND endpoint = ?2",
                    params![seq, endpoint, error, utc_text(retry_at)],
                )?;
                Ok(())
            })
            .await
        })
    }

    fn webhooks_waiting(&self) -> StoreFuture<'_, u64> {
        Box::pin(async move {
            self.call(|c| {
                let n: i64 = c.query_row_cached("SELECT COUNT(*) FROM webhook_deliveries", [], |r| r.get(0))?;
                Ok(u64::try_from(n).unwrap_or_default())
            })
            .await
        })
    }

    fn mark_seen(&self, ticket_id: TicketId) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            let id = i64::try_from(ticket_id).unwrap_or(-1);
            self.call(move |c| {
                c.execute_cached(
                    "UPDATE tickets SET seen_activity = staff_activity WHERE id = ?1 AND seen_activity != staff_activity",
                    [id],
                )?;
                Ok(())
            })
            .await
        })
    }
}
