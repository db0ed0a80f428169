//! The mirror in PostgreSQL: the back office's tickets written over the local ones in one
//! transaction (linked by number, or by the gateway's reference before the delivery recorded
//! the number), their staff answers stored once each, the events of what changed on tickets
//! it already had, and the time of the last complete picture. Writes to the mirror, and deliveries recording their number, take one
//! transaction-scoped advisory lock: several instances syncing at once take turns.

use chrono::{DateTime, NaiveDateTime, Utc};
use deadpool_postgres::{GenericClient, Pool};

use super::super::{Actor, EventKind, MirrorCopy, Mirrored, StoreError, UpstreamTicket};
use super::{events, rows};
use crate::store::reference_in;

/// The advisory lock of the mirror's writes (an arbitrary constant of this schema).
const MIRROR_LOCK: i64 = 0x6865_6c70_6d69_7272;

/// Take the transaction's lock on the mirror.
pub(super) async fn lock(c: &impl GenericClient) -> Result<(), StoreError> {
    c.execute("SELECT pg_advisory_xact_lock($1)", &[&MIRROR_LOCK]).await?;
    Ok(())
}

/// The local ticket mirroring `t` (its id and status), linking the gateway's own by its
/// reference; `None` when the gateway has none.
async fn local_of(
    c: &impl GenericClient,
    t: &UpstreamTicket,
    pass: &mut Mirrored,
) -> Result<Option<(i64, i64)>, StoreError> {
    if let Some(row) = c.query_opt("SELECT id, status FROM tickets WHERE upstream_id = $1", &[&t.upstream_id]).await? {
        return Ok(Some((row.try_get(0)?, row.try_get(1)?)));
    }
    let Some(reference) = reference_in(&t.description) else { return Ok(None) };
    let sql = "SELECT t.id, t.status FROM outbox o JOIN tickets t ON t.id = o.ticket_id WHERE o.reference = $1";
    let Some(row) = c.query_opt(sql, &[&reference]).await? else { return Ok(None) };
    let (id, status): (i64, i64) = (row.try_get(0)?, row.try_get(1)?);
    c.execute("UPDATE tickets SET upstream_id = $2 WHERE id = $1", &[&id, &t.upstream_id]).await?;
    c.execute("DELETE FROM outbox WHERE ticket_id = $1", &[&id]).await?;
    pass.linked += 1;
    Ok(Some((id, status)))
}

/// A ticket opened in the back office, added for its service's subscriber (its subject and
/// status; no opening message); `None` when the gateway does not know the service.
async fn add(c: &impl GenericClient, t: &UpstreamTicket, now_local: NaiveDateTime) -> Result<Option<i64>, StoreError> {
    let sql = "SELECT zone_id, technician_id FROM services WHERE id = $1";
    let Some(row) = c.query_opt(sql, &[&t.service_id]).await? else { return Ok(None) };
    let (zone_id, technician_id): (i64, i64) = (row.try_get(0)?, row.try_get(1)?);
    let new = t.as_new(zone_id, technician_id, now_local);
    // Its description may be staff's words: kept for staff, never shown as the subscriber's.
    let id = rows::insert_ticket_row(c, &new).await?;
    c.execute("UPDATE tickets SET upstream_id = $2 WHERE id = $1", &[&id, &t.upstream_id]).await?;
    Ok(Some(id))
}

/// Forget local ticket `id` and all that hangs on it.
pub(super) async fn forget(c: &impl GenericClient, id: i64) -> Result<(), StoreError> {
    for sql in [
        "DELETE FROM reply_outbox WHERE message_id IN (SELECT id FROM messages WHERE ticket_id = $1)",
        "DELETE FROM photo_outbox WHERE photo_id IN (SELECT id FROM photos WHERE ticket_id = $1)",
        "DELETE FROM photos WHERE ticket_id = $1",
        "DELETE FROM messages WHERE ticket_id = $1",
        "DELETE FROM outbox WHERE ticket_id = $1",
        "DELETE FROM tickets WHERE id = $1",
    ] {
        c.execute(sql, &[&id]).await?;
    }
    Ok(())
}

