//! What a subscriber should hear of, as the stores keep it: events written in the transaction
//! of the change they tell (a ticket created through the gateway, a staff answer, a status
//! change), their deliveries to the ISP's webhook endpoints, and whether a subscriber has
//! seen what staff did on a ticket.
//!
//! An event's body is rendered once, when it is written, so every delivery and every retry
//! sends the same bytes under the same event id. Deliveries are created per endpoint by
//! [`Notifications::fan_out`] (the endpoints are configuration, not data) and go through
//! the same lease, backoff and retry as the back-office outbox.

use chrono::{DateTime, SecondsFormat, Utc};
use helpdesk_core::{StatusKind, TicketId};
use serde_json::json;

use super::{StoreError, StoreFuture};

/// How long a delivered event is kept before it is forgotten.
pub const EVENT_RETENTION_DAYS: i64 = 7;

/// What happened to a ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    /// Opened through the gateway (by its subscriber or by staff).
    Created,
    /// Staff answered publicly.
    Answered,
    /// Its status changed.
    StatusChanged,
}

impl EventKind {
    /// The event's `type`, as webhooks name it.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Created => "ticket.created",
            Self::Answered => "ticket.answered",
            Self::StatusChanged => "ticket.status_changed",
        }
    }
}

/// Who made a change: only what staff do is news to the subscriber.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    /// The ticket's subscriber.
    Subscriber,
    /// Staff (or the back office, as the mirror reads it).
    Staff,
}

/// The ticket an event is about, as the store reads it inside the change's transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventTicket {
    /// The local ticket id.
    pub id: i64,
    /// Its service (the subscriber line).
    pub service_id: i64,
    /// Its zone.
    pub zone_id: i64,
    /// The catalog subject.
    pub subject: String,
    /// Its status code (after the change).
    pub status: i64,
}

/// One event about to be written: its id, its type and its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvent {
    /// A UUID v4: receivers de-duplicate by it.
    pub id: String,
    /// [`EventKind::name`].
    pub kind: &'static str,
    /// The JSON body, signed and sent as is.
    pub body: String,
}

/// The name of a status code in an event (`in_progress`, `closed`, …).
fn status_name(code: i64) -> String {
    let kind = StatusKind::from_code(code).unwrap_or(StatusKind::Other);
    serde_json::to_value(kind).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

/// A new event of type `kind` with its `data`, rendered at `at` under a new id.
#[must_use]
pub(super) fn event(kind: &'static str, data: serde_json::Value, at: DateTime<Utc>) -> NewEvent {
    let id = uuid::Uuid::new_v4().to_string();
    let body = json!({
        "id": id,
        "type": kind,
        "created_at": at.to_rfc3339_opts(SecondsFormat::Millis, true),
        "data": data,
    });
    NewEvent { id, kind, body: body.to_string() }
}

/// Render the event `kind` about `ticket` at `at`: with the previous status of a status
/// change, and the author and text of an answer.
#[must_use]
pub(super) fn render(
    kind: EventKind,
    ticket: &EventTicket,
    previous_status: Option<i64>,
    answer: Option<(&str, &str)>,
    at: DateTime<Utc>,
) -> NewEvent {
    let mut data = json!({
        "ticket": {
            "id": ticket.id,
            "service_id": ticket.service_id,
            "zone_id": ticket.zone_id,
            "subject": ticket.subject,
            "status": status_name(ticket.status),
        }
    });
    if let Some(previous) = previous_status {
        data["previous_status"] = status_name(previous).into();
    }
    if let Some((author, body)) = answer {
        data["answer"] = json!({ "author": author, "body": body });
    }
    event(kind.name(), data, at)
}

/// An event to deliver to one endpoint, leased to one attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookDelivery {
    /// The event's place in the store's log.
    pub seq: i64,
    /// The endpoint's URL, as configured.
    pub endpoint: String,
    /// The event id (UUID).
    pub event_id: String,
    /// The event type.
    pub kind: String,
    /// The body to sign and send.
    pub body: String,
    /// Attempts before this one.
    pub attempts: u32,
}

/// The notification half of a store, which every [`super::Backend`] also is.
pub trait Notifications: Send + Sync {
    /// Give every event not yet fanned out a delivery to each of `endpoints`, due at `now`,
    /// and forget delivered events older than [`EVENT_RETENTION_DAYS`]. Returns how many
    /// events were fanned out.
    ///
    /// # Errors
    /// On a store failure (nothing is written).
    fn fan_out(&self, endpoints: Vec<String>, now: DateTime<Utc>) -> StoreFuture<'_, u64>;

    /// Up to `limit` webhook deliveries due at `now`, each leased until `lease_until` and
    /// counted as an attempt before it is tried.
    ///
    /// # Errors
    /// On a store failure.
    fn lease_webhooks(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: u32,
    ) -> StoreFuture<'_, Vec<WebhookDelivery>>;

    /// The endpoint acknowledged the event.
    ///
    /// # Errors
    /// On a store failure.
    fn webhook_delivered(&self, seq: i64, endpoint: String) -> StoreFuture<'_, ()>;

    /// A webhook delivery failed with `error`; try it again at `retry_at`.
    ///
    /// # Errors
    /// On a store failure.
    fn webhook_failed(&self, seq: i64, endpoint: String, error: String, retry_at: DateTime<Utc>)
    -> StoreFuture<'_, ()>;

    /// How many webhook deliveries wait.
    ///
    /// # Errors
    /// On a store failure.
    fn webhooks_waiting(&self) -> StoreFuture<'_, u64>;

    /// The subscriber has seen everything staff did on `ticket_id` so far.
    ///
    /// # Errors
    /// On a store failure.
    fn mark_seen(&self, ticket_id: TicketId) -> StoreFuture<'_, ()>;
}

/// An error of a store that lost an event's ticket between the change and the event.
pub(super) fn no_ticket(id: i64) -> StoreError {
    StoreError::from(format!("ticket {id} vanished inside its own transaction"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_body_names_its_id_type_ticket_and_what_changed() {
        let ticket = EventTicket { id: 7, service_id: 3, zone_id: 1, subject: "Internet Lento".into(), status: 4 };
        let at = DateTime::parse_from_rfc3339("2026-12-02T10:00:00Z").expect("date").with_timezone(&Utc);
        let e = render(EventKind::StatusChanged, &ticket, Some(2), None, at);
        let body: serde_json::Value = serde_json::from_str(&e.body).expect("json");
        assert_eq!(body["id"], e.id.as_str());
        assert_eq!(body["type"], "ticket.status_changed");
        assert_eq!(body["created_at"], "2026-12-02T10:00:00.000Z");
        assert_eq!(body["data"]["ticket"]["status"], "closed");
        assert_eq!(body["data"]["previous_status"], "in_progress");
        assert!(body["data"].get("answer").is_none());
        let answered = render(EventKind::Answered, &ticket, None, Some(("Ana", "Revisamos")), at);
        let body: serde_json::Value = serde_json::from_str(&answered.body).expect("json");
        assert_eq!(body["data"]["answer"]["author"], "Ana");
        assert_ne!(answered.id, e.id, "every event has its own id");
    }
}
