//! The envelope of the ticket API (seeds 000/001) and the subscriber extensions.
//!
//! Every response is `{ "ok": bool, "type": "success"|"info"|"error", "action": str,
//! "data": obj|null, "message": str|null, "meta": obj|null }`. Clients branch on
//! [`Action`], never on `ok`: `ticket_not_found` comes with `ok: true`.
//!
//! This module holds the wire types; [`write`] the server's writers of `data`, [`read`] the
//! lenient readers of tickets and threads, and [`outcome`] the readers of the rules'
//! decisions (a create, a zone's status, the policy in force). Reading is lenient where back
//! ends are sloppy (numbers as strings, missing optional fields, extra keys) and strict
//! where meaning would be lost: malformed input is a [`ParseError`](crate::ParseError), never a panic.

mod outage;
mod outcome;
mod read;
mod write;

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use outage::{Outage, outage_from_wire, outage_to_wire, parse_outages_response};
pub use outcome::{
    CreateOutcome, Operations, PolicyForCaller, ZoneStatus, parse_create_response, parse_policy_response,
    parse_zone_status,
};
pub use read::{
    TicketLookup, TicketPage, parse_thread_response, parse_ticket_list_response, parse_ticket_response,
    ticket_from_wire,
};
pub use write::{thread_to_wire, ticket_not_found, ticket_to_wire};

/// The `type` field of the envelope.
///
/// # Example
/// ```
/// use helpdesk_core::EnvelopeKind;
/// assert_eq!(serde_json::to_string(&EnvelopeKind::Info).unwrap(), "\"info\"");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnvelopeKind {
    /// The request did what was asked.
    Success,
    /// An expected, non-failure outcome (`ticket_not_found`, `zone_ticket_limit_reached`).
    Info,
    /// A failure.
    Error,
}

/// The `action` field: what happened. Clients branch on this, never on `ok`.
///
/// # Example
/// ```
/// use helpdesk_core::Action;
/// assert_eq!(Action::TicketCreated.to_string(), "ticket_created");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// `ticket_found`: `data` holds the ticket.
    TicketFound,
    /// `ticket_not_found`: `ok: true`, `data: null`.
    TicketNotFound,
    /// `ticket_created`: `data` holds the new ticket.
    TicketCreated,
    /// `zone_ticket_limit_reached`: `data.max_tickets` holds the zone's limit.
    ZoneTicketLimitReached,
    /// `service_ticket_limit_reached`: the subscriber's line holds its maximum of active
    /// tickets; `data.max_tickets` holds it.
    ServiceTicketLimitReached,
    /// `rate_limited`: too many requests in a short time; `Retry-After` says when to retry.
    RateLimited,
    /// `ticket_creation_failed`: `data.errors` may hold per-field errors.
    TicketCreationFailed,
    /// `tickets_listed`: `data` holds a page of the subscriber's tickets.
    TicketsListed,
    /// `subjects_listed`: `data` holds the catalog (`by_priority`, `all`).
    SubjectsListed,
    /// `zone_status`: `data` holds `is_blocked` and `max_tickets`.
    ZoneStatus,
    /// `thread_found`: `data` holds `ticket` and `messages` (see [`thread_to_wire`]).
    ThreadFound,
    /// `reply_added`: `data` holds the updated thread.
    ReplyAdded,
    /// `ticket_updated`: `data` holds the updated ticket (status change, closing).
    TicketUpdated,
    /// `update_failed`: a reply or change was refused; `data.errors` says why.
    UpdateFailed,
    /// `token_issued`: `data` holds a subscriber `token` and its `expires_at`.
    TokenIssued,
    /// `tokens_revoked`: `data.revoked` holds how many subscriber tokens stopped working.
    TokensRevoked,
    /// `zones_listed`: `data.zones` holds every zone.
    ZonesListed,
    /// `zone_saved`: `data` holds the zone created (201) or updated (200).
    ZoneSaved,
    /// `technicians_listed`: `data.technicians` holds every technician.
    TechniciansListed,
    /// `technician_saved`: `data` holds the technician created (201) or updated (200).
    TechnicianSaved,
    /// `services_listed`: `data.services` holds a page of the services.
    ServicesListed,
    /// `service_saved`: `data` holds the service created (201) or updated (200).
    ServiceSaved,
    /// `health`: `data` holds the server's state (its store, its back office, its outbox).
    Health,
    /// `policy`: `data` holds the rules in force (a serialised `Policy`).
    PolicyInForce,
    /// `outages_listed`: `data.outages` holds the known outages of the caller's zone.
    OutagesListed,
    /// `outage_declared`: `data` holds the outage staff declared (201).
    OutageDeclared,
    /// `outage_ended`: `data` holds the outage, ended.
    OutageEnded,
    /// `outage_joined`: `data` holds the outage the subscriber said happens to them too.
    OutageJoined,
    /// `photos_added`: `data.photos` holds the photos attached (201).
    PhotosAdded,
    /// `photos_listed`: `data.photos` holds a ticket's photos.
    PhotosListed,
    /// `unauthorized`: missing, unknown or expired credentials.
    Unauthorized,
    /// `forbidden`: the credentials do not allow this.
    Forbidden,
    /// `invalid_request`: the request itself is malformed.
    InvalidRequest,
    /// `route_not_found`: no such endpoint.
    RouteNotFound,
    /// `method_not_allowed`: the endpoint exists, not with this method.
    MethodNotAllowed,
    /// `not_found`: the zone, service or technician named does not exist.
    NotFound,
    /// `internal_error`: the server failed; the message carries no detail.
    InternalError,
}

