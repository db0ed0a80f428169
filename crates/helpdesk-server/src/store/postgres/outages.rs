//! Known outages in PostgreSQL: declared and ended with their events in one transaction (an
//! ending locks the outage's row, so two instances never end it twice), reports kept once per
//! service.

use chrono::{NaiveDateTime, Utc};
use deadpool_postgres::GenericClient;
use helpdesk_core::envelope::Outage;
use tokio_postgres::Row;

use super::super::{Ended, Joined, Outages, Service, StoreError, StoreFuture, outage_event};
use super::cached;
use super::rows::minute;
use super::{PgStore, events};

const OUTAGE_SELECT: &str = "SELECT o.id, o.zone_id, o.message, o.started_at, o.estimated_end, o.ended_at,
    (SELECT COUNT(*) FROM outage_reports r WHERE r.outage_id = o.id) AS reports,
    EXISTS (SELECT 1 FROM outage_reports r WHERE r.outage_id = o.id AND r.service_id = $1) AS joined
    FROM outages o";

fn outage(row: &Row) -> Result<Outage, StoreError> {
    let n = |column: &str| -> Result<u64, StoreError> {
        Ok(u64::try_from(row.try_get::<_, i64>(column)?).unwrap_or_default())
    };
    Ok(Outage {
        id: n("id")?,
        zone_id: n("zone_id")?,
        message: row.try_get("message")?,
        started_at: row.try_get("started_at")?,
        estimated_end: row.try_get("estimated_end")?,
        ended_at: row.try_get("ended_at")?,
        reports: n("reports")?,
        joined: row.try_get("joined")?,
    })
}

/// The outages not ended yet (of `zone_id`, if given), newest first, each saying whether
/// `service_id` reported it.
pub(super) async fn open(
    c: &impl GenericClient,
    zone_id: Option<i64>,
    service_id: Option<i64>,
) -> Result<Vec<Outage>, StoreError> {
    let sql = format!(
        "{OUTAGE_SELECT} WHERE o.ended_at IS NULL AND ($2::BIGINT IS NULL OR o.zone_id = $2) ORDER BY o.id DESC"
    );
    cached::query(c, &sql, &[&service_id, &zone_id]).await?.iter().map(outage).collect()
}

async fn one(
    c: &impl GenericClient,
    id: i64,
    service_id: Option<i64>,
    lock: bool,
) -> Result<Option<Outage>, StoreError> {
    let lock = if lock { " FOR UPDATE OF o" } else { "" };
    let row = cached::query_opt(c, &format!("{OUTAGE_SELECT} WHERE o.id = $2{lock}"), &[&service_id, &id]).await?;
    row.as_ref().map(outage).transpose()
}

async fn declare_in(
    tx: &impl GenericClient,
    zone_id: i64,
    message: &str,
    estimated_end: Option<NaiveDateTime>,
    now: NaiveDateTime,
    source: &str,
) -> Result<Outage, StoreError> {
    let sql = "INSERT INTO outages (zone_id, message, started_at, estimated_end, source) VALUES ($1, $2, $3, $4, $5)
               RETURNING id";
    let id: i64 = tx
        .query_one(sql, &[&zone_id, &message, &minute(now), &estimated_end.map(minute), &source])
        .await?
        .try_get(0)?;
    let declared = one(tx, id, None, false).await?.ok_or_else(|| StoreError::from("outage vanished"))?;
    events::insert(tx, &outage_event(&declared, None, Utc::now()), Utc::now()).await?;
    Ok(declared)
}

async fn end_in(tx: &impl GenericClient, id: i64, now: NaiveDateTime) -> Result<Ended, StoreError> {
    let Some(found) = one(tx, id, None, true).await? else { return Ok(Ended::NotFound) };
    if found.ended_at.is_some() {
        return Ok(Ended::Already(found));
    }
    cached::execute(tx, "UPDATE outages SET ended_at = $2 WHERE id = $1", &[&id, &minute(now)]).await?;
    let sql = "SELECT service_id FROM outage_reports WHERE outage_id = $1 ORDER BY service_id";
    let services: Vec<i64> =
        cached::query(tx, sql, &[&id]).await?.iter().map(|r| r.try_get(0)).collect::<Result<_, _>>()?;
    let ended = one(tx, id, None, false).await?.ok_or_else(|| StoreError::from("outage vanished"))?;
    events::insert(tx, &outage_event(&ended, Some(&services), Utc::now()), Utc::now()).await?;
    Ok(Ended::Ended { outage: ended, services })
}

