//! The mirror of the back office: its directory (zones, technicians, services) and its
//! tickets with their status and staff answers, copied into the store by a background sync
//! and, for one ticket, by a read-through refresh when its copy is older than a bound.
//!
//! The zone limit is decided in the store, on the mirror: the back office's active tickets
//! of every page plus the gateway's undelivered ones, in the create's own transaction. Before
//! a create the picture is refreshed when it is older than its bound; when the back office
//! cannot be read, the create is decided on the last complete picture and its age is logged
//! and given in the answer's `meta`. With no complete picture ever, nothing is decided (503).
//! The back office itself is any [`BackOffice`].

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use helpdesk_core::PriorityLevel;
use helpdesk_core::catalog::{Catalog, Subject};
use serde_json::{Value, json};

use crate::ServerPolicy;
use crate::store::{Directory, MirrorCopy, Mirrored, Saved, Store, StoreError, Technician, Zone};
use crate::upstream::office::{UpstreamDirectory, UpstreamService};
use crate::upstream::{BackOffice, NO_TECHNICIAN, UpstreamError};

/// Why a sync did not complete.
#[derive(Debug)]
pub enum SyncError {
    /// The back office could not be read whole.
    Upstream(UpstreamError),
    /// The store failed.
    Store(StoreError),
    /// The back office's directory does not hold together (a service in a zone it does not list).
    Refused(String),
}

impl fmt::Display for SyncError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Upstream(e) => e.fmt(f),
            Self::Store(e) => write!(f, "the store failed: {e}"),
            Self::Refused(why) => write!(f, "the back office's directory was refused: {why}"),
        }
    }
}

impl From<UpstreamError> for SyncError {
    fn from(e: UpstreamError) -> Self {
        Self::Upstream(e)
    }
}

impl From<StoreError> for SyncError {
    fn from(e: StoreError) -> Self {
        Self::Store(e)
    }
}

/// How much of the back office's directory a sync wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DirectorySynced {
    /// Zones, technicians and services written.
    pub written: u64,
    /// Clients left out: no zone or technician yet, or one the back office does not list.
    pub left_out: u64,
}

/// The ids of every service the gateway knows.
async fn service_ids(store: &Store) -> Result<Vec<i64>, StoreError> {
    let mut ids = Vec::new();
    for number in 1.. {
        let (page, total) = store.services(None, crate::store::Page { number, size: 1_000 }).await?;
        ids.extend(page.iter().map(|s| s.id));
        if page.is_empty() || ids.len() as u64 >= total {
            break;
        }
    }
    Ok(ids)
}

/// A ticket being re-read, until dropped.
struct OneRefresh<'a> {
    set: &'a std::sync::Mutex<std::collections::HashSet<i64>>,
    id: i64,
}

impl<'a> OneRefresh<'a> {
    /// Ticket `id` marked as being re-read; `None` when it already is.
    fn of(set: &'a std::sync::Mutex<std::collections::HashSet<i64>>, id: i64) -> Option<Self> {
        let fresh = set.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(id);
        fresh.then_some(Self { set, id })
    }
}

impl Drop for OneRefresh<'_> {
    fn drop(&mut self) {
        self.set.lock().unwrap_or_else(std::sync::PoisonError::into_inner).remove(&self.id);
    }
}

/// The gateway in front of a back office ([`BackOffice`]), and the bounds of the mirror's
/// freshness.
#[derive(Debug)]
pub struct Gateway {
    /// The back office.
    pub back_office: Arc<dyn BackOffice>,
    /// A create refreshes the picture of the tickets first when it is older than this.
    pub picture_max_age: Duration,
    /// Reading one ticket refreshes it first when its copy is older than this.
    pub ticket_max_age: Duration,
    /// One refresh of the whole picture at a time; a create that finds one running waits for it.
    refreshing: tokio::sync::Mutex<()>,
    /// Services the last directory sync left out (no zone in the back office): their
    /// tickets belong to no zone, and do not call for another directory sync.
    left_out: std::sync::Mutex<std::collections::HashSet<i64>>,
    /// Tickets being re-read now: a second read of one of them serves the copy instead of
    /// calling the back office again.
    refreshing_tickets: std::sync::Mutex<std::collections::HashSet<i64>>,
}

