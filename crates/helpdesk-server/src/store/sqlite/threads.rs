//! Reading threads from SQLite: a page of a ticket's messages (and staff notes), and the
//! tickets of a service with the time of their latest message, each in one query.

use super::cached::Cached;
use chrono::NaiveDateTime;
use helpdesk_core::{Author, Message, StaffNote, Ticket, TicketId};
use rusqlite::{Connection, params};

use super::super::{MessageKind, Page, StoreError, ThreadPage};
use super::rows::{self, TICKET_SELECT};
use crate::ServerPolicy;

/// One message row: id, author code, name, body, local time.
type MessageRow = (i64, String, String, String, NaiveDateTime);

/// Up to `page.size` rows of ticket `id` whose author is (or, `notes: false`, is not) a note,
/// newest first paged, returned oldest first.
fn newest(c: &Connection, id: i64, notes: bool, page: Page) -> Result<Vec<MessageRow>, StoreError> {
    let which = if notes { "=" } else { "<>" };
    let mut stmt = c.prepare_cached(&format!(
        "SELECT id, author, author_name, body, created_at FROM messages
         WHERE ticket_id = ?1 AND author {which} 'note' ORDER BY id DESC LIMIT ?2 OFFSET ?3"
    ))?;
    let rows = stmt.query_map(params![id, page.size, page.offset()], |r| {
        let created: String = r.get(4)?;
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, rows::local_time(4, &created)?))
    })?;
    let mut found = rows.collect::<Result<Vec<MessageRow>, _>>()?;
    found.reverse();
    Ok(found)
}

/// Page `page` of ticket `ticket_id`'s public messages (page 1 is the newest), oldest
/// first, with the same page of its staff notes when `with_notes`.
pub(super) fn page(
    c: &Connection,
    ticket_id: TicketId,
    with_notes: bool,
    page: Page,
) -> Result<ThreadPage, StoreError> {
    let id = i64::try_from(ticket_id).unwrap_or(-1);
    let total: i64 =
        c.query_row_cached("SELECT COUNT(*) FROM messages WHERE ticket_id = ?1 AND author <> 'note'", [id], |r| {
            r.get(0)
        })?;
    let id_of = |mid: i64| u64::try_from(mid).unwrap_or_default();
    let messages = newest(c, id, false, page)?
        .into_iter()
        .map(|(mid, author, name, text, date)| {
            let author = match MessageKind::from_code(&author) {
                MessageKind::Staff => Author::Staff,
                MessageKind::Subscriber | MessageKind::Note => Author::Subscriber,
            };
            Message { id: id_of(mid), author, name, date, text }
        })
        .collect();
    let notes = if with_notes {
        let notes = newest(c, id, true, page)?.into_iter();
        notes.map(|(mid, _, admin, text, date)| StaffNote { id: id_of(mid), admin, date, text }).collect()
    } else {
        Vec::new()
    };
    Ok(ThreadPage { messages, notes, total: u64::try_from(total).unwrap_or_default() })
}

/// The newest `limit` tickets of `service_id`, each with the time of its latest public
/// message (its creation when it has none).
pub(super) fn activity(
    c: &Connection,
    service_id: i64,
    limit: u32,
    policy: &ServerPolicy,
) -> Result<Vec<(Ticket, NaiveDateTime)>, StoreError> {
    let sql = format!(
        "SELECT * FROM ({TICKET_SELECT} WHERE t.service_id = ?1 ORDER BY t.id DESC LIMIT ?2) AS page
         LEFT JOIN (SELECT ticket_id, MAX(created_at) FROM messages WHERE author <> 'note' GROUP BY ticket_id)
             AS latest ON latest.ticket_id = page.id"
    );
    let mut stmt = c.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![service_id, limit], |row| {
        let stored = rows::stored_ticket(row, policy)?;
        // After the ticket's eleven columns: the join's ticket_id, then its latest message.
        let latest: Option<String> = row.get(12)?;
        let latest = latest.as_deref().map(|t| rows::local_time(12, t)).transpose()?;
        let created = stored.ticket.created_at;
        Ok((stored.ticket, latest.map_or(created, |t| t.max(created))))
    })?;
    let mut found = rows.collect::<Result<Vec<_>, _>>()?;
    found.sort_by_key(|(t, _)| std::cmp::Reverse(t.id));
    Ok(found)
}
