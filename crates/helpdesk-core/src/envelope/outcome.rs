//! Reading the rules' decisions: a create's outcome, a zone's status, the policy in force.

use serde_json::Value;

use super::Action;
use super::read::{receive, ticket_from_wire};
use crate::error::ParseError;
use crate::fields::{id as opt_u64, message};
use crate::policy::Policy;
use crate::ticket::Ticket;

/// The outcome of `POST /api/v1/tickets`, by `action`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CreateOutcome {
    /// `ticket_created`: the new ticket.
    Created(Ticket),
    /// `zone_ticket_limit_reached` (with `ok: true`): nothing was created.
    ZoneLimitReached {
        /// The zone's maximum of active tickets.
        max_tickets: u64,
        /// The server's explanation, if any.
        message: Option<String>,
    },
    /// `service_ticket_limit_reached` (with `ok: true`): the subscriber's line holds its
    /// maximum of active tickets; nothing was created.
    ServiceLimitReached {
        /// The line's maximum of active tickets.
        max_tickets: u64,
        /// The server's explanation, if any.
        message: Option<String>,
    },
    /// `ticket_creation_failed`: what to fix, per field.
    Failed {
        /// The server's summary.
        message: Option<String>,
        /// What is wrong with each field, by field name, in name order.
        errors: Vec<(String, String)>,
        /// For an unknown subject: the closest valid ones.
        closest_subjects: Vec<String>,
    },
}

/// Parse the answer to `POST /api/v1/tickets`, branching on `action` only.
///
/// # Example: a zone at its limit, which comes with `ok: true`
/// ```
/// use helpdesk_core::envelope::{parse_create_response, CreateOutcome};
/// let body = r#"{"ok":true,"type":"info","action":"zone_ticket_limit_reached","data":{"max_tickets":3},"message":null}"#;
/// assert_eq!(parse_create_response(body).unwrap(), CreateOutcome::ZoneLimitReached { max_tickets: 3, message: None });
/// ```
///
/// # Errors
/// [`ParseError`] for any other action or an unusable body.
pub fn parse_create_response(body: &str) -> Result<CreateOutcome, ParseError> {
    let r = receive(body)?;
    match Action::from_wire(&r.action) {
        Some(Action::TicketCreated) => ticket_from_wire(&r.data).map(CreateOutcome::Created),
        Some(action @ (Action::ZoneTicketLimitReached | Action::ServiceTicketLimitReached)) => {
            let Value::Object(data) = &r.data else { return Err(ParseError::MissingField("data")) };
            let max_tickets = opt_u64(data, "max_tickets")?.ok_or(ParseError::MissingField("max_tickets"))?;
            Ok(if action == Action::ZoneTicketLimitReached {
                CreateOutcome::ZoneLimitReached { max_tickets, message: r.message }
            } else {
                CreateOutcome::ServiceLimitReached { max_tickets, message: r.message }
            })
        }
        Some(Action::TicketCreationFailed) => {
            let errors = r
                .data
                .get("errors")
                .and_then(Value::as_object)
                .map(|e| e.iter().filter_map(|(field, v)| Some((field.clone(), message(v)?))).collect())
                .unwrap_or_default();
            let closest_subjects = r
                .data
                .get("closest_subjects")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(Value::as_str).map(str::to_owned).collect())
                .unwrap_or_default();
            Ok(CreateOutcome::Failed { message: r.message, errors, closest_subjects })
        }
        _ => Err(r.rejected()),
    }
}

/// Whether a zone takes new tickets (`zone_status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ZoneStatus {
    /// The zone holds its maximum of active tickets.
    pub is_blocked: bool,
    /// The zone's maximum of active tickets.
    pub max_tickets: u64,
    /// The zone has a known outage (`data.outage`), which a full zone is usually full of.
    pub outage: bool,
}

