//! Photos in SQLite: a row each, its bytes in a file beside the database ([`PhotoFiles`],
//! on disk before the row) or, for a database in memory and photos stored before files, in
//! the row; attached all or none in one transaction with their forwarding to the back
//! office, leased one at a time once their ticket is there.

use super::cached::Cached;
use std::collections::HashSet;
use std::time::SystemTime;

use chrono::{DateTime, NaiveDateTime, Utc};
use helpdesk_core::TicketId;
use rusqlite::{Connection, OptionalExtension, params};

use super::super::{Attached, NewPhoto, PhotoDelivery, Photos, StoreError, StoreFuture, StoredPhoto};
use super::SqliteStore;
use super::photo_files::PhotoFiles;
use super::rows::{local_text, local_time};
use crate::clock::utc_text;

const PHOTO_SELECT: &str = "SELECT id, content_type, size, width, height, added_at FROM photos";

/// Where a photo's bytes are.
enum Kept {
    /// The file of that name.
    File(String),
    /// The row itself.
    Row(Vec<u8>),
}

fn kept(file: Option<String>, bytes: Vec<u8>) -> Kept {
    file.map_or(Kept::Row(bytes), Kept::File)
}

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
    files: Option<&PhotoFiles>,
    ticket: i64,
    photos: &[NewPhoto],
    max: u64,
    at: NaiveDateTime,
) -> Result<Attached, StoreError> {
    let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let held: i64 = tx.query_row_cached("SELECT COUNT(*) FROM photos WHERE ticket_id = ?1", [ticket], |r| r.get(0))?;
    if u64::try_from(held).unwrap_or_default() + photos.len() as u64 > max {
        return Ok(Attached::TooMany { max });
    }
    let mut stored = Vec::with_capacity(photos.len());
    for p in photos {
        // The file is on disk before the row names it; the write lock is held throughout.
        let (file, bytes) = match files {
            Some(files) => {
                let name = files.keep(&p.bytes).map_err(|e| format!("cannot write a photo file: {e}"))?;
                (Some(name), &[][..])
            }
            None => (None, p.bytes.as_slice()),
        };
        tx.execute_cached(
            "INSERT INTO photos (ticket_id, content_type, bytes, file, size, width, height, added_at, reference)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                ticket,
                p.content_type,
                bytes,
                file,
                i64::try_from(p.bytes.len()).unwrap_or(i64::MAX),
                p.width,
                p.height,
                local_text(at),
                p.deliver_as
            ],
        )?;
        let id = tx.last_insert_rowid();
        if p.deliver_as.is_some() {
            tx.execute_cached(
                "INSERT INTO photo_outbox (photo_id, next_attempt_at) VALUES (?1, ?2)",
                params![id, utc_text(Utc::now())],
            )?;
        }
        stored.push(tx.query_row_cached(&format!("{PHOTO_SELECT} WHERE id = ?1"), [id], described)?);
    }
    tx.commit()?;
    Ok(Attached::Stored(stored))
}

/// Remove the photo files of `files` that no photo names, under the write lock; how many.
pub(super) fn sweep(c: &mut Connection, files: Option<&PhotoFiles>) -> Result<usize, StoreError> {
    let Some(files) = files else {
        return Ok(0);
    };
    let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let named: HashSet<String> = {
        let mut stmt = tx.prepare_cached("SELECT DISTINCT file FROM photos WHERE file IS NOT NULL")?;
        stmt.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?
    };
    let removed = files.sweep(&named, SystemTime::now()).map_err(|e| format!("cannot sweep the photo files: {e}"))?;
    tx.commit()?;
    Ok(removed)
}

/// [`sweep`] as `store` opens, saying what it removed.
pub(super) fn sweep_on_opening(store: &SqliteStore) -> Result<(), StoreError> {
    let files = store.files.clone();
    let removed = store.conn.call_blocking(move |c| sweep(c, files.as_ref()))?;
    if removed > 0 {
        tracing::info!(removed, "photo files no photo names were removed");
    }
    Ok(())
}