impl Action {
    /// Every action, in the order of the enum.
    pub const ALL: [Self; 37] = [
        Self::TicketFound,
        Self::TicketNotFound,
        Self::TicketCreated,
        Self::ZoneTicketLimitReached,
        Self::ServiceTicketLimitReached,
        Self::RateLimited,
        Self::TicketCreationFailed,
        Self::TicketsListed,
        Self::SubjectsListed,
        Self::ZoneStatus,
        Self::ThreadFound,
        Self::ReplyAdded,
        Self::TicketUpdated,
        Self::UpdateFailed,
        Self::TokenIssued,
        Self::TokensRevoked,
        Self::ZonesListed,
        Self::ZoneSaved,
        Self::TechniciansListed,
        Self::TechnicianSaved,
        Self::ServicesListed,
        Self::ServiceSaved,
        Self::Health,
        Self::PolicyInForce,
        Self::OutagesListed,
        Self::OutageDeclared,
        Self::OutageEnded,
        Self::OutageJoined,
        Self::PhotosAdded,
        Self::PhotosListed,
        Self::Unauthorized,
        Self::Forbidden,
        Self::InvalidRequest,
        Self::RouteNotFound,
        Self::MethodNotAllowed,
        Self::NotFound,
        Self::InternalError,
    ];

