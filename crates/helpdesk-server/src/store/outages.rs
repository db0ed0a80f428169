//! Known outages, as the stores keep them: staff declare one for a zone and end it; a
//! subscriber of the zone says it happens to them too (a report, never a ticket, so it does
//! not count against the zone's limit). Declaring and ending write their events
//! (`outage.declared`, `outage.ended` with every reporting service) in the same transaction,
//! so the ISP's sender can tell each reporting subscriber when service is back.

use chrono::{DateTime, NaiveDateTime, Utc};
use helpdesk_core::envelope::{Outage, outage_to_wire};
use serde_json::json;

use super::{NewEvent, Service, StoreFuture};

/// What ending an outage found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ended {
    /// Ended now; these services had reported it.
    Ended {
        /// The outage, with its end.
        outage: Outage,
        /// The services that said it happened to them.
        services: Vec<i64>,
    },
    /// It had ended already.
    Already(Outage),
    /// No such outage.
    NotFound,
}

/// What a subscriber's report found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Joined {
    /// Recorded (or recorded before: a report is kept once per service).
    Joined(Outage),
    /// The outage has ended.
    Ended(Outage),
    /// No such outage in the subscriber's zone.
    NotFound,
}

/// The outage half of a store, which every [`super::Backend`] also is.
pub trait Outages: Send + Sync {
    /// Declare an outage of `zone_id` since `now` (ISP local time), with its event.
    ///
    /// # Errors
    /// On a store failure (nothing is written).
    fn declare_outage(
        &self,
        zone_id: i64,
        message: String,
        estimated_end: Option<NaiveDateTime>,
        now: NaiveDateTime,
    ) -> StoreFuture<'_, Outage>;

    /// End outage `id` at `now`, with its event naming every reporting service.
    ///
    /// # Errors
    /// On a store failure (nothing is written).
    fn end_outage(&self, id: i64, now: NaiveDateTime) -> StoreFuture<'_, Ended>;

    /// The outages not ended, newest first, of one zone (every zone's with `None`), each
    /// `joined` when `service_id` reported it.
    ///
    /// # Errors
    /// On a store failure.
    fn outages(&self, zone_id: Option<i64>, service_id: Option<i64>) -> StoreFuture<'_, Vec<Outage>>;

    /// The outages the back office reports now, as `(zone, description)`: each not yet
    /// known declared (its source the back office), each earlier one it no longer reports
    /// ended — with their events, in one transaction. Staff's own outages are untouched.
    ///
    /// # Errors
    /// On a store failure (nothing is written).
    fn back_office_outages(&self, reported: Vec<(i64, String)>, now: NaiveDateTime) -> StoreFuture<'_, ()>;

    /// `service` says outage `id` (of its zone) happens to it too, at `now`.
    ///
    /// # Errors
    /// On a store failure.
    fn join_outage(&self, id: i64, service: Service, now: NaiveDateTime) -> StoreFuture<'_, Joined>;
}

/// The event of an outage declared (no `services`) or ended (the reporting `services`).
#[must_use]
pub fn outage_event(outage: &Outage, services: Option<&[i64]>, at: DateTime<Utc>) -> NewEvent {
    let kind = if services.is_some() { "outage.ended" } else { "outage.declared" };
    let mut data = json!({ "outage": outage_to_wire(outage) });
    if let Some(services) = services {
        data["services"] = json!(services);
    }
    super::events::event(kind, data, at)
}
