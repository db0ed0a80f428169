//! A ticket's creation in SQLite: the key's answer checked, the zone's and the service's
//! active tickets counted, the ticket inserted (with its delivery, in front of a back office)
//! its `ticket.created` event written and the key's answer stored — all in one `IMMEDIATE`
//! transaction, so no concurrency exceeds either limit and no ticket exists without its key's
//! answer.
//!
//! Creates that arrive together are committed together, in arrival order, with one fsync for
//! the lot ([`super::batch`]): each counts the ones before it, so the limits stay exact.

use std::sync::Arc;

use chrono::Utc;
use helpdesk_core::zone::ZoneDecision;
use rusqlite::Connection;

use super::super::{Actor, Created, EventKind, Keyed, NewTicket, StoreError};
use super::batch::Batch;
use super::cached::Cached;
use super::rows::{self, TICKET_SELECT};
use super::{events, keys, outages, outbox};
use crate::ServerPolicy;

/// A create waiting for the connection: the ticket, the policy it is decided under, its key.
pub(super) type Work = (NewTicket, Arc<ServerPolicy>, Option<Keyed>);

/// The creates queued for the next transaction.
pub(super) type Pending = Batch<Work, Created>;

/// Run every queued create in one transaction ([`Batch::run`]).
pub(super) fn run(pending: &Pending, c: &mut Connection) -> Result<(), StoreError> {
    pending.run(c, |tx, (new, policy, keyed)| create(tx, &new, &policy, keyed), |_| true)
}

/// Insert `new` unless its zone or its service is full, under `keyed`'s key if given, in
/// transaction `tx` (the caller commits).
fn create(
    tx: &Connection,
    new: &NewTicket,
    policy: &ServerPolicy,
    keyed: Option<Keyed>,
) -> Result<Created, StoreError> {
    if let Some(answer) = keyed.as_ref().map(|k| keys::answer_of(tx, &k.key)).transpose()?.flatten() {
        return Ok(Created::Replayed(answer));
    }
    let active = rows::active_in_zone(tx, new.zone_id, policy)?;
    let outcome = if let ZoneDecision::Blocked { max_tickets } = policy.rules.zone.decide(active) {
        // A zone that is full because of a known outage says so.
        let outage = outages::open(tx, Some(new.zone_id), Some(new.service_id))?.into_iter().next();
        Created::ZoneFull { max_tickets, outage }
    } else if policy.rules.services_are_limited()
        && policy.rules.service_is_full(rows::active_of_service(tx, new.service_id, policy)?)
    {
        Created::ServiceFull { max_tickets: policy.rules.max_tickets_per_service }
    } else {
        let author: String =
            tx.query_row_cached("SELECT subscriber_name FROM services WHERE id = ?1", [new.service_id], |r| r.get(0))?;
        let id = rows::insert_ticket(tx, new, &author)?;
        if let Some(reference) = &new.deliver_as {
            outbox::enqueue(tx, i64::try_from(id).unwrap_or_default(), reference, Utc::now())?;
        }
        let id = i64::try_from(id).unwrap_or_default();
        events::record(tx, EventKind::Created, id, None, None, Actor::Subscriber)?;
        let sql = format!("{TICKET_SELECT} WHERE t.id = ?1");
        let stored = tx.query_row_cached(&sql, [id], |row| rows::stored_ticket(row, policy))?;
        Created::Ticket(stored.ticket)
    };
    if let Some(Keyed { key, answer }) = keyed {
        let answer = answer(&outcome).map_err(StoreError::from)?;
        keys::store_answer(tx, &key, &answer, Utc::now())?;
    }
    Ok(outcome)
}