/// Whether `sql` (one `$1` bound to `id`) finds a row.
async fn exists(c: &impl GenericClient, sql: &str, id: i64) -> Result<bool, StoreError> {
    Ok(c.query_one(&format!("SELECT EXISTS ({sql})"), &[&id]).await?.try_get(0)?)
}

/// Note a service the gateway does not know.
fn unknown(pass: &mut Mirrored, service_id: i64) {
    if !pass.unknown_services.contains(&service_id) {
        pass.unknown_services.push(service_id);
    }
}

/// Write ticket `t`'s answers (its public messages) once each onto local ticket `id`; with
/// `known_before`, each new staff answer is news to the subscriber (an event).
async fn answers(
    c: &impl GenericClient,
    id: i64,
    t: &UpstreamTicket,
    known_before: bool,
    pass: &mut Mirrored,
) -> Result<(), StoreError> {
    for a in t.answers.iter().flatten() {
        if a.opening {
            // The gateway's own ticket holds its opening message already: that is this one.
            c.execute(
                "UPDATE messages SET upstream_id = $2 WHERE id = (SELECT MIN(id) FROM messages WHERE ticket_id = $1)
                   AND author = 'subscriber' AND upstream_id IS NULL AND reference IS NULL",
                &[&id, &a.upstream_id],
            )
            .await?;
        }
        // A reply the gateway delivered comes back with its reference: it is that message.
        if let Some(reference) = reference_in(&a.body).filter(|_| !a.by_staff) {
            let ours = c
                .execute(
                    "UPDATE messages SET upstream_id = COALESCE(upstream_id, $3) WHERE ticket_id = $1 AND reference = $2",
                    &[&id, &reference, &a.upstream_id],
                )
                .await?;
            // A photo the gateway forwarded (WHMCS carries it on a reply): the photo is that.
            let photo: bool = c
                .query_one(
                    "SELECT EXISTS (SELECT 1 FROM photos WHERE ticket_id = $1 AND reference = $2)",
                    &[&id, &reference],
                )
                .await?
                .try_get(0)?;
            if ours > 0 || photo {
                continue;
            }
        }
        let author = if a.by_staff { "staff" } else { "subscriber" };
        let added = c
            .execute(
                "INSERT INTO messages (ticket_id, author, author_name, body, created_at, upstream_id)
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
                &[&id, &author, &a.author, &a.body, &rows::minute(a.at), &a.upstream_id],
            )
            .await?;
        if added > 0 && a.by_staff && known_before {
            events::record(c, EventKind::Answered, id, None, Some((&a.author, &a.body)), Actor::Staff).await?;
        }
        pass.answers += added;
    }
    Ok(())
}

