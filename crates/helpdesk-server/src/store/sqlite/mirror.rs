//! The mirror in SQLite: the back office's tickets written over the local ones in one
//! transaction (linked by number, or by the gateway's reference before the delivery recorded
//! the number), their staff answers stored once each, the events of what changed on tickets
//! it already had, and the time of the last complete picture.

use super::cached::Cached;
use chrono::{DateTime, NaiveDateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::super::{Actor, EventKind, MirrorCopy, Mirrored, StoreError, UpstreamTicket};
use super::photo_files::PhotoFiles;
use super::{events, rows};
use crate::clock::utc_text;
use crate::store::reference_in;

/// The local ticket mirroring `t`, linking the gateway's own by its reference; `None` when
/// the gateway has none.
fn local_of(tx: &Connection, t: &UpstreamTicket, pass: &mut Mirrored) -> Result<Option<(i64, i64)>, StoreError> {
    let by_number = tx
        .query_row("SELECT id, status FROM tickets WHERE upstream_id = ?1", [t.upstream_id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    if by_number.is_some() {
        return Ok(by_number);
    }
    let Some(reference) = reference_in(&t.description) else { return Ok(None) };
    let Some((id, status)) = tx
        .query_row(
            "SELECT t.id, t.status FROM outbox o JOIN tickets t ON t.id = o.ticket_id WHERE o.reference = ?1",
            [reference],
            |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)),
        )
        .optional()?
    else {
        return Ok(None);
    };
    tx.execute_cached("UPDATE tickets SET upstream_id = ?2 WHERE id = ?1", params![id, t.upstream_id])?;
    tx.execute_cached("DELETE FROM outbox WHERE ticket_id = ?1", [id])?;
    pass.linked += 1;
    Ok(Some((id, status)))
}

/// A ticket opened in the back office, added for its service's subscriber (its subject and
/// status; no opening message); `None` when the gateway does not know the service.
fn add(tx: &Connection, t: &UpstreamTicket, now_local: NaiveDateTime) -> Result<Option<i64>, StoreError> {
    let Some((zone_id, technician_id)) = tx
        .query_row("SELECT zone_id, technician_id FROM services WHERE id = ?1", [t.service_id], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
        })
        .optional()?
    else {
        return Ok(None);
    };
    let new = t.as_new(zone_id, technician_id, now_local);
    // Its description may be staff's words: kept for staff, never shown as the subscriber's.
    let id = i64::try_from(rows::insert_ticket_row(tx, &new)?).unwrap_or_default();
    tx.execute_cached("UPDATE tickets SET upstream_id = ?2 WHERE id = ?1", params![id, t.upstream_id])?;
    Ok(Some(id))
}

/// Whether service `service_id` has tickets on their way to the back office.
fn pending_for(tx: &Connection, service_id: i64) -> Result<bool, StoreError> {
    Ok(tx.query_row_cached(
        "SELECT EXISTS (SELECT 1 FROM outbox o JOIN tickets t ON t.id = o.ticket_id WHERE t.service_id = ?1)",
        [service_id],
        |r| r.get(0),
    )?)
}

/// Forget local ticket `id` and all that hangs on it.
pub(super) fn forget(tx: &Connection, id: i64) -> Result<(), StoreError> {
    tx.execute_cached(
        "DELETE FROM reply_outbox WHERE message_id IN (SELECT id FROM messages WHERE ticket_id = ?1)",
        [id],
    )?;
    tx.execute_cached("DELETE FROM photo_outbox WHERE photo_id IN (SELECT id FROM photos WHERE ticket_id = ?1)", [id])?;
    tx.execute_cached("DELETE FROM photos WHERE ticket_id = ?1", [id])?;
    tx.execute_cached("DELETE FROM messages WHERE ticket_id = ?1", [id])?;
    tx.execute_cached("DELETE FROM outbox WHERE ticket_id = ?1", [id])?;
    tx.execute_cached("DELETE FROM tickets WHERE id = ?1", [id])?;
    Ok(())
}

