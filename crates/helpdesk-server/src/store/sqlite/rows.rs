//! Rows of the SQLite schema: how tickets, services, messages and local times are written
//! to it and read back.

use super::cached::Cached;
use chrono::NaiveDateTime;
use helpdesk_core::time::{LocalForm, format_local};
use helpdesk_core::{BackOffice, Priority, PriorityLevel, Status, StatusKind, Ticket, TicketId};
use rusqlite::{Connection, params};

use super::{MessageKind, NewTicket, Service, StoreError, StoredTicket};
use crate::ServerPolicy;

/// How many tickets of `zone_id` are in one of the policy's active states.
///
/// # Errors
/// On a store failure.
pub(super) fn active_in_zone(c: &Connection, zone_id: i64, policy: &ServerPolicy) -> Result<u64, StoreError> {
    active_where(c, "zone_id", zone_id, policy)
}

/// How many tickets of `service_id` are in one of the policy's active states.
///
/// # Errors
/// On a store failure.
pub(super) fn active_of_service(c: &Connection, service_id: i64, policy: &ServerPolicy) -> Result<u64, StoreError> {
    active_where(c, "service_id", service_id, policy)
}

fn active_where(c: &Connection, column: &str, id: i64, policy: &ServerPolicy) -> Result<u64, StoreError> {
    let states = policy.rules.zone.active_states.iter().map(u8::to_string).collect::<Vec<_>>().join(",");
    let n: i64 = c.query_row_cached(
        &format!("SELECT COUNT(*) FROM tickets WHERE {column} = ?1 AND status IN ({states})"),
        [id],
        |r| r.get(0),
    )?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// Insert a ticket and its opening message inside `tx`. Returns the new id.
///
/// # Errors
/// On a store failure.
pub fn insert_ticket(tx: &Connection, t: &NewTicket, author_name: &str) -> Result<TicketId, StoreError> {
    let id = insert_ticket_row(tx, t)?;
    insert_message(tx, id, MessageKind::Subscriber, author_name, &t.description, t.created_at)?;
    Ok(id)
}

/// Insert ticket `t` inside `tx` without an opening message (a ticket the back office holds,
/// whose description may be staff's words, not the subscriber's).
///
/// # Errors
/// On a store failure.
pub(super) fn insert_ticket_row(tx: &Connection, t: &NewTicket) -> Result<TicketId, StoreError> {
    tx.execute_cached(
        "INSERT INTO tickets (service_id, zone_id, technician_id, subject, description, status, priority, created_at, end_date)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            t.service_id,
            t.zone_id,
            t.technician_id,
            t.subject,
            t.description,
            t.status.code(),
            t.priority.number(),
            local_text(t.created_at),
            t.end_date.map(local_text),
        ],
    )?;
    u64::try_from(tx.last_insert_rowid()).map_err(|_| StoreError::from("negative rowid"))
}

/// Append a message of `kind` to ticket `ticket_id` inside `tx`.
///
/// # Errors
/// On a store failure.
pub fn insert_message(
    tx: &Connection,
    ticket_id: TicketId,
    kind: MessageKind,
    name: &str,
    body: &str,
    at: NaiveDateTime,
) -> Result<(), StoreError> {
    tx.execute_cached(
        "INSERT INTO messages (ticket_id, author, author_name, body, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![i64::try_from(ticket_id).unwrap_or(-1), kind.code(), name, body, local_text(at)],
    )?;
    Ok(())
}

pub(super) const TICKET_SELECT: &str =
    "SELECT t.id, t.service_id, t.subject, t.status, t.priority, t.created_at, t.end_date,
    (SELECT m.body FROM messages m WHERE m.ticket_id = t.id AND m.author = 'staff' ORDER BY m.id DESC LIMIT 1),
    t.upstream_id, EXISTS (SELECT 1 FROM outbox o WHERE o.ticket_id = t.id), t.staff_activity > t.seen_activity
    FROM tickets t";

pub(super) fn service(row: &rusqlite::Row<'_>) -> rusqlite::Result<Service> {
    Ok(Service { id: row.get(0)?, zone_id: row.get(1)?, technician_id: row.get(2)? })
}

/// A local time as the database stores it: the envelope's form, to the minute.
pub(super) fn local_text(t: NaiveDateTime) -> String {
    format_local(t, LocalForm::Minutes)
}

/// A stored local time, read by the core's reader of the form it was written in.
pub(super) fn local_time(idx: usize, text: &str) -> rusqlite::Result<NaiveDateTime> {
    helpdesk_core::time::parse_local("stored time", text)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e)))
}

pub(super) fn stored_ticket(row: &rusqlite::Row<'_>, policy: &ServerPolicy) -> rusqlite::Result<StoredTicket> {
    let id: i64 = row.get(0)?;
    let status_code: i64 = row.get(3)?;
    let priority: i64 = row.get(4)?;
    let created: String = row.get(5)?;
    let end: Option<String> = row.get(6)?;
    let kind = StatusKind::from_code(status_code).unwrap_or(StatusKind::Other);
    let label = usize::try_from(status_code - 1)
        .ok()
        .and_then(|i| policy.status_labels.get(i))
        .cloned()
        .unwrap_or_else(|| status_code.to_string());
    Ok(StoredTicket {
        service_id: row.get(1)?,
        ticket: Ticket {
            id: u64::try_from(id).unwrap_or_default(),
            subject: row.get(2)?,
            status: Status { kind, label },
            priority: PriorityLevel::from_number(priority)
                .map_or_else(|| Priority::from_label(&priority.to_string()), Priority::of),
            created_at: local_time(5, &created)?,
            end_date: end.as_deref().map(|e| local_time(6, e)).transpose()?,
            answer: row.get(7)?,
            back_office: match (row.get::<_, Option<i64>>(8)?, row.get::<_, bool>(9)?) {
                (Some(number), _) => Some(BackOffice::Filed(u64::try_from(number).unwrap_or_default())),
                (None, true) => Some(BackOffice::Pending),
                (None, false) => None,
            },
            unread: row.get(10)?,
        },
    })
}
