//! Reading threads from PostgreSQL: a page of a ticket's messages (and staff notes), and the
//! tickets of a service with the time of their latest message, each in one query.

use chrono::NaiveDateTime;
use deadpool_postgres::{GenericClient, Pool};
use helpdesk_core::{Author, Message, StaffNote, Ticket, TicketId};

use super::super::{Page, StoreError, ThreadPage};
use super::rows::{self, TICKET_SELECT};
use crate::ServerPolicy;

/// One message row: id, author code, name, body, local time.
type MessageRow = (i64, String, String, String, NaiveDateTime);

/// Up to `page.size` rows of ticket `id` whose author is (or, `notes: false`, is not) a note,
/// newest first paged, returned oldest first.
async fn newest(c: &impl GenericClient, id: i64, notes: bool, page: Page) -> Result<Vec<MessageRow>, StoreError> {
    let which = if notes { "=" } else { "<>" };
    let sql = format!(
        "SELECT id, author, author_name, body, created_at FROM messages
         WHERE ticket_id = $1 AND author {which} 'note' ORDER BY id DESC LIMIT $2 OFFSET $3"
    );
    let found = c.query(&sql, &[&id, &i64::from(page.size), &page.offset()]).await?;
    let mut rows = found
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?, r.try_get(4)?)))
        .collect::<Result<Vec<MessageRow>, tokio_postgres::Error>>()?;
    rows.reverse();
    Ok(rows)
}

/// Page `page` of ticket `ticket_id`'s public messages (page 1 is the newest), oldest
/// first, with the same page of its staff notes when `with_notes`.
pub(super) async fn page(
    pool: &Pool,
    ticket_id: TicketId,
    with_notes: bool,
    page: Page,
) -> Result<ThreadPage, StoreError> {
    let c = pool.get().await?;
    let id = rows::ticket_key(ticket_id);
    let total: i64 = c
        .query_one("SELECT COUNT(*) FROM messages WHERE ticket_id = $1 AND author <> 'note'", &[&id])
        .await?
        .try_get(0)?;
    let id_of = |mid: i64| u64::try_from(mid).unwrap_or_default();
    let messages = newest(&c, id, false, page)
        .await?
        .into_iter()
        .map(|(mid, author, name, text, date)| {
            let author = if author == "staff" { Author::Staff } else { Author::Subscriber };
            Message { id: id_of(mid), author, name, date, text }
        })
        .collect();
    let notes = if with_notes {
        let notes = newest(&c, id, true, page).await?.into_iter();
        notes.map(|(mid, _, admin, text, date)| StaffNote { id: id_of(mid), admin, date, text }).collect()
    } else {
        Vec::new()
    };
    Ok(ThreadPage { messages, notes, total: u64::try_from(total).unwrap_or_default() })
}

/// The newest `limit` tickets of `service_id`, each with the time of its latest public
/// message (its creation when it has none).
pub(super) async fn activity(
    pool: &Pool,
    service_id: i64,
    limit: u32,
    policy: &ServerPolicy,
) -> Result<Vec<(Ticket, NaiveDateTime)>, StoreError> {
    let sql = format!(
        "SELECT page.*, latest.at AS latest
         FROM ({TICKET_SELECT} WHERE t.service_id = $1 ORDER BY t.id DESC LIMIT $2) AS page
         LEFT JOIN (SELECT ticket_id, MAX(created_at) AS at FROM messages WHERE author <> 'note' GROUP BY ticket_id)
             AS latest ON latest.ticket_id = page.id
         ORDER BY page.id DESC"
    );
    let found = pool.get().await?.query(&sql, &[&service_id, &i64::from(limit)]).await?;
    found
        .iter()
        .map(|row| {
            let stored = rows::stored_ticket(row, policy)?;
            let latest: Option<NaiveDateTime> = row.try_get("latest")?;
            let created = stored.ticket.created_at;
            Ok((stored.ticket, latest.map_or(created, |t| t.max(created))))
        })
        .collect()
}