/// The lock of the back office's outages (an arbitrary constant of this schema): instances
/// syncing at once take turns, so none declares one twice.
const BACK_OFFICE_OUTAGES_LOCK: i64 = 0x6865_6c70_6f75_7467;

impl Outages for PgStore {
    fn declare_outage(
        &self,
        zone_id: i64,
        message: String,
        estimated_end: Option<NaiveDateTime>,
        now: NaiveDateTime,
    ) -> StoreFuture<'_, Outage> {
        Box::pin(async move {
            let mut client = self.pool.get().await?;
            let tx = client.transaction().await?;
            let declared = declare_in(&tx, zone_id, &message, estimated_end, now, "staff").await?;
            tx.commit().await?;
            Ok(declared)
        })
    }

    fn end_outage(&self, id: i64, now: NaiveDateTime) -> StoreFuture<'_, Ended> {
        Box::pin(async move {
            let mut client = self.pool.get().await?;
            let tx = client.transaction().await?;
            let ended = end_in(&tx, id, now).await?;
            tx.commit().await?;
            Ok(ended)
        })
    }

    fn back_office_outages(&self, reported: Vec<(i64, String)>, now: NaiveDateTime) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            let mut client = self.pool.get().await?;
            let tx = client.transaction().await?;
            cached::execute(&tx, "SELECT pg_advisory_xact_lock($1)", &[&BACK_OFFICE_OUTAGES_LOCK]).await?;
            let sql = "SELECT id, zone_id, message FROM outages WHERE source = 'back_office' AND ended_at IS NULL";
            let known: Vec<(i64, i64, String)> = tx
                .query(sql, &[])
                .await?
                .iter()
                .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
                .collect::<Result<_, tokio_postgres::Error>>()?;
            for (id, zone, message) in &known {
                if !reported.iter().any(|(z, m)| z == zone && m == message) {
                    end_in(&tx, *id, now).await?;
                }
            }
            for (zone, message) in &reported {
                let zone_known: bool =
                    cached::query_one(&tx, "SELECT EXISTS (SELECT 1 FROM zones WHERE id = $1)", &[zone])
                        .await?
                        .try_get(0)?;
                if zone_known && !known.iter().any(|(_, z, m)| z == zone && m == message) {
                    declare_in(&tx, *zone, message, None, now, "back_office").await?;
                }
            }
            tx.commit().await?;
            Ok(())
        })
    }

    fn outages(&self, zone_id: Option<i64>, service_id: Option<i64>) -> StoreFuture<'_, Vec<Outage>> {
        Box::pin(async move { open(&self.pool.get().await?, zone_id, service_id).await })
    }

    fn join_outage(&self, id: i64, service: Service, now: NaiveDateTime) -> StoreFuture<'_, Joined> {
        Box::pin(async move {
            let mut client = self.pool.get().await?;
            let tx = client.transaction().await?;
            let found = one(&tx, id, Some(service.id), false)
                .await?
                .filter(|o| i64::try_from(o.zone_id).ok() == Some(service.zone_id));
            let Some(found) = found else { return Ok(Joined::NotFound) };
            if found.ended_at.is_some() {
                return Ok(Joined::Ended(found));
            }
            cached::execute(
                &tx,
                "INSERT INTO outage_reports (outage_id, service_id, reported_at) VALUES ($1, $2, $3)
                 ON CONFLICT DO NOTHING",
                &[&id, &service.id, &minute(now)],
            )
            .await?;
            let joined =
                one(&tx, id, Some(service.id), false).await?.ok_or_else(|| StoreError::from("outage vanished"))?;
            tx.commit().await?;
            Ok(Joined::Joined(joined))
        })
    }
}
