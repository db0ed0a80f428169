//! A ticket's creation in PostgreSQL, in one READ COMMITTED transaction: the key's lock and
//! answer, then the zone's row locked (`SELECT … FOR UPDATE`), so that creates into one zone
//! take turns on every instance while other zones go on; the zone's and the service's active
//! tickets counted after the lock (so each count sees every create committed before it), the
//! ticket inserted (with its delivery, in front of a back office), its `ticket.created` event
//! written and the key's answer stored.

use std::sync::Arc;

use chrono::Utc;
use deadpool_postgres::Pool;
use helpdesk_core::zone::ZoneDecision;

use super::super::{Actor, Created, EventKind, Keyed, NewTicket, StoreError};
use super::rows::{self, TICKET_SELECT};
use super::{cached, events, keys, outages, outbox};
use crate::ServerPolicy;

/// Insert `new` unless its zone or its service is full, under `keyed`'s key if given.
pub(super) async fn create(
    pool: &Pool,
    new: NewTicket,
    policy: Arc<ServerPolicy>,
    keyed: Option<Keyed>,
) -> Result<Created, StoreError> {
    // The answer's writer is owned, never borrowed, across the awaits (it is Send, not Sync).
    let (key, render) = keyed.map(|Keyed { key, answer }| (key, answer)).unzip();
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    if let Some(key) = &key {
        keys::lock(&tx, key).await?;
        if let Some(answer) = keys::answer_of(&tx, key).await? {
            return Ok(Created::Replayed(answer));
        }
    }
    // The zone's row is the lock every create into the zone takes (its services are in it).
    if cached::query_opt(&tx, "SELECT id FROM zones WHERE id = $1 FOR UPDATE", &[&new.zone_id]).await?.is_none() {
        return Err(StoreError::from(format!("zone {} does not exist", new.zone_id)));
    }
    let active = rows::active_in_zone(&tx, new.zone_id, &policy).await?;
    let outcome = if let ZoneDecision::Blocked { max_tickets } = policy.rules.zone.decide(active) {
        // A zone that is full because of a known outage says so.
        let outage = outages::open(&tx, Some(new.zone_id), Some(new.service_id)).await?.into_iter().next();
        Created::ZoneFull { max_tickets, outage }
    } else if policy.rules.services_are_limited()
        && policy.rules.service_is_full(rows::active_of_service(&tx, new.service_id, &policy).await?)
    {
        Created::ServiceFull { max_tickets: policy.rules.max_tickets_per_service }
    } else {
        let author: String =
            cached::query_one(&tx, "SELECT subscriber_name FROM services WHERE id = $1", &[&new.service_id])
                .await?
                .try_get(0)?;
        let id = rows::insert_ticket(&tx, &new, &author).await?;
        if let Some(reference) = &new.deliver_as {
            outbox::enqueue(&tx, id, reference, Utc::now()).await?;
        }
        events::record(&tx, EventKind::Created, id, None, None, Actor::Subscriber).await?;
        let row = cached::query_one(&tx, &format!("{TICKET_SELECT} WHERE t.id = $1"), &[&id]).await?;
        Created::Ticket(rows::stored_ticket(&row, &policy)?.ticket)
    };
    if let (Some(key), Some(render)) = (key, render) {
        let answer = render(&outcome).map_err(StoreError::from)?;
        keys::store_answer(&tx, &key, &answer, Utc::now()).await?;
    }
    tx.commit().await?;
    Ok(outcome)
}
