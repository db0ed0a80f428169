//! Photos in SQLite: BLOBs beside their ticket, attached all or none in one transaction.

use chrono::NaiveDateTime;
use helpdesk_core::TicketId;
use rusqlite::{Connection, OptionalExtension, params};

use super::super::{Attached, NewPhoto, Photos, StoreError, StoreFuture, StoredPhoto};
use super::SqliteStore;
use super::rows::{local_text, local_time};

const PHOTO_SELECT: &str = "SELECT id, content_type, length(bytes), width, height, added_at FROM photos";

fn described(row: &rusqlite::Row<'_>) -> rusqlite::Result<StoredPhoto> {
    let at: String = row.get(5)?;
    Ok(StoredPhoto {
        id: row.get(0)?,
        content_type: row.get(1)?,
        size: u64::try_from(row.get::<_, i64>(2)?).unwrap_or_default(),
        width: row.get(3)?,
        height: row.get(4)?,
        added_at: local_time(5, &at)?,
    })
}

fn attach(
    c: &mut Connection,
    ticket: i64,
    photos: &[NewPhoto],
    max: u64,
    at: NaiveDateTime,
) -> Result<Attached, StoreError> {
    let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let held: i64 = tx.query_row("SELECT COUNT(*) FROM photos WHERE ticket_id = ?1", [ticket], |r| r.get(0))?;
    if u64::try_from(held).unwrap_or_default() + photos.len() as u64 > max {
        return Ok(Attached::TooMany { max });
    }
    let mut stored = Vec::with_capacity(photos.len());
    for p in photos {
        tx.execute(
            "INSERT INTO photos (ticket_id, content_type, bytes, width, height, added_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![ticket, p.content_type, p.bytes, p.width, p.height, local_text(at)],
        )?;
        let id = tx.last_insert_rowid();
        stored.push(tx.query_row(&format!("{PHOTO_SELECT} WHERE id = ?1"), [id], described)?);
    }
    tx.commit()?;
    Ok(Attached::Stored(stored))
}

impl Photos for SqliteStore {
    fn attach_photos(
        &self,
        ticket_id: TicketId,
        photos: Vec<NewPhoto>,
        max: u64,
        at: NaiveDateTime,
    ) -> StoreFuture<'_, Attached> {
        let ticket = i64::try_from(ticket_id).unwrap_or(-1);
        Box::pin(async move { self.call(move |c| attach(c, ticket, &photos, max, at)).await })
    }

    fn photos(&self, ticket_id: TicketId) -> StoreFuture<'_, Vec<StoredPhoto>> {
        let ticket = i64::try_from(ticket_id).unwrap_or(-1);
        Box::pin(async move {
            self.call(move |c| {
                let mut stmt = c.prepare(&format!("{PHOTO_SELECT} WHERE ticket_id = ?1 ORDER BY id"))?;
                let found = stmt.query_map([ticket], described)?.collect::<Result<_, _>>()?;
                Ok(found)
            })
            .await
        })
    }

    fn photo(&self, ticket_id: TicketId, id: i64) -> StoreFuture<'_, Option<(StoredPhoto, Vec<u8>)>> {
        let ticket = i64::try_from(ticket_id).unwrap_or(-1);
        Box::pin(async move {
            self.call(move |c| {
                let sql = "SELECT id, content_type, length(bytes), width, height, added_at, bytes FROM photos
                           WHERE id = ?1 AND ticket_id = ?2";
                Ok(c.query_row(sql, params![id, ticket], |r| Ok((described(r)?, r.get(6)?))).optional()?)
            })
            .await
        })
    }
}