impl Gateway {
    /// A gateway in front of `back_office`, refreshing the picture after 30 seconds and a
    /// ticket after 15.
    #[must_use]
    pub fn new(back_office: impl BackOffice + 'static) -> Self {
        Self {
            back_office: Arc::new(back_office),
            picture_max_age: Duration::from_secs(30),
            ticket_max_age: Duration::from_secs(15),
            refreshing: tokio::sync::Mutex::new(()),
            left_out: std::sync::Mutex::default(),
            refreshing_tickets: std::sync::Mutex::default(),
        }
    }

    /// The same gateway with these freshness bounds.
    #[must_use]
    pub fn with_bounds(mut self, picture_max_age: Duration, ticket_max_age: Duration) -> Self {
        self.picture_max_age = picture_max_age;
        self.ticket_max_age = ticket_max_age;
        self
    }

    /// Copy the back office's zones, staff and clients (every page) into the directory, in
    /// one transaction; then the known outages it reports (WispHub's `falla_general`): each
    /// new one declared for its zone, each it no longer reports ended.
    ///
    /// # Errors
    /// When a list cannot be read whole, or the store refuses the batch.
    pub async fn sync_directory(&self, store: &Store, policy: &ServerPolicy) -> Result<DirectorySynced, SyncError> {
        let UpstreamDirectory { directory, left_out, outages } = self.back_office.directory().await?;
        match store.save_directory(directory).await? {
            Saved::Done { zones, technicians, services } => {
                store.back_office_outages(outages, policy.local_now()).await?;
                let written = [zones, technicians, services].iter().map(|w| w.created + w.updated).sum();
                let count = u64::try_from(left_out.len()).unwrap_or(u64::MAX);
                *self.left_out.lock().unwrap_or_else(std::sync::PoisonError::into_inner) =
                    left_out.into_iter().collect();
                Ok(DirectorySynced { written, left_out: count })
            }
            Saved::Refused(why) => Err(SyncError::Refused(why)),
        }
    }

    /// The subject catalog of the instance (`asuntos-tickets`, every page), each subject at
    /// the priority and with the wording `builtin` gives it, normal and unworded when it has
    /// none.
    ///
    /// # Errors
    /// When the list cannot be read whole, or is not a catalog (empty, or names repeated).
    pub async fn catalog(&self, builtin: &Catalog) -> Result<Catalog, SyncError> {
        let names = self.back_office.subjects().await?;
        let subjects = names
            .into_iter()
            .map(|name| match builtin.get(&name) {
                // A subject it shares with the catalog in force keeps its priority and wording.
                Some(known) => Subject { name, ..known.clone() },
                None => Subject::new(name, PriorityLevel::Normal),
            })
            .collect();
        Catalog::new(subjects).map_err(|e| SyncError::Refused(format!("the subjects are not a catalog: {e}")))
    }

    /// Copy the one client of service `id` (and its zone and technician) from the back
    /// office, with its tickets when it is new here: `false` when it has none, or none with a
    /// zone and a technician.
    ///
    /// # Errors
    /// When the back office cannot be read, or the store refuses the record.
    pub async fn sync_service(&self, store: &Store, policy: &ServerPolicy, id: i64) -> Result<bool, SyncError> {
        let Some(UpstreamService { record, zone_name, technician_name }) = self.back_office.service(id).await? else {
            return Ok(false);
        };
        // A service new to the gateway may hold tickets already, which count in its zone from
        // its first create on: read before it is placed (a back office that lists its tickets
        // per service, WHMCS, has had no reason to list them before).
        let (now, new) = (Utc::now(), store.service(id).await?.is_none());
        let tickets = if new { Some(self.back_office.tickets(&[id]).await?.0) } else { None };
        // A name the record does not give never overwrites a known one.
        let mut batch = Directory::default();
        if let Some(name) = zone_name {
            batch.zones.push(Zone { id: record.zone_id, name });
        } else if !store.zone_exists(record.zone_id).await? {
            batch.zones.push(Zone { id: record.zone_id, name: format!("#{}", record.zone_id) });
        }
        let technician = record.technician_id;
        if let Some(name) = technician_name {
            batch.technicians.push(Technician { id: technician, name });
        } else if !store.technician_exists(technician).await? {
            batch.technicians.push(Technician { id: technician, name: format!("#{technician}") });
        }
        batch.services.push(record);
        if let Saved::Refused(why) = store.save_directory(batch).await? {
            return Err(SyncError::Refused(why));
        }
        if let Some(tickets) = tickets {
            store.mirror(tickets, false, now, policy.local_now()).await?;
        }
        // Without a technician it counts in its zone, but no ticket can be opened for it.
        Ok(technician != NO_TECHNICIAN)
    }

