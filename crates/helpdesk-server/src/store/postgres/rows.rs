//! Rows of the PostgreSQL schema: how tickets, services and messages are written to it and
//! read back, and the counts the limits are decided on.

use chrono::{NaiveDateTime, Timelike};
use deadpool_postgres::GenericClient;
use helpdesk_core::{BackOffice, Priority, PriorityLevel, Status, StatusKind, Ticket, TicketId};
use tokio_postgres::Row;

use super::super::{MessageKind, NewTicket, Service, StoreError, StoredTicket};
use super::cached;
use crate::ServerPolicy;

/// The columns of a ticket as [`stored_ticket`] reads them (the ticket's, its latest staff
/// answer, its back-office number and whether it waits in the outbox).
pub(super) const TICKET_SELECT: &str =
    "SELECT t.id, t.service_id, t.subject, t.status, t.priority, t.created_at, t.end_date,
    (SELECT m.body FROM messages m WHERE m.ticket_id = t.id AND m.author = 'staff' ORDER BY m.id DESC LIMIT 1)
        AS answer,
    t.upstream_id, EXISTS (SELECT 1 FROM outbox o WHERE o.ticket_id = t.id) AS pending,
    t.staff_activity > t.seen_activity AS unread
    FROM tickets t";

/// A local time as the store keeps it: to the minute, as the envelope shows it (and as the
/// SQLite store writes it), so that both stores give back the same times.
pub(super) fn minute(t: NaiveDateTime) -> NaiveDateTime {
    t.with_second(0).and_then(|t| t.with_nanosecond(0)).unwrap_or(t)
}

/// How many tickets of `zone_id` are in one of the policy's active states.
pub(super) async fn active_in_zone(
    c: &impl GenericClient,
    zone_id: i64,
    policy: &ServerPolicy,
) -> Result<u64, StoreError> {
    active_where(c, "zone_id", zone_id, policy).await
}

/// How many tickets of `service_id` are in one of the policy's active states.
pub(super) async fn active_of_service(
    c: &impl GenericClient,
    service_id: i64,
    policy: &ServerPolicy,
) -> Result<u64, StoreError> {
    active_where(c, "service_id", service_id, policy).await
}

async fn active_where(c: &impl GenericClient, column: &str, id: i64, policy: &ServerPolicy) -> Result<u64, StoreError> {
    let states: Vec<i64> = policy.rules.zone.active_states.iter().map(|s| i64::from(*s)).collect();
    let sql = format!("SELECT COUNT(*) FROM tickets WHERE {column} = $1 AND status = ANY($2)");
    let n: i64 = cached::query_one(c, &sql, &[&id, &states]).await?.try_get(0)?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// Insert ticket `t` without an opening message (a ticket the back office holds, whose
/// description may be staff's words, not the subscriber's). Returns the new id.
pub(super) async fn insert_ticket_row(c: &impl GenericClient, t: &NewTicket) -> Result<i64, StoreError> {
    let (status, priority) = (i64::from(t.status.code()), i64::from(t.priority.number()));
    let row = c
        .query_one(
            "INSERT INTO tickets (service_id, zone_id, technician_id, subject, description, status, priority, created_at, end_date)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
            &[
                &t.service_id,
                &t.zone_id,
                &t.technician_id,
                &t.subject,
                &t.description,
                &status,
                &priority,
                &minute(t.created_at),
                &t.end_date.map(minute),
            ],
        )
        .await?;
    Ok(row.try_get(0)?)
}

/// Insert ticket `t` and its opening message by `author_name`. Returns the new id.
pub(super) async fn insert_ticket(c: &impl GenericClient, t: &NewTicket, author_name: &str) -> Result<i64, StoreError> {
    let id = insert_ticket_row(c, t).await?;
    insert_message(c, id, MessageKind::Subscriber, author_name, &t.description, t.created_at).await?;
    Ok(id)
}

/// Append a message of `kind` to ticket `ticket_id`. Returns its id.
pub(super) async fn insert_message(
    c: &impl GenericClient,
    ticket_id: i64,
    kind: MessageKind,
    name: &str,
    body: &str,
    at: NaiveDateTime,
) -> Result<i64, StoreError> {
    let row = c
        .query_one(
            "INSERT INTO messages (ticket_id, author, author_name, body, created_at) VALUES ($1, $2, $3, $4, $5)
             RETURNING id",
            &[&ticket_id, &kind.code(), &name, &body, &minute(at)],
        )
        .await?;
    Ok(row.try_get(0)?)
}

/// A service row (`id, zone_id, technician_id`).
pub(super) fn service(row: &Row) -> Result<Service, tokio_postgres::Error> {
    Ok(Service { id: row.try_get(0)?, zone_id: row.try_get(1)?, technician_id: row.try_get(2)? })
}

/// A ticket row of [`TICKET_SELECT`], with the labels of `policy`.
pub(super) fn stored_ticket(row: &Row, policy: &ServerPolicy) -> Result<StoredTicket, tokio_postgres::Error> {
    let id: i64 = row.try_get("id")?;
    let status_code: i64 = row.try_get("status")?;
    let priority: i64 = row.try_get("priority")?;
    let kind = StatusKind::from_code(status_code).unwrap_or(StatusKind::Other);
    let label = usize::try_from(status_code - 1)
        .ok()
        .and_then(|i| policy.status_labels.get(i))
        .cloned()
        .unwrap_or_else(|| status_code.to_string());
    Ok(StoredTicket {
        service_id: row.try_get("service_id")?,
        ticket: Ticket {
            id: u64::try_from(id).unwrap_or_default(),
            subject: row.try_get("subject")?,
            status: Status { kind, label },
            priority: PriorityLevel::from_number(priority)
                .map_or_else(|| Priority::from_label(&priority.to_string()), Priority::of),
            created_at: row.try_get("created_at")?,
            end_date: row.try_get("end_date")?,
            answer: row.try_get("answer")?,
            back_office: match (row.try_get::<_, Option<i64>>("upstream_id")?, row.try_get::<_, bool>("pending")?) {
                (Some(number), _) => Some(BackOffice::Filed(u64::try_from(number).unwrap_or_default())),
                (None, true) => Some(BackOffice::Pending),
                (None, false) => None,
            },
            unread: row.try_get("unread")?,
        },
    })
}

/// A ticket id as the schema keeps it (`-1`, no ticket, when out of range).
pub(super) fn ticket_key(id: TicketId) -> i64 {
    i64::try_from(id).unwrap_or(-1)
}