/// Parse the answer to `GET /api/v1/tickets/zone-blocked/{zone_id}`.
///
/// # Example
/// ```
/// use helpdesk_core::envelope::{ZoneStatus, parse_zone_status};
/// let body = r#"{"action":"zone_status","data":{"is_blocked":false,"max_tickets":3}}"#;
/// assert_eq!(parse_zone_status(body).unwrap(), ZoneStatus { is_blocked: false, max_tickets: 3, outage: false });
/// let body = r#"{"action":"zone_status","data":{"is_blocked":true,"max_tickets":3,"outage":{"outage_id":1}}}"#;
/// assert!(parse_zone_status(body).unwrap().outage);
/// ```
///
/// # Errors
/// [`ParseError`] for any other action or an unusable body.
pub fn parse_zone_status(body: &str) -> Result<ZoneStatus, ParseError> {
    let r = receive(body)?;
    if Action::from_wire(&r.action) != Some(Action::ZoneStatus) {
        return Err(r.rejected());
    }
    let blocked = r.data.get("is_blocked").and_then(Value::as_bool).ok_or(ParseError::MissingField("is_blocked"))?;
    let Value::Object(data) = &r.data else { return Err(ParseError::MissingField("data")) };
    let max_tickets = opt_u64(data, "max_tickets")?.ok_or(ParseError::MissingField("max_tickets"))?;
    Ok(ZoneStatus { is_blocked: blocked, max_tickets, outage: data.get("outage").is_some_and(Value::is_object) })
}

/// The rules in force as `GET /api/v1/policy` gives them, with the caller's own zone and key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyForCaller {
    /// The rules.
    pub policy: Policy,
    /// The subscriber's zone, when the caller is a subscriber.
    pub zone_id: Option<u64>,
    /// The subscriber's opaque key (the same for all its tokens, 32 hex digits), when the
    /// caller is a subscriber and the server gives one.
    pub subscriber_key: Option<String>,
    /// What the server lets a subscriber do besides reading and opening tickets (a gateway
    /// offers only what its back office's API can do).
    pub operations: Operations,
}

/// What a subscriber may do to a ticket on this server. Each is offered unless the server
/// says it is not (an older server says nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operations {
    /// Reply to a ticket.
    pub reply: bool,
    /// Close a ticket.
    pub close: bool,
}

impl Default for Operations {
    fn default() -> Self {
        Self { reply: true, close: true }
    }
}

/// Parse the answer to `GET /api/v1/policy`.
///
/// # Example
/// ```
/// let body = r#"{"action":"policy","data":{"max_tickets":5,"subscriber":{"service_id":100,"zone_id":2,"key":"5f0c"}}}"#;
/// let in_force = helpdesk_core::envelope::parse_policy_response(body).unwrap();
/// assert_eq!((in_force.policy.zone.max_tickets, in_force.zone_id), (5, Some(2)));
/// assert_eq!(in_force.subscriber_key.as_deref(), Some("5f0c"));
/// assert!(in_force.operations.reply, "offered unless the server says not");
/// let gateway = r#"{"action":"policy","data":{"max_tickets":5,"operations":{"reply":false,"close":false}}}"#;
/// assert!(!helpdesk_core::envelope::parse_policy_response(gateway).unwrap().operations.close);
/// ```
///
/// # Errors
/// [`ParseError`] for any other action or a policy that does not read.
pub fn parse_policy_response(body: &str) -> Result<PolicyForCaller, ParseError> {
    let r = receive(body)?;
    if Action::from_wire(&r.action) != Some(Action::PolicyInForce) {
        return Err(r.rejected());
    }
    let subscriber = r.data.get("subscriber");
    let zone_id = subscriber.and_then(|s| s.get("zone_id")).and_then(Value::as_u64);
    let subscriber_key = subscriber.and_then(|s| s.get("key")).and_then(Value::as_str).map(str::to_owned);
    let offered =
        |name: &str| r.data.get("operations").and_then(|o| o.get(name)).and_then(Value::as_bool) != Some(false);
    let operations = Operations { reply: offered("reply"), close: offered("close") };
    let policy = Policy::from_json(&r.data).map_err(|reason| ParseError::InvalidField { field: "data", reason })?;
    Ok(PolicyForCaller { policy, zone_id, subscriber_key, operations })
}