    /// Take a complete picture of the back office's tickets (every page) into the mirror.
    ///
    /// # Errors
    /// When the list cannot be read whole (the last picture stays), or the store fails.
    pub async fn sync_tickets(&self, store: &Store, policy: &ServerPolicy) -> Result<Mirrored, SyncError> {
        let _one = self.refreshing.lock().await;
        self.picture(store, policy).await
    }

    async fn picture(&self, store: &Store, policy: &ServerPolicy) -> Result<Mirrored, SyncError> {
        let now = Utc::now();
        let started = std::time::Instant::now();
        let services = service_ids(store).await?;
        let (tickets, unreadable) = self.back_office.tickets(&services).await?;
        if let Some(first) = unreadable.first() {
            // Without a number, a service or a status 1..4 it cannot be placed: skipped, said.
            metrics::counter!("helpdesk_mirror_unreadable_tickets_total").increment(unreadable.len() as u64);
            tracing::warn!(count = unreadable.len(), first = %first, "back-office tickets the gateway cannot read were left out");
        }
        let mut mirrored = store.mirror(tickets.clone(), true, now, policy.local_now()).await?;
        // A ticket of a service the directory has not seen yet (a client added since the last
        // sync) must count in its zone: read the directory, then the same picture again.
        let unplaced = {
            let left_out = self.left_out.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            mirrored.unknown_services.iter().any(|id| !left_out.contains(id))
        };
        if unplaced {
            self.sync_directory(store, policy).await?;
            // The same list written again, not a second picture (which would count as a
            // second list missing what this one missed).
            let again = store.mirror(tickets, false, now, policy.local_now()).await?;
            // Still unknown (a client the back office no longer lists): not asked for again until the
            // next directory sync.
            self.left_out.lock().unwrap_or_else(std::sync::PoisonError::into_inner).extend(&again.unknown_services);
            mirrored.added += again.added;
            mirrored.answers += again.answers;
            (mirrored.skipped, mirrored.unknown_services) = (again.skipped, again.unknown_services);
        }
        metrics::histogram!("helpdesk_mirror_sync_seconds").record(started.elapsed().as_secs_f64());
        metrics::gauge!("helpdesk_mirror_picture_timestamp_seconds").set(now.timestamp() as f64);
        Ok(mirrored)
    }

    /// How old the last complete picture of the tickets is, if there is one.
    ///
    /// # Errors
    /// On a store failure.
    pub async fn picture_age(&self, store: &Store) -> Result<Option<chrono::Duration>, StoreError> {
        Ok(store.mirror_complete_at().await?.map(|at| Utc::now() - at))
    }

