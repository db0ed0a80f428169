//! Events, webhook deliveries and what subscribers have seen, in PostgreSQL: the changes that
//! write events (staff answers, status changes) with their event in one transaction, deliveries leased `FOR UPDATE SKIP LOCKED` like the
//! outbox's, so several instances deliver each one once per lease.

use chrono::{DateTime, NaiveDateTime, Utc};
use deadpool_postgres::{GenericClient, Pool};
use helpdesk_core::{StatusKind, TicketId};

use super::super::events::{self, Actor, EventKind, EventTicket, Notifications, WebhookDelivery};
use super::super::{MessageKind, NewEvent, StoreError, StoreFuture};
use super::PgStore;
use super::cached;
use super::rows::{self, ticket_key};

/// Write the event `kind` about ticket `id` (inside the caller's transaction); a change by
/// staff also marks the ticket unread for its subscriber.
pub(super) async fn record(
    tx: &impl GenericClient,
    kind: EventKind,
    id: i64,
    previous_status: Option<i64>,
    answer: Option<(&str, &str)>,
    by: Actor,
) -> Result<(), StoreError> {
    let sql = "SELECT id, service_id, zone_id, subject, status FROM tickets WHERE id = $1";
    let row = cached::query_opt(tx, sql, &[&id]).await?.ok_or_else(|| events::no_ticket(id))?;
    let ticket = EventTicket {
        id: row.try_get(0)?,
        service_id: row.try_get(1)?,
        zone_id: row.try_get(2)?,
        subject: row.try_get(3)?,
        status: row.try_get(4)?,
    };
    let now = Utc::now();
    insert(tx, &events::render(kind, &ticket, previous_status, answer, now), now).await?;
    if by == Actor::Staff && kind != EventKind::Created {
        cached::execute(tx, "UPDATE tickets SET staff_activity = staff_activity + 1 WHERE id = $1", &[&id]).await?;
    }
    Ok(())
}

/// Write `event`, rendered at `now` (inside the caller's transaction).
pub(super) async fn insert(tx: &impl GenericClient, event: &NewEvent, now: DateTime<Utc>) -> Result<(), StoreError> {
    cached::execute(
        tx,
        "INSERT INTO events (id, type, body, created_at) VALUES ($1, $2, $3, $4)",
        &[&event.id, &event.kind, &event.body, &now],
    )
    .await?;
    Ok(())
}

