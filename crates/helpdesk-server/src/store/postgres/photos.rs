//! Photos in PostgreSQL: `BYTEA` beside their ticket, attached all or none in one
//! transaction that locks the ticket's row (so two instances never pass the ticket's cap).

use chrono::NaiveDateTime;
use helpdesk_core::TicketId;
use tokio_postgres::Row;

use super::super::{Attached, NewPhoto, Photos, StoreError, StoreFuture, StoredPhoto};
use super::PgStore;
use super::rows::{minute, ticket_key};

const PHOTO_SELECT: &str =
    "SELECT id, content_type, octet_length(bytes)::BIGINT AS size, width, height, added_at FROM photos";

fn described(row: &Row) -> Result<StoredPhoto, StoreError> {
    let n = |column: &str| -> Result<i64, StoreError> { Ok(row.try_get::<_, i64>(column)?) };
    Ok(StoredPhoto {
        id: n("id")?,
        content_type: row.try_get("content_type")?,
        size: u64::try_from(n("size")?).unwrap_or_default(),
        width: u32::try_from(n("width")?).unwrap_or_default(),
        height: u32::try_from(n("height")?).unwrap_or_default(),
        added_at: row.try_get("added_at")?,
    })
}

impl Photos for PgStore {
    fn attach_photos(
        &self,
        ticket_id: TicketId,
        photos: Vec<NewPhoto>,
        max: u64,
        at: NaiveDateTime,
    ) -> StoreFuture<'_, Attached> {
        Box::pin(async move {
            let ticket = ticket_key(ticket_id);
            let mut client = self.pool.get().await?;
            let tx = client.transaction().await?;
            tx.execute("SELECT id FROM tickets WHERE id = $1 FOR UPDATE", &[&ticket]).await?;
            let held: i64 =
                tx.query_one("SELECT COUNT(*) FROM photos WHERE ticket_id = $1", &[&ticket]).await?.try_get(0)?;
            if u64::try_from(held).unwrap_or_default() + photos.len() as u64 > max {
                return Ok(Attached::TooMany { max });
            }
            let mut stored = Vec::with_capacity(photos.len());
            for p in &photos {
                let (width, height) = (i64::from(p.width), i64::from(p.height));
                let row = tx
                    .query_one(
                        "INSERT INTO photos (ticket_id, content_type, bytes, width, height, added_at)
                         VALUES ($1, $2, $3, $4, $5, $6)
                         RETURNING id, content_type, octet_length(bytes)::BIGINT AS size, width, height, added_at",
                        &[&ticket, &p.content_type, &p.bytes, &width, &height, &minute(at)],
                    )
                    .await?;
                stored.push(described(&row)?);
            }
            tx.commit().await?;
            Ok(Attached::Stored(stored))
        })
    }

    fn photos(&self, ticket_id: TicketId) -> StoreFuture<'_, Vec<StoredPhoto>> {
        Box::pin(async move {
            let sql = format!("{PHOTO_SELECT} WHERE ticket_id = $1 ORDER BY id");
            let rows = self.pool.get().await?.query(&sql, &[&ticket_key(ticket_id)]).await?;
            rows.iter().map(described).collect()
        })
    }

    fn photo(&self, ticket_id: TicketId, id: i64) -> StoreFuture<'_, Option<(StoredPhoto, Vec<u8>)>> {
        Box::pin(async move {
            let sql = "SELECT id, content_type, octet_length(bytes)::BIGINT AS size, width, height, added_at, bytes
                       FROM photos WHERE id = $1 AND ticket_id = $2";
            let row = self.pool.get().await?.query_opt(sql, &[&id, &ticket_key(ticket_id)]).await?;
            row.map(|r| Ok((described(&r)?, r.try_get("bytes")?))).transpose()
        })
    }
}