    /// The wire name of the action.
    ///
    /// # Example
    /// ```
    /// assert_eq!(helpdesk_core::Action::ZoneTicketLimitReached.as_str(), "zone_ticket_limit_reached");
    /// ```
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::TicketFound => "ticket_found",
            Self::TicketNotFound => "ticket_not_found",
            Self::TicketCreated => "ticket_created",
            Self::ZoneTicketLimitReached => "zone_ticket_limit_reached",
            Self::ServiceTicketLimitReached => "service_ticket_limit_reached",
            Self::RateLimited => "rate_limited",
            Self::TicketCreationFailed => "ticket_creation_failed",
            Self::TicketsListed => "tickets_listed",
            Self::SubjectsListed => "subjects_listed",
            Self::ZoneStatus => "zone_status",
            Self::ThreadFound => "thread_found",
            Self::ReplyAdded => "reply_added",
            Self::TicketUpdated => "ticket_updated",
            Self::UpdateFailed => "update_failed",
            Self::TokenIssued => "token_issued",
            Self::TokensRevoked => "tokens_revoked",
            Self::ZonesListed => "zones_listed",
            Self::ZoneSaved => "zone_saved",
            Self::TechniciansListed => "technicians_listed",
            Self::TechnicianSaved => "technician_saved",
            Self::ServicesListed => "services_listed",
            Self::ServiceSaved => "service_saved",
            Self::Health => "health",
            Self::PolicyInForce => "policy",
            Self::OutagesListed => "outages_listed",
            Self::OutageDeclared => "outage_declared",
            Self::OutageEnded => "outage_ended",
            Self::OutageJoined => "outage_joined",
            Self::PhotosAdded => "photos_added",
            Self::PhotosListed => "photos_listed",
            Self::Unauthorized => "unauthorized",
            Self::Forbidden => "forbidden",
            Self::InvalidRequest => "invalid_request",
            Self::RouteNotFound => "route_not_found",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::NotFound => "not_found",
            Self::InternalError => "internal_error",
        }
    }

    /// The action with this wire name.
    ///
    /// # Example
    /// ```
    /// use helpdesk_core::Action;
    /// assert_eq!(Action::from_wire("ticket_found"), Some(Action::TicketFound));
    /// assert_eq!(Action::from_wire("teapot"), None);
    /// ```
    #[must_use]
    pub fn from_wire(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == name)
    }

    /// The `ok` and `type` that go with this action.
    ///
    /// # Example
    /// ```
    /// use helpdesk_core::{Action, EnvelopeKind};
    /// assert_eq!(Action::TicketNotFound.outcome(), (true, EnvelopeKind::Info));
    /// assert_eq!(Action::TicketCreationFailed.outcome(), (false, EnvelopeKind::Error));
    /// ```
    #[must_use]
    pub fn outcome(self) -> (bool, EnvelopeKind) {
        match self {
            Self::TicketFound
            | Self::TicketCreated
            | Self::TicketsListed
            | Self::SubjectsListed
            | Self::ZoneStatus
            | Self::ThreadFound
            | Self::ReplyAdded
            | Self::TicketUpdated
            | Self::TokenIssued
            | Self::TokensRevoked
            | Self::ZonesListed
            | Self::ZoneSaved
            | Self::TechniciansListed
            | Self::TechnicianSaved
            | Self::ServicesListed
            | Self::ServiceSaved
            | Self::Health
            | Self::PolicyInForce
            | Self::OutagesListed
            | Self::OutageDeclared
            | Self::OutageEnded
            | Self::OutageJoined
            | Self::PhotosAdded
            | Self::PhotosListed => (true, EnvelopeKind::Success),
            Self::TicketNotFound | Self::ZoneTicketLimitReached | Self::ServiceTicketLimitReached => {
                (true, EnvelopeKind::Info)
            }
            Self::TicketCreationFailed
            | Self::RateLimited
            | Self::UpdateFailed
            | Self::Unauthorized
            | Self::Forbidden
            | Self::InvalidRequest
            | Self::RouteNotFound
            | Self::MethodNotAllowed
            | Self::NotFound
            | Self::InternalError => (false, EnvelopeKind::Error),
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Action {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A response envelope, as the server writes it.
///
/// # Example: the answer for an unknown ticket
/// ```
/// use helpdesk_core::{Action, Envelope};
/// let json = serde_json::to_value(Envelope::new(Action::TicketNotFound, None, None)).unwrap();
/// assert_eq!(json["ok"], true);
/// assert_eq!(json["type"], "info");
/// assert!(json["data"].is_null());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Envelope {
    /// Whether the request succeeded (do not branch on it; branch on `action`).
    pub ok: bool,
    /// `success`, `info` or `error`.
    #[serde(rename = "type")]
    pub kind: EnvelopeKind,
    /// What happened.
    pub action: Action,
    /// The payload, when there is one.
    pub data: Option<Value>,
    /// A human-readable message.
    pub message: Option<String>,
    /// Optional metadata.
    pub meta: Option<Value>,
}

impl Envelope {
    /// An envelope for `action`, with `ok` and `type` derived from it.
    ///
    /// # Example
    /// ```
    /// use helpdesk_core::{Action, Envelope};
    /// let env = Envelope::new(Action::ZoneTicketLimitReached, Some(serde_json::json!({"max_tickets": 3})), None);
    /// assert!(env.ok);
    /// ```
    #[must_use]
    pub fn new(action: Action, data: Option<Value>, message: Option<String>) -> Self {
        let (ok, kind) = action.outcome();
        Self { ok, kind, action, data, message, meta: None }
    }
}