/// Append a message; a staff answer with its event, in one transaction.
pub(super) async fn add_message(
    pool: &Pool,
    ticket_id: TicketId,
    kind: MessageKind,
    name: &str,
    body: &str,
    at: NaiveDateTime,
) -> Result<(), StoreError> {
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    let id = ticket_key(ticket_id);
    rows::insert_message(&tx, id, kind, name, body, at).await?;
    if kind == MessageKind::Staff {
        record(&tx, EventKind::Answered, id, None, Some((name, body)), Actor::Staff).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Set a ticket's status; a change with its event, in one transaction (the row locked).
pub(super) async fn set_status(
    pool: &Pool,
    ticket_id: TicketId,
    status: StatusKind,
    by: Actor,
) -> Result<(), StoreError> {
    let (id, code) = (ticket_key(ticket_id), i64::from(status.code()));
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    let before = cached::query_opt(&tx, "SELECT status FROM tickets WHERE id = $1 FOR UPDATE", &[&id]).await?;
    let before: Option<i64> = before.map(|r| r.try_get(0)).transpose()?;
    if let Some(before) = before.filter(|b| *b != code) {
        cached::execute(&tx, "UPDATE tickets SET status = $2 WHERE id = $1", &[&id, &code]).await?;
        record(&tx, EventKind::StatusChanged, id, Some(before), None, by).await?;
    }
    tx.commit().await?;
    Ok(())
}

impl Notifications for PgStore {
    fn fan_out(&self, endpoints: Vec<String>, now: DateTime<Utc>) -> StoreFuture<'_, u64> {
        Box::pin(async move {
            let mut client = self.pool.get().await?;
            let tx = client.transaction().await?;
            // The events this pass fans out, locked so that another instance's pass skips them.
            let seqs: Vec<i64> = tx
                .query("SELECT seq FROM events WHERE NOT fanned_out ORDER BY seq FOR UPDATE SKIP LOCKED", &[])
                .await?
                .iter()
                .map(|r| r.try_get(0))
                .collect::<Result<_, _>>()?;
            for endpoint in &endpoints {
                cached::execute(
                    &tx,
                    "INSERT INTO webhook_deliveries (event_seq, endpoint, next_attempt_at)
                     SELECT unnest($1::BIGINT[]), $2, $3 ON CONFLICT DO NOTHING",
                    &[&seqs, endpoint, &now],
                )
                .await?;
            }
            cached::execute(&tx, "UPDATE events SET fanned_out = TRUE WHERE seq = ANY($1)", &[&seqs]).await?;
            let horizon = now - chrono::Duration::days(events::EVENT_RETENTION_DAYS);
            cached::execute(
                &tx,
                "DELETE FROM events e WHERE fanned_out AND created_at < $1
                   AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_seq = e.seq)",
                &[&horizon],
            )
            .await?;
            tx.commit().await?;
            Ok(u64::try_from(seqs.len()).unwrap_or_default())
        })
    }

    fn lease_webhooks(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: u32,
    ) -> StoreFuture<'_, Vec<WebhookDelivery>> {
        Box::pin(async move {
            let rows = self
                .pool
                .get()
                .await?
                .query(
                    "WITH due AS (
                         SELECT event_seq, endpoint FROM webhook_deliveries WHERE next_attempt_at <= $1
                         ORDER BY next_attempt_at, event_seq LIMIT $3 FOR UPDATE SKIP LOCKED
                     ), leased AS (
                         UPDATE webhook_deliveries d SET attempts = d.attempts + 1, next_attempt_at = $2
                         FROM due WHERE d.event_seq = due.event_seq AND d.endpoint = due.endpoint
                         RETURNING d.event_seq, d.endpoint, d.attempts - 1 AS attempts
                     )
                     SELECT l.event_seq, l.endpoint, e.id, e.type, e.body, l.attempts
                     FROM leased l JOIN events e ON e.seq = l.event_seq ORDER BY l.event_seq",
                    &[&now, &lease_until, &i64::from(limit)],
                )
                .await?;
            rows.iter()
                .map(|r| {
                    let attempts: i64 = r.try_get(5)?;
                    Ok(WebhookDelivery {
                        seq: r.try_get(0)?,
                        endpoint: r.try_get(1)?,
                        event_id: r.try_get(2)?,
                        kind: r.try_get(3)?,
                        body: r.try_get(4)?,
                        attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
                    })
                })
                .collect()
        })
    }

    fn webhook_delivered(&self, seq: i64, endpoint: String) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            let sql = "DELETE FROM webhook_deliveries WHERE event_seq = $1 AND endpoint = $2";
            self.pool.get().await?.execute(sql, &[&seq, &endpoint]).await?;
            Ok(())
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
            let sql = "UPDATE webhook_deliveries SET last_error = $3, next_attempt_at = $4
                       WHERE event_seq = $1 AND endpoint = $2";
            self.pool.get().await?.execute(sql, &[&seq, &endpoint, &error, &retry_at]).await?;
            Ok(())
        })
    }

    fn webhooks_waiting(&self) -> StoreFuture<'_, u64> {
        Box::pin(async move {
            let n: i64 =
                self.pool.get().await?.query_one("SELECT COUNT(*) FROM webhook_deliveries", &[]).await?.try_get(0)?;
            Ok(u64::try_from(n).unwrap_or_default())
        })
    }

    fn mark_seen(&self, ticket_id: TicketId) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            let sql =
                "UPDATE tickets SET seen_activity = staff_activity WHERE id = $1 AND seen_activity != staff_activity";
            self.pool.get().await?.execute(sql, &[&ticket_key(ticket_id)]).await?;
            Ok(())
        })
    }
}