    /// Make the picture of the tickets fresh enough to decide a create on: refreshed when
    /// older than [`Gateway::picture_max_age`] (once, however many creates ask at once).
    /// Returns the time of the picture the create is decided on, `None` when there has never
    /// been one; a failed refresh is logged with the age of the picture that remains.
    ///
    /// # Errors
    /// On a store failure.
    pub async fn fresh_picture(
        &self,
        store: &Store,
        policy: &ServerPolicy,
    ) -> Result<Option<DateTime<Utc>>, StoreError> {
        let bound = chrono::Duration::from_std(self.picture_max_age).unwrap_or(chrono::Duration::MAX);
        // Fresh enough: within the bound, or taken (begun) after this create arrived — a
        // create that waited for a refresh does not read the whole list once more.
        let arrived = Utc::now();
        let fresh = |at: Option<DateTime<Utc>>| at.is_some_and(|at| at >= arrived || Utc::now() - at <= bound);
        let at = store.mirror_complete_at().await?;
        if fresh(at) {
            return Ok(at);
        }
        let _one = self.refreshing.lock().await;
        let at = store.mirror_complete_at().await?;
        if fresh(at) {
            return Ok(at);
        }
        match self.picture(store, policy).await {
            Ok(_) => store.mirror_complete_at().await,
            Err(e) => {
                let age = at.map(|at| (Utc::now() - at).num_seconds());
                tracing::warn!(error = %e, picture_age_seconds = ?age, "cannot read the back office's tickets; deciding on the last complete picture");
                metrics::counter!("helpdesk_mirror_stale_decisions_total").increment(1);
                Ok(at)
            }
        }
    }

    /// Refresh ticket `ticket_id` from the back office when its copy is older than
    /// [`Gateway::ticket_max_age`]: `true` when the copy was rewritten. A failed refresh is
    /// logged and the copy stays.
    ///
    /// # Errors
    /// On a store failure.
    pub async fn refresh_ticket(
        &self,
        store: &Store,
        policy: &ServerPolicy,
        ticket_id: i64,
    ) -> Result<bool, StoreError> {
        let Some(MirrorCopy { upstream_id: number, synced_at, .. }) = store.mirror_of(ticket_id).await? else {
            return Ok(false);
        };
        let bound = chrono::Duration::from_std(self.ticket_max_age).unwrap_or(chrono::Duration::MAX);
        if synced_at.is_some_and(|at| Utc::now() - at <= bound) {
            return Ok(false);
        }
        let Some(_one) = OneRefresh::of(&self.refreshing_tickets, ticket_id) else { return Ok(false) };
        let now = Utc::now();
        let read = match self.back_office.ticket(number).await {
            Ok(Some(t)) => Ok(t),
            Ok(None) => Err(UpstreamError::NotFound),
            Err(e) => Err(e),
        };
        match read {
            Ok(t) => {
                store.mirror(vec![t], false, now, policy.local_now()).await?;
                Ok(true)
            }
            Err(e) => {
                let age = synced_at.map(|at| (now - at).num_seconds());
                tracing::warn!(ticket = ticket_id, upstream_id = number, error = %e, copy_age_seconds = ?age, "cannot refresh the ticket from the back office; showing the mirror's copy");
                Ok(false)
            }
        }
    }

    /// The `meta` of an answer decided on the mirror: when its picture was taken, and how old it is.
    #[must_use]
    pub fn meta(at: Option<DateTime<Utc>>) -> Value {
        json!({ "back_office": {
            "synced_at": at.map(crate::clock::utc_text),
            "age_seconds": at.map(|at| (Utc::now() - at).num_seconds().max(0)),
        }})
    }

    /// Sync the directory and the tickets every `interval`, for as long as the server runs.
    pub fn spawn(
        self: Arc<Self>,
        store: Store,
        policy: Arc<ServerPolicy>,
        interval: Duration,
    ) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            loop {
                match self.sync_directory(&store, &policy).await {
                    Ok(d) => tracing::debug!(?d, "directory synced"),
                    Err(e) => {
                        metrics::counter!("helpdesk_mirror_sync_failures_total", "what" => "directory").increment(1);
                        tracing::warn!(error = %e, "cannot sync the directory from the back office");
                    }
                }
                match self.sync_tickets(&store, &policy).await {
                    Ok(m) if m != Mirrored::default() => tracing::info!(?m, "tickets synced"),
                    Ok(_) => {}
                    Err(e) => {
                        metrics::counter!("helpdesk_mirror_sync_failures_total", "what" => "tickets").increment(1);
                        let age = self.picture_age(&store).await.ok().flatten().map(|a| a.num_seconds());
                        tracing::warn!(error = %e, picture_age_seconds = ?age, "cannot sync the tickets from the back office");
                    }
                }
                tokio::time::sleep(interval).await;
            }
        })
    }
}