/// Write `tickets` over the mirror at `now`: see [`crate::store::Backend::mirror`].
pub(super) async fn write(
    pool: &Pool,
    tickets: &[UpstreamTicket],
    complete: bool,
    now: DateTime<Utc>,
    now_local: NaiveDateTime,
) -> Result<Mirrored, StoreError> {
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    lock(&tx).await?;
    let mut pass = Mirrored::default();
    let previous: i64 = tx.query_one("SELECT COALESCE(MAX(generation), 0) FROM mirror", &[]).await?.try_get(0)?;
    let generation = if complete { previous + 1 } else { previous };
    for t in tickets {
        let local = local_of(&tx, t, &mut pass).await?;
        // What staff did on a ticket the gateway already had is news to its subscriber; the
        // history of one it meets for the first time is not.
        let known_before = local.is_some();
        let id = match local {
            Some((id, status)) => {
                if status != i64::from(t.status) {
                    tx.execute("UPDATE tickets SET status = $2 WHERE id = $1", &[&id, &i64::from(t.status)]).await?;
                    events::record(&tx, EventKind::StatusChanged, id, Some(status), None, Actor::Staff).await?;
                    pass.updated += 1;
                }
                if !exists(&tx, "SELECT 1 FROM services WHERE id = $1", t.service_id).await? {
                    unknown(&mut pass, t.service_id);
                    // Moved to a service the gateway does not know: no longer its subscriber's
                    // to see, reply to or close — the copy goes (it comes back if moved back).
                    forget(&tx, id).await?;
                    pass.gone += 1;
                    continue;
                }
                // Moved to another service in the back office, or its service to another zone:
                // it follows, so the right subscriber sees it and the right zone counts it.
                pass.updated += tx
                    .execute(
                        "UPDATE tickets t SET service_id = s.id, zone_id = s.zone_id FROM services s
                         WHERE t.id = $1 AND s.id = $2 AND (t.service_id != s.id OR t.zone_id != s.zone_id)",
                        &[&id, &t.service_id],
                    )
                    .await?;
                id
            }
            // A ticket the gateway has not seen, of a service with tickets still on their way:
            // it may be one of those whose answer was lost (a list carries no reference to tell).
            // It waits for their delivery to find it, rather than count twice.
            None if t.answers.is_none()
                && exists(
                    &tx,
                    "SELECT 1 FROM outbox o JOIN tickets t ON t.id = o.ticket_id WHERE t.service_id = $1",
                    t.service_id,
                )
                .await? =>
            {
                pass.skipped += 1;
                continue;
            }
            None => {
                let Some(id) = add(&tx, t, now_local).await? else {
                    pass.skipped += 1;
                    unknown(&mut pass, t.service_id);
                    continue;
                };
                pass.added += 1;
                id
            }
        };
        // `synced_at` is when its thread was last read: a list that carries none (WHMCS's)
        // leaves it, so the next reader of the thread reads it again.
        tx.execute(
            "UPDATE tickets SET synced_at = CASE WHEN $5 THEN $2 ELSE synced_at END, seen_in = $3,
                 upstream_number = COALESCE($4, upstream_number) WHERE id = $1",
            &[&id, &now, &generation, &t.number, &t.answers.is_some()],
        )
        .await?;
        answers(&tx, id, t, known_before, &mut pass).await?;
    }
    if complete {
        // Closed only when missing from two complete lists in a row: a list read page by page
        // while tickets are opened can skip one (its offsets shift), never twice running.
        let closed = tx
            .query(
                "UPDATE tickets t SET status = 4 FROM tickets before
                 WHERE before.id = t.id AND t.upstream_id IS NOT NULL AND t.status != 4
                   AND COALESCE(t.seen_in, 0) < $1::BIGINT - 1
                 RETURNING t.id, before.status",
                &[&generation],
            )
            .await?;
        for row in &closed {
            let (id, before): (i64, i64) = (row.try_get(0)?, row.try_get(1)?);
            events::record(&tx, EventKind::StatusChanged, id, Some(before), None, Actor::Staff).await?;
        }
        pass.gone = u64::try_from(closed.len()).unwrap_or_default();
        tx.execute(
            "INSERT INTO mirror (id, generation, complete_at) VALUES (1, $1, $2)
             ON CONFLICT (id) DO UPDATE SET generation = excluded.generation, complete_at = excluded.complete_at",
            &[&generation, &now],
        )
        .await?;
    }
    tx.commit().await?;
    Ok(pass)
}

/// When the last complete picture of the back office's tickets was taken.
pub(super) async fn complete_at(pool: &Pool) -> Result<Option<DateTime<Utc>>, StoreError> {
    let row = pool.get().await?.query_opt("SELECT complete_at FROM mirror WHERE id = 1", &[]).await?;
    Ok(row.map(|r| r.try_get(0)).transpose()?)
}

/// Ticket `ticket_id`'s back-office number and when it was last read from it.
pub(super) async fn of_ticket(pool: &Pool, ticket_id: i64) -> Result<Option<MirrorCopy>, StoreError> {
    let sql = "SELECT upstream_id, synced_at, upstream_number FROM tickets WHERE id = $1";
    let Some(row) = pool.get().await?.query_opt(sql, &[&ticket_id]).await? else { return Ok(None) };
    let upstream_id: Option<i64> = row.try_get(0)?;
    let (synced_at, number) = (row.try_get(1)?, row.try_get(2)?);
    Ok(upstream_id.map(|upstream_id| MirrorCopy { upstream_id, synced_at, number }))
}

/// The local ticket the back office shows its users as `number`.
pub(super) async fn by_number(pool: &Pool, number: &str) -> Result<Option<i64>, StoreError> {
    let sql = "SELECT id FROM tickets WHERE upstream_number = $1 ORDER BY id LIMIT 1";
    let row = pool.get().await?.query_opt(sql, &[&number]).await?;
    Ok(row.map(|r| r.try_get(0)).transpose()?)
}