/// Up to `limit` photos due at `now` whose ticket the back office holds, each leased until
/// `lease_until` and counted as an attempt; their bytes are still to be read.
fn lease_due(
    c: &mut Connection,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    limit: u32,
) -> Result<Vec<(PhotoDelivery, Kept)>, StoreError> {
    let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let due: Vec<(PhotoDelivery, Kept)> = {
        let mut stmt = tx.prepare_cached(
            "SELECT o.photo_id, p.ticket_id, t.upstream_id, t.service_id, p.content_type, p.bytes, p.reference, o.attempts,
                    p.file
             FROM photo_outbox o JOIN photos p ON p.id = o.photo_id JOIN tickets t ON t.id = p.ticket_id
             WHERE o.next_attempt_at <= ?1 AND t.upstream_id IS NOT NULL
             ORDER BY o.next_attempt_at, o.photo_id LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![utc_text(now), limit], |r| {
            let delivery = PhotoDelivery {
                photo_id: r.get(0)?,
                ticket_id: r.get(1)?,
                upstream_ticket: r.get(2)?,
                service_id: r.get(3)?,
                content_type: r.get(4)?,
                bytes: Vec::new(),
                reference: r.get(6)?,
                attempts: r.get(7)?,
            };
            Ok((delivery, kept(r.get(8)?, r.get(5)?)))
        })?;
        rows.collect::<Result<_, _>>()?
    };
    for (d, _) in &due {
        tx.execute_cached(
            "UPDATE photo_outbox SET attempts = attempts + 1, next_attempt_at = ?2 WHERE photo_id = ?1",
            params![d.photo_id, utc_text(lease_until)],
        )?;
    }
    tx.commit()?;
    Ok(due)
}

impl SqliteStore {
    /// The bytes `kept` says where to find.
    async fn bytes_of(&self, kept: Kept) -> Result<Vec<u8>, StoreError> {
        let name = match kept {
            Kept::Row(bytes) => return Ok(bytes),
            Kept::File(name) => name,
        };
        let files = self.files.clone().ok_or("a photo names a file, and this store keeps none")?;
        let read =
            tokio::task::spawn_blocking(move || files.read(&name).map_err(|e| format!("photo file {name}: {e}")));
        Ok(read.await.map_err(|e| e.to_string())??)
    }

    /// Remove the photo files no photo names; how many went. Opening the store does it too.
    ///
    /// # Errors
    /// On a store failure, or when the photo folder cannot be read or a file removed.
    pub async fn sweep_photos(&self) -> Result<usize, StoreError> {
        let files = self.files.clone();
        self.call(move |c| sweep(c, files.as_ref())).await
    }
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
        let files = self.files.clone();
        Box::pin(async move { self.call(move |c| attach(c, files.as_ref(), ticket, &photos, max, at)).await })
    }

    fn photos(&self, ticket_id: TicketId) -> StoreFuture<'_, Vec<StoredPhoto>> {
        let ticket = i64::try_from(ticket_id).unwrap_or(-1);
        Box::pin(async move {
            self.call(move |c| {
                let mut stmt = c.prepare_cached(&format!("{PHOTO_SELECT} WHERE ticket_id = ?1 ORDER BY id"))?;
                let found = stmt.query_map([ticket], described)?.collect::<Result<_, _>>()?;
                Ok(found)
            })
            .await
        })
    }

    fn photo(&self, ticket_id: TicketId, id: i64) -> StoreFuture<'_, Option<(StoredPhoto, Vec<u8>)>> {
        let ticket = i64::try_from(ticket_id).unwrap_or(-1);
        Box::pin(async move {
            let found = self
                .call(move |c| {
                    let sql = "SELECT id, content_type, size, width, height, added_at, file, bytes FROM photos
                               WHERE id = ?1 AND ticket_id = ?2";
                    Ok(c.query_row_cached(sql, params![id, ticket], |r| {
                        Ok((described(r)?, kept(r.get(6)?, r.get(7)?)))
                    })
                    .optional()?)
                })
                .await?;
            match found {
                Some((photo, kept)) => Ok(Some((photo, self.bytes_of(kept).await?))),
                None => Ok(None),
            }
        })
    }

    fn lease_photos(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: u32,
    ) -> StoreFuture<'_, Vec<PhotoDelivery>> {
        Box::pin(async move {
            let mut due = Vec::new();
            for (mut delivery, kept) in self.call(move |c| lease_due(c, now, lease_until, limit)).await? {
                delivery.bytes = self.bytes_of(kept).await?;
                due.push(delivery);
            }
            Ok(due)
        })
    }

    fn photo_delivered(&self, photo_id: i64) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            self.call(move |c| {
                Ok(c.execute_cached("DELETE FROM photo_outbox WHERE photo_id = ?1", [photo_id]).map(drop)?)
            })
            .await
        })
    }

    fn photo_delivery_failed(&self, photo_id: i64, error: String, retry_at: DateTime<Utc>) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            self.call(move |c| {
                c.execute_cached(
                    "UPDATE photo_outbox SET last_error = ?2, next_attempt_at = ?3 WHERE photo_id = ?1",
                    params![photo_id, error, utc_text(retry_at)],
                )?;
                Ok(())
            })
            .await
        })
    }
}
