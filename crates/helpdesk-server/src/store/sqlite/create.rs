//! A ticket's creation in SQLite: the key's answer checked, the zone's and the service's
//! active tickets counted, the ticket inserted (with its delivery, in front of a back office)
//! its `ticket.created` event written and the key's answer stored — all in one `IMMEDIATE`
//! transaction, so no concurrency exceeds either limit and no ticket exists without its key's
//! answer.
//!
//! Creates that arrive together are committed together (group commit): each create queues
//! itself ([`Pending`]) and then takes the connection; whoever holds it runs every create
//! queued so far in one transaction, each in a savepoint of its own and in arrival order (so
//! each one counts the ones before it, and the limits stay exact), and commits once: one
//! fsync for the lot. Every create is acknowledged only after that commit; a create that
//! fails alone is rolled back alone; a commit that fails fails them all.

use super::cached::Cached;
use std::sync::{Arc, Mutex};

use chrono::Utc;
use helpdesk_core::zone::ZoneDecision;
use rusqlite::Connection;
use tokio::sync::oneshot;

use super::super::{Actor, Created, EventKind, Keyed, NewTicket, StoreError};
use super::rows::{self, TICKET_SELECT};
use super::{events, keys, outbox};
use crate::ServerPolicy;

/// One create waiting for the connection, and where its outcome goes.
pub(super) struct Job {
    new: NewTicket,
    policy: Arc<ServerPolicy>,
    keyed: Option<Keyed>,
    done: oneshot::Sender<Result<Created, StoreError>>,
}

/// The creates queued for the next transaction.
#[derive(Default, Clone)]
pub(super) struct Pending(Arc<Mutex<Vec<Job>>>);

impl Pending {
    /// Queue a create; its outcome comes on the receiver once a [`Pending::run`] has run it.
    pub(super) fn push(
        &self,
        new: NewTicket,
        policy: Arc<ServerPolicy>,
        keyed: Option<Keyed>,
    ) -> Result<oneshot::Receiver<Result<Created, StoreError>>, StoreError> {
        let (done, outcome) = oneshot::channel();
        self.0.lock().map_err(|_| StoreError::from("create queue poisoned"))?.push(Job { new, policy, keyed, done });
        Ok(outcome)
    }

    /// Run every queued create in one transaction and commit once (with the connection
    /// held); each outcome goes to its create. Nothing queued: nothing done.
    pub(super) fn run(&self, c: &mut Connection) -> Result<(), StoreError> {
        let jobs = std::mem::take(&mut *self.0.lock().map_err(|_| StoreError::from("create queue poisoned"))?);
        if jobs.is_empty() {
            return Ok(());
        }
        let (work, replies): (Vec<_>, Vec<_>) = jobs.into_iter().map(|j| ((j.new, j.policy, j.keyed), j.done)).unzip();
        let mut outcomes = Vec::with_capacity(replies.len());
        let committed = (|| {
            let mut tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            for (new, policy, keyed) in work {
                let sp = tx.savepoint()?;
                let outcome = create(&sp, &new, &policy, keyed);
                if outcome.is_ok() {
                    sp.commit()?;
                }
                outcomes.push(outcome);
            }
            tx.commit()
        })();
        match committed {
            Ok(()) => {
                for (done, outcome) in replies.into_iter().zip(outcomes) {
                    let _ = done.send(outcome);
                }
            }
            Err(e) => {
                let failure = StoreError::from(e).to_string();
                for done in replies {
                    let _ = done.send(Err(StoreError::from(failure.clone())));
                }
            }
        }
        Ok(())
    }
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
        Created::ZoneFull { max_tickets }
    } else if policy.rules.service_is_full(rows::active_of_service(tx, new.service_id, policy)?) {
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
