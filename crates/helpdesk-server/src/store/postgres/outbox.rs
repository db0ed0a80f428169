//! The outbox in PostgreSQL: tickets and subscribers' replies waiting for the back office.
//!
//! A lease is one statement: the due rows are picked `FOR UPDATE SKIP LOCKED` (so two
//! instances leasing at once never pick the same row, nor wait for each other), counted as
//! an attempt and moved to `lease_until`, which keeps every other instance off them until
//! the lease ends — then, if the instance that held it died, another takes it over.

use chrono::{DateTime, NaiveDateTime, Utc};
use deadpool_postgres::{GenericClient, Pool};
use tokio_postgres::Row;

use super::super::{Delivery, MessageKind, ReplyDelivery, StoreError};
use super::{mirror, rows};

/// A count or a code as the store's types hold it.
fn narrow<T: TryFrom<i64>>(row: &Row, column: &str) -> Result<T, StoreError> {
    let n: i64 = row.try_get(column)?;
    T::try_from(n).map_err(|_| StoreError::from(format!("{column} out of range: {n}")))
}

/// Enqueue ticket `ticket_id` under `reference`, due at once (inside the create's transaction).
pub(super) async fn enqueue(
    c: &impl GenericClient,
    ticket_id: i64,
    reference: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    c.execute(
        "INSERT INTO outbox (ticket_id, reference, next_attempt_at) VALUES ($1, $2, $3)",
        &[&ticket_id, &reference, &now],
    )
    .await?;
    Ok(())
}

/// Up to `limit` deliveries due at `now`, each leased until `lease_until`.
pub(super) async fn lease_due(
    pool: &Pool,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    limit: u32,
) -> Result<Vec<Delivery>, StoreError> {
    let leased = pool
        .get()
        .await?
        .query(
            "WITH due AS (
                 SELECT ticket_id FROM outbox WHERE next_attempt_at <= $1
                 ORDER BY next_attempt_at, ticket_id LIMIT $3 FOR UPDATE SKIP LOCKED
             ), leased AS (
                 UPDATE outbox o SET attempts = o.attempts + 1, next_attempt_at = $2
                 FROM due WHERE o.ticket_id = due.ticket_id
                 RETURNING o.ticket_id, o.reference, o.attempts - 1 AS attempts
             )
             SELECT l.ticket_id, l.reference, l.attempts, t.service_id, t.technician_id, t.subject, t.description,
                    t.status, t.priority, t.created_at, t.end_date
             FROM leased l JOIN tickets t ON t.id = l.ticket_id ORDER BY l.ticket_id",
            &[&now, &lease_until, &i64::from(limit)],
        )
        .await?;
    leased
        .iter()
        .map(|r| {
            Ok(Delivery {
                ticket_id: r.try_get("ticket_id")?,
                reference: r.try_get("reference")?,
                attempts: narrow(r, "attempts")?,
                service_id: r.try_get("service_id")?,
                technician_id: r.try_get("technician_id")?,
                subject: r.try_get("subject")?,
                description: r.try_get("description")?,
                status: narrow(r, "status")?,
                priority: narrow(r, "priority")?,
                created_at: r.try_get("created_at")?,
                end_date: r.try_get("end_date")?,
            })
        })
        .collect()
}

/// The back office holds ticket `ticket_id` as `upstream_id`: record it, end the delivery.
pub(super) async fn delivered(pool: &Pool, ticket_id: i64, upstream_id: i64) -> Result<(), StoreError> {
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    // In turn with the mirror's writes, which may have copied it meanwhile.
    mirror::lock(&tx).await?;
    let twin =
        tx.query_opt("SELECT id FROM tickets WHERE upstream_id = $2 AND id != $1", &[&ticket_id, &upstream_id]).await?;
    if let Some(twin) = twin {
        // A copy the mirror made of it (it could not tell it was this one) gives way.
        mirror::forget(&tx, twin.try_get(0)?).await?;
    }
    tx.execute(
        "UPDATE tickets SET upstream_id = $2, synced_at = $3,
             seen_in = (SELECT COALESCE(MAX(generation), 0) FROM mirror) WHERE id = $1",
        &[&ticket_id, &upstream_id, &Utc::now()],
    )
    .await?;
    tx.execute("DELETE FROM outbox WHERE ticket_id = $1", &[&ticket_id]).await?;
    tx.commit().await?;
    Ok(())
}

