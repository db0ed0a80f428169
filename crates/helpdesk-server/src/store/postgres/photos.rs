//! Photos in PostgreSQL: `BYTEA` beside their ticket, attached all or none in one
//! transaction that locks the ticket's row (so two instances never pass the ticket's cap),
//! with their forwarding to the back office, leased with `SKIP LOCKED` once their ticket is
//! there.

use chrono::{DateTime, NaiveDateTime, Utc};
use helpdesk_core::TicketId;
use tokio_postgres::Row;

use super::super::{Attached, NewPhoto, PhotoDelivery, Photos, StoreError, StoreFuture, StoredPhoto};
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
                        "INSERT INTO photos (ticket_id, content_type, bytes, width, height, added_at, reference)
                         VALUES ($1, $2, $3, $4, $5, $6, $7)
                         RETURNING id, content_type, octet_length(bytes)::BIGINT AS size, width, height, added_at",
                        &[&ticket, &p.content_type, &p.bytes, &width, &height, &minute(at), &p.deliver_as],
                    )
                    .await?;
                let photo = described(&row)?;
                if p.deliver_as.is_some() {
                    tx.execute(
                        "INSERT INTO photo_outbox (photo_id, next_attempt_at) VALUES ($1, $2)",
                        &[&photo.id, &Utc::now()],
                    )
                    .await?;
                }
                stored.push(photo);
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

    fn lease_photos(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: u32,
    ) -> StoreFuture<'_, Vec<PhotoDelivery>> {
        Box::pin(async move {
            let leased = self
                .pool
                .get()
                .await?
                .query(
                    "WITH due AS (
                         SELECT o.photo_id FROM photo_outbox o JOIN photos p ON p.id = o.photo_id
                             JOIN tickets t ON t.id = p.ticket_id
                         WHERE o.next_attempt_at <= $1 AND t.upstream_id IS NOT NULL
                         ORDER BY o.next_attempt_at, o.photo_id LIMIT $3 FOR UPDATE OF o SKIP LOCKED
                     ), leased AS (
                         UPDATE photo_outbox o SET attempts = o.attempts + 1, next_attempt_at = $2
                         FROM due WHERE o.photo_id = due.photo_id
                         RETURNING o.photo_id, o.attempts - 1 AS attempts
                     )
                     SELECT l.photo_id, p.ticket_id, t.upstream_id, t.service_id, p.content_type, p.bytes,
                            p.reference, l.attempts
                     FROM leased l JOIN photos p ON p.id = l.photo_id JOIN tickets t ON t.id = p.ticket_id
                     ORDER BY l.photo_id",
                    &[&now, &lease_until, &i64::from(limit)],
                )
                .await?;
            leased
                .iter()
                .map(|r| {
                    let attempts: i64 = r.try_get("attempts")?;
                    Ok(PhotoDelivery {
                        photo_id: r.try_get("photo_id")?,
                        ticket_id: r.try_get("ticket_id")?,
                        upstream_ticket: r.try_get("upstream_id")?,
                        service_id: r.try_get("service_id")?,
                        content_type: r.try_get("content_type")?,
                        bytes: r.try_get("bytes")?,
                        reference: r.try_get("reference")?,
                        attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
                    })
                })
                .collect()
        })
    }

    fn photo_delivered(&self, photo_id: i64) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            self.pool.get().await?.execute("DELETE FROM photo_outbox WHERE photo_id = $1", &[&photo_id]).await?;
            Ok(())
        })
    }

    fn photo_delivery_failed(&self, photo_id: i64, error: String, retry_at: DateTime<Utc>) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            self.pool
                .get()
                .await?
                .execute(
                    "UPDATE photo_outbox SET last_error = $2, next_attempt_at = $3 WHERE photo_id = $1",
                    &[&photo_id, &error, &retry_at],
                )
                .await?;
            Ok(())
        })
    }
}
