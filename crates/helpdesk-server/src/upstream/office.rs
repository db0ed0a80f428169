//! [`BackOffice`]: what the gateway needs from any back office it sits in front of — its
//! directory, its tickets, one ticket, opening one and finding one an earlier attempt may
//! have opened, replies and photos — whatever its API. The mirror ([`crate::mirror`]) and the outbox
//! ([`crate::delivery`]) speak only this; each back office implements it over its client.

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use helpdesk_core::envelope::Operations;

use super::UpstreamError;
use crate::store::{Delivery, Directory, PhotoDelivery, ReplyDelivery, ServiceRecord, UpstreamTicket};

/// A boxed future of a call to a back office (so that [`BackOffice`] can be a trait object).
pub type Call<'a, T> = Pin<Box<dyn Future<Output = Result<T, UpstreamError>> + Send + 'a>>;

/// A service as the back office describes it, with the names of its zone and technician
/// when it gives them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpstreamService {
    /// The service.
    pub record: ServiceRecord,
    /// Its zone's name, if given.
    pub zone_name: Option<String>,
    /// Its technician's name, if given.
    pub technician_name: Option<String>,
}

/// The back office's whole directory, and the services it lists that cannot be placed in
/// a zone (their tickets count nowhere).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UpstreamDirectory {
    /// Zones, technicians and the services that can be placed.
    pub directory: Directory,
    /// The ids of the others.
    pub left_out: Vec<i64>,
    /// The known outages it reports on its subscribers' equipment (WispHub's
    /// `falla_general`), as `(zone, description)`, each once.
    pub outages: Vec<(i64, String)>,
}

/// The technician of a service the back office names none for: the service counts in its
/// zone, but no ticket can be opened for it.
pub const NO_TECHNICIAN: i64 = 0;

/// A back office the gateway sits in front of.
pub trait BackOffice: Send + Sync + fmt::Debug {
    /// Its name in logs, metrics and the health endpoint (`wisphub`).
    fn kind(&self) -> &'static str;

    /// What a subscriber may do to a ticket besides reading it (what its API can take).
    fn operations(&self) -> Operations;

    /// One cheap call that shows whether it answers and takes the credential.
    fn probe(&self) -> Call<'_, ()>;

    /// Its whole directory (every page).
    fn directory(&self) -> Call<'_, UpstreamDirectory>;

    /// Service `id`, if it has one that can be placed in a zone.
    fn service(&self, id: i64) -> Call<'_, Option<UpstreamService>>;

    /// Its subject catalog's names (every page).
    fn subjects(&self) -> Call<'_, Vec<String>>;

    /// Every ticket it holds of `services` (the gateway's; a back office that lists all its
    /// tickets at once may list more), a complete list, with the failures of those it could
    /// not read.
    fn tickets<'a>(&'a self, services: &'a [i64]) -> Call<'a, (Vec<UpstreamTicket>, Vec<UpstreamError>)>;

    /// Ticket `upstream_id` with its answers; `None` when it has none.
    fn ticket(&self, upstream_id: i64) -> Call<'_, Option<UpstreamTicket>>;

    /// Open the ticket of delivery `d`, its reference written into it: its number. When the
    /// error's outcome is unknown, it may exist: [`BackOffice::find`] before opening again.
    fn open<'a>(&'a self, d: &'a Delivery) -> Call<'a, i64>;

    /// The number of the ticket an earlier attempt at `d` opened, found by its reference; `None`
    /// only when the back office certainly has none.
    fn find<'a>(&'a self, d: &'a Delivery) -> Call<'a, Option<i64>>;

    /// Add the subscriber's reply `r`, its reference written into it (only when
    /// [`BackOffice::operations`] offers replies). When the error's outcome is unknown, it may
    /// be there: [`BackOffice::find_reply`] before adding it again.
    fn reply<'a>(&'a self, r: &'a ReplyDelivery) -> Call<'a, ()>;

    /// The back office's id of the reply an earlier attempt at `r` added, found by its
    /// reference; `None` only when it certainly has none.
    fn find_reply<'a>(&'a self, r: &'a ReplyDelivery) -> Call<'a, Option<i64>>;

    /// Forward photo `p` to its ticket, its reference written with it. When the error's
    /// outcome is unknown, it may be there: [`BackOffice::has_photo`] before sending again.
    fn attach_photo<'a>(&'a self, p: &'a PhotoDelivery) -> Call<'a, ()>;

    /// Whether the back office holds photo `p` (an earlier attempt forwarded it), or needs
    /// no more: `false` only when it certainly has it not.
    fn has_photo<'a>(&'a self, p: &'a PhotoDelivery) -> Call<'a, bool>;

    /// Close ticket `upstream_id` (only when [`BackOffice::operations`] offers closing).
    fn close(&self, upstream_id: i64) -> Call<'_, ()>;
}

/// The refusal of a back office whose API cannot do `what`.
#[must_use]
pub fn not_offered(what: &str) -> UpstreamError {
    UpstreamError::Rejected { status: 0, detail: format!("this back office's API cannot {what}") }
}