/// The attempt at ticket `id` (or, `reply`, at message `id`) failed with `error`: try again
/// at `retry_at`.
pub(super) async fn failed(
    pool: &Pool,
    reply: bool,
    id: i64,
    error: &str,
    retry_at: DateTime<Utc>,
) -> Result<(), StoreError> {
    let sql = if reply {
        "UPDATE reply_outbox SET last_error = $2, next_attempt_at = $3 WHERE message_id = $1"
    } else {
        "UPDATE outbox SET last_error = $2, next_attempt_at = $3 WHERE ticket_id = $1"
    };
    pool.get().await?.execute(sql, &[&id, &error, &retry_at]).await?;
    Ok(())
}

/// How many deliveries wait (tickets, replies and photos), and the oldest waiting ticket's creation
/// time (local).
pub(super) async fn depth(pool: &Pool) -> Result<(u64, Option<String>), StoreError> {
    let row = pool
        .get()
        .await?
        .query_one(
            "SELECT (SELECT COUNT(*) FROM outbox) + (SELECT COUNT(*) FROM reply_outbox) + (SELECT COUNT(*) FROM photo_outbox),
                    (SELECT MIN(t.created_at) FROM outbox o JOIN tickets t ON t.id = o.ticket_id)",
            &[],
        )
        .await?;
    let waiting: i64 = row.try_get(0)?;
    let oldest: Option<NaiveDateTime> = row.try_get(1)?;
    let oldest = oldest.map(|t| helpdesk_core::time::format_local(t, helpdesk_core::time::LocalForm::Minutes));
    Ok((u64::try_from(waiting).unwrap_or_default(), oldest))
}

/// Add subscriber `name`'s reply `body` to ticket `ticket_id` at `at`, to be delivered under
/// `reference`, due at once.
pub(super) async fn add_reply(
    pool: &Pool,
    ticket_id: i64,
    (name, body, at): (&str, &str, NaiveDateTime),
    reference: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    let message_id = rows::insert_message(&tx, ticket_id, MessageKind::Subscriber, name, body, at).await?;
    tx.execute("UPDATE messages SET reference = $2 WHERE id = $1", &[&message_id, &reference]).await?;
    tx.execute("INSERT INTO reply_outbox (message_id, next_attempt_at) VALUES ($1, $2)", &[&message_id, &now]).await?;
    tx.commit().await?;
    Ok(())
}

/// Up to `limit` replies due at `now` whose ticket the back office holds, each leased until
/// `lease_until`.
pub(super) async fn lease_replies(
    pool: &Pool,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    limit: u32,
) -> Result<Vec<ReplyDelivery>, StoreError> {
    let leased = pool
        .get()
        .await?
        .query(
            "WITH due AS (
                 SELECT r.message_id FROM reply_outbox r JOIN messages m ON m.id = r.message_id
                     JOIN tickets t ON t.id = m.ticket_id
                 WHERE r.next_attempt_at <= $1 AND t.upstream_id IS NOT NULL
                 ORDER BY r.next_attempt_at, r.message_id LIMIT $3 FOR UPDATE OF r SKIP LOCKED
             ), leased AS (
                 UPDATE reply_outbox r SET attempts = r.attempts + 1, next_attempt_at = $2
                 FROM due WHERE r.message_id = due.message_id
                 RETURNING r.message_id, r.attempts - 1 AS attempts
             )
             SELECT l.message_id, m.ticket_id, t.upstream_id, t.service_id, m.body, m.reference, l.attempts
             FROM leased l JOIN messages m ON m.id = l.message_id JOIN tickets t ON t.id = m.ticket_id
             ORDER BY l.message_id",
            &[&now, &lease_until, &i64::from(limit)],
        )
        .await?;
    leased
        .iter()
        .map(|r| {
            Ok(ReplyDelivery {
                message_id: r.try_get("message_id")?,
                ticket_id: r.try_get("ticket_id")?,
                upstream_ticket: r.try_get("upstream_id")?,
                service_id: r.try_get("service_id")?,
                body: r.try_get("body")?,
                reference: r.try_get("reference")?,
                attempts: narrow(r, "attempts")?,
            })
        })
        .collect()
}

/// Reply `message_id` is in the back office (as `upstream_id`, when known): its delivery is done.
pub(super) async fn reply_delivered(pool: &Pool, message_id: i64, upstream_id: Option<i64>) -> Result<(), StoreError> {
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    if let Some(upstream_id) = upstream_id {
        tx.execute(
            "UPDATE messages SET upstream_id = $2 WHERE id = $1 AND upstream_id IS NULL",
            &[&message_id, &upstream_id],
        )
        .await?;
    }
    tx.execute("DELETE FROM reply_outbox WHERE message_id = $1", &[&message_id]).await?;
    tx.commit().await?;
    Ok(())
}
