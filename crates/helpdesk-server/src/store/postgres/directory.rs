//! The directory in PostgreSQL: listing zones, technicians and services, and saving a batch
//! of them in one transaction (all or nothing).

use deadpool_postgres::{GenericClient, Pool};

use super::super::{Directory, Page, Saved, ServiceRecord, StoreError, Technician, Written, Zone};

/// Every `(id, name)` of `table` (`zones`, `technicians`), by id.
async fn named(pool: &Pool, table: &str) -> Result<Vec<(i64, String)>, StoreError> {
    let rows = pool.get().await?.query(&format!("SELECT id, name FROM {table} ORDER BY id"), &[]).await?;
    Ok(rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).collect::<Result<_, tokio_postgres::Error>>()?)
}

/// Every zone, by id.
pub(super) async fn zones(pool: &Pool) -> Result<Vec<Zone>, StoreError> {
    Ok(named(pool, "zones").await?.into_iter().map(|(id, name)| Zone { id, name }).collect())
}

/// Every technician, by id.
pub(super) async fn technicians(pool: &Pool) -> Result<Vec<Technician>, StoreError> {
    Ok(named(pool, "technicians").await?.into_iter().map(|(id, name)| Technician { id, name }).collect())
}

/// A page of the services (of one zone, with `zone_id`), by id, and their total.
pub(super) async fn services(
    pool: &Pool,
    zone_id: Option<i64>,
    page: Page,
) -> Result<(Vec<ServiceRecord>, u64), StoreError> {
    let c = pool.get().await?;
    let filter = "$1::BIGINT IS NULL OR zone_id = $1";
    let total: i64 =
        c.query_one(&format!("SELECT COUNT(*) FROM services WHERE {filter}"), &[&zone_id]).await?.try_get(0)?;
    let sql = format!(
        "SELECT id, zone_id, technician_id, subscriber_name FROM services WHERE {filter} ORDER BY id LIMIT $2 OFFSET $3"
    );
    let rows = c.query(&sql, &[&zone_id, &i64::from(page.size), &page.offset()]).await?;
    let services = rows
        .iter()
        .map(|r| {
            Ok(ServiceRecord {
                id: r.try_get(0)?,
                zone_id: r.try_get(1)?,
                technician_id: r.try_get(2)?,
                subscriber_name: r.try_get(3)?,
            })
        })
        .collect::<Result<_, tokio_postgres::Error>>()?;
    Ok((services, u64::try_from(total).unwrap_or_default()))
}

/// Whether `table` has a row with `id`.
pub(super) async fn exists(c: &impl GenericClient, table: &str, id: i64) -> Result<bool, StoreError> {
    Ok(c.query_one(&format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE id = $1)"), &[&id]).await?.try_get(0)?)
}

/// Count a row written by an upsert whose `RETURNING (xmax = 0)` says whether it was inserted.
fn count(inserted: bool, written: &mut Written) {
    if inserted {
        written.created += 1;
    } else {
        written.updated += 1;
    }
}

/// Insert or rename (by id) one row of `table` (`zones`, `technicians`): whether it is new.
async fn upsert_named(c: &impl GenericClient, table: &str, id: i64, name: &str) -> Result<bool, StoreError> {
    let sql = format!(
        "INSERT INTO {table} (id, name) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET name = excluded.name
         RETURNING (xmax = 0)"
    );
    Ok(c.query_one(&sql, &[&id, &name]).await?.try_get(0)?)
}

/// Write `batch` in one transaction: zones, technicians, then services, whose zone and
/// technician must exist once the batch's own are written. Any refusal writes nothing.
pub(super) async fn save(pool: &Pool, batch: &Directory) -> Result<Saved, StoreError> {
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    let (mut zones, mut technicians, mut services) = (Written::default(), Written::default(), Written::default());
    for z in &batch.zones {
        count(upsert_named(&tx, "zones", z.id, &z.name).await?, &mut zones);
    }
    for t in &batch.technicians {
        count(upsert_named(&tx, "technicians", t.id, &t.name).await?, &mut technicians);
    }
    for s in &batch.services {
        if !exists(&tx, "zones", s.zone_id).await? {
            return Ok(Saved::Refused(format!("service {}: there is no zone {}", s.id, s.zone_id)));
        }
        if !exists(&tx, "technicians", s.technician_id).await? {
            return Ok(Saved::Refused(format!("service {}: there is no technician {}", s.id, s.technician_id)));
        }
        let inserted: bool = tx
            .query_one(
                "INSERT INTO services (id, zone_id, technician_id, subscriber_name) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (id) DO UPDATE SET zone_id = excluded.zone_id,
                     technician_id = excluded.technician_id, subscriber_name = excluded.subscriber_name
                 RETURNING (xmax = 0)",
                &[&s.id, &s.zone_id, &s.technician_id, &s.subscriber_name],
            )
            .await?
            .try_get(0)?;
        count(inserted, &mut services);
    }
    tx.commit().await?;
    Ok(Saved::Done { zones, technicians, services })
}