/// Write `tickets` over the mirror at `now`. With `complete`, they are the back office's
/// whole list: mirrored tickets missing from it and from the complete list before are closed
/// (the back office no longer has them), and `now` is recorded as the time of the last
/// complete picture. The files of the photos of tickets that went are removed after.
pub(super) fn write(
    c: &mut Connection,
    files: Option<&PhotoFiles>,
    tickets: &[UpstreamTicket],
    complete: bool,
    now: DateTime<Utc>,
    now_local: NaiveDateTime,
) -> Result<Mirrored, StoreError> {
    let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let mut pass = Mirrored::default();
    let seen = utc_text(now);
    let previous: i64 = tx.query_row_cached("SELECT COALESCE(MAX(generation), 0) FROM mirror", [], |r| r.get(0))?;
    let generation = if complete { previous + 1 } else { previous };
    for t in tickets {
        let local = local_of(&tx, t, &mut pass)?;
        // What staff did on a ticket the gateway already had is news to its subscriber; the
        // history of one it meets for the first time is not.
        let known_before = local.is_some();
        let id = match local {
            Some((id, status)) => {
                if status != i64::from(t.status) {
                    tx.execute_cached("UPDATE tickets SET status = ?2 WHERE id = ?1", params![id, t.status])?;
                    events::record(&tx, EventKind::StatusChanged, id, Some(status), None, Actor::Staff)?;
                    pass.updated += 1;
                }
                // Moved to another service in the back office, or its service to another zone:
                // it follows, so the right subscriber sees it and the right zone counts it.
                let moved = tx.execute_cached(
                    "UPDATE tickets SET service_id = ?2, zone_id = (SELECT zone_id FROM services WHERE id = ?2)
                     WHERE id = ?1 AND EXISTS (SELECT 1 FROM services WHERE id = ?2)
                       AND (service_id != ?2 OR zone_id != (SELECT zone_id FROM services WHERE id = ?2))",
                    params![id, t.service_id],
                )?;
                let known: bool =
                    tx.query_row_cached("SELECT EXISTS (SELECT 1 FROM services WHERE id = ?1)", [t.service_id], |r| {
                        r.get(0)
                    })?;
                if !known {
                    if !pass.unknown_services.contains(&t.service_id) {
                        pass.unknown_services.push(t.service_id);
                    }
                    // Moved to a service the gateway does not know: no longer its subscriber's
                    // to see, reply to or close — the copy goes (it comes back if moved back).
                    forget(&tx, id)?;
                    pass.gone += 1;
                    continue;
                }
                pass.updated += u64::try_from(moved).unwrap_or_default();
                id
            }
            // A ticket the gateway has not seen, of a service with tickets still on their way:
            // it may be one of those whose answer was lost (a list carries no reference to tell).
            // It waits for their delivery to find it, rather than count twice.
            None if t.answers.is_none() && pending_for(&tx, t.service_id)? => {
                pass.skipped += 1;
                continue;
            }
            None => match add(&tx, t, now_local)? {
                Some(id) => {
                    pass.added += 1;
                    id
                }
                None => {
                    pass.skipped += 1;
                    if !pass.unknown_services.contains(&t.service_id) {
                        pass.unknown_services.push(t.service_id);
                    }
                    continue;
                }
            },
        };
        // `synced_at` is when its thread was last read: a list that carries none (WHMCS's)
        // leaves it, so the next reader of the thread reads it again.
        tx.execute_cached(
            "UPDATE tickets SET synced_at = CASE WHEN ?5 THEN ?2 ELSE synced_at END, seen_in = ?3,
                 upstream_number = COALESCE(?4, upstream_number) WHERE id = ?1",
            params![id, seen, generation, t.number, t.answers.is_some()],
        )?;
        for a in t.answers.iter().flatten() {
            if a.opening {
                // The gateway's own ticket holds its opening message already: that is this one.
                tx.execute_cached(
                    "UPDATE messages SET upstream_id = ?2 WHERE id = (SELECT MIN(id) FROM messages WHERE ticket_id = ?1)
                       AND author = 'subscriber' AND upstream_id IS NULL AND reference IS NULL",
                    params![id, a.upstream_id],
                )?;
            }
            // A reply the gateway delivered comes back with its reference: it is that message.
            if let Some(reference) = reference_in(&a.body).filter(|_| !a.by_staff) {
                let ours = tx.execute_cached(
                    "UPDATE messages SET upstream_id = COALESCE(upstream_id, ?3) WHERE ticket_id = ?1 AND reference = ?2",
                    params![id, reference, a.upstream_id],
                )?;
                // A photo the gateway forwarded (WHMCS carries it on a reply): the photo is that.
                let photo: bool = tx.query_row_cached(
                    "SELECT EXISTS (SELECT 1 FROM photos WHERE ticket_id = ?1 AND reference = ?2)",
                    params![id, reference],
                    |r| r.get(0),
                )?;
                if ours > 0 || photo {
                    continue;
                }
            }
            let author = if a.by_staff { "staff" } else { "subscriber" };
            let added = tx.execute_cached(
                "INSERT OR IGNORE INTO messages (ticket_id, author, author_name, body, created_at, upstream_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![id, author, a.author, a.body, rows::local_text(a.at), a.upstream_id],
            )?;
            if added > 0 && a.by_staff && known_before {
                events::record(&tx, EventKind::Answered, id, None, Some((&a.author, &a.body)), Actor::Staff)?;
            }
            pass.answers += u64::try_from(added).unwrap_or_default();
        }
    }
    if complete {
        // Closed only when missing from two complete lists in a row: a list read page by page
        // while tickets are opened can skip one (its offsets shift), never twice running.
        let closed: Vec<(i64, i64)> = {
            let mut stmt = tx.prepare_cached(
                "SELECT id, status FROM tickets
                 WHERE upstream_id IS NOT NULL AND status != 4 AND COALESCE(seen_in, 0) < ?1 - 1",
            )?;
            stmt.query_map([generation], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?
        };
        for (id, before) in &closed {
            tx.execute_cached("UPDATE tickets SET status = 4 WHERE id = ?1", [id])?;
            events::record(&tx, EventKind::StatusChanged, *id, Some(*before), None, Actor::Staff)?;
        }
        pass.gone = u64::try_from(closed.len()).unwrap_or_default();
        tx.execute_cached(
            "INSERT OR REPLACE INTO mirror (id, generation, complete_at) VALUES (1, ?1, ?2)",
            params![generation, seen],
        )?;
    }
    tx.commit()?;
    if pass.gone > 0 {
        super::photos::sweep(c, files)?;
    }
    Ok(pass)
}

/// When the last complete picture of the back office's tickets was taken.
pub(super) fn complete_at(c: &Connection) -> Result<Option<DateTime<Utc>>, StoreError> {
    let at: Option<String> =
        c.query_row_cached("SELECT complete_at FROM mirror WHERE id = 1", [], |r| r.get(0)).optional()?;
    Ok(at.and_then(|t| DateTime::parse_from_rfc3339(&t).ok()).map(|t| t.with_timezone(&Utc)))
}

/// Ticket `ticket_id`'s back-office number and when it was last read from it.
pub(super) fn of_ticket(c: &Connection, ticket_id: i64) -> Result<Option<MirrorCopy>, StoreError> {
    let row: Option<(Option<i64>, Option<String>, Option<String>)> = c
        .query_row("SELECT upstream_id, synced_at, upstream_number FROM tickets WHERE id = ?1", [ticket_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    Ok(row.and_then(|(upstream_id, at, number)| {
        let at = at.and_then(|t| DateTime::parse_from_rfc3339(&t).ok()).map(|t| t.with_timezone(&Utc));
        upstream_id.map(|upstream_id| MirrorCopy { upstream_id, synced_at: at, number })
    }))
}

/// The local ticket the back office shows its users as `number`.
pub(super) fn by_number(c: &Connection, number: &str) -> Result<Option<i64>, StoreError> {
    Ok(c.query_row_cached("SELECT id FROM tickets WHERE upstream_number = ?1", [number], |r| r.get(0)).optional()?)
}
