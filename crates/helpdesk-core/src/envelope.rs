//! The envelope of the ticket API (seeds 000/001) and the subscriber extensions.
//!
//! Every response is `{ "ok": bool, "type": "success"|"info"|"error", "action": str,
//! "data": obj|null, "message": str|null, "meta": obj|null }`. Clients branch on
//! [`Action`], never on `ok`: `ticket_not_found` comes with `ok: true`.
//!
//! Parsing is lenient where back ends are sloppy (numbers as strings, missing optional
//! fields, extra keys) and strict where meaning would be lost: malformed input is a
//! [`ParseError`], never a panic.

use std::fmt;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::LOCAL_MINUTE_FORMAT;
use crate::fields::{id as opt_u64, text as opt_text};
use crate::ticket::{Author, Message, Priority, Status, Thread, Ticket, TicketId};
use crate::time::parse_local;

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
    /// `policy`: `data` holds the rules in force (a serialised `Policy`).
    PolicyInForce,
    /// `unauthorized`: missing, unknown or expired credentials.
    Unauthorized,
    /// `forbidden`: the credentials do not allow this.
    Forbidden,
    /// `invalid_request`: the request itself is malformed.
    InvalidRequest,
    /// `route_not_found`: no such endpoint.
    RouteNotFound,
    /// `internal_error`: the server failed; the message carries no detail.
    InternalError,
}

impl Action {
    const ALL: [Self; 19] = [
        Self::TicketFound,
        Self::TicketNotFound,
        Self::TicketCreated,
        Self::ZoneTicketLimitReached,
        Self::TicketCreationFailed,
        Self::TicketsListed,
        Self::SubjectsListed,
        Self::ZoneStatus,
        Self::ThreadFound,
        Self::ReplyAdded,
        Self::TicketUpdated,
        Self::UpdateFailed,
        Self::TokenIssued,
        Self::PolicyInForce,
        Self::Unauthorized,
        Self::Forbidden,
        Self::InvalidRequest,
        Self::RouteNotFound,
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
            Self::TicketCreationFailed => "ticket_creation_failed",
            Self::TicketsListed => "tickets_listed",
            Self::SubjectsListed => "subjects_listed",
            Self::ZoneStatus => "zone_status",
            Self::ThreadFound => "thread_found",
            Self::ReplyAdded => "reply_added",
            Self::TicketUpdated => "ticket_updated",
            Self::UpdateFailed => "update_failed",
            Self::TokenIssued => "token_issued",
            Self::PolicyInForce => "policy",
            Self::Unauthorized => "unauthorized",
            Self::Forbidden => "forbidden",
            Self::InvalidRequest => "invalid_request",
            Self::RouteNotFound => "route_not_found",
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
            | Self::PolicyInForce => (true, EnvelopeKind::Success),
            Self::TicketNotFound | Self::ZoneTicketLimitReached => (true, EnvelopeKind::Info),
            Self::TicketCreationFailed
            | Self::UpdateFailed
            | Self::Unauthorized
            | Self::Forbidden
            | Self::InvalidRequest
            | Self::RouteNotFound
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

/// The ticket as the envelope API writes it in `data`.
///
/// # Example
/// ```
/// use helpdesk_core::{envelope::ticket_to_wire, Priority, PriorityLevel, Status, Ticket};
/// let t = Ticket {
///     id: 50,
///     subject: "No Tiene Internet".into(),
///     status: Status::from_label("Abierto"),
///     priority: Priority::of(PriorityLevel::High),
///     created_at: "2026-02-26T10:00:00".parse().unwrap(),
///     end_date: Some("2026-03-03T10:00:00".parse().unwrap()),
///     answer: None,
/// };
/// let wire = ticket_to_wire(&t);
/// assert_eq!(wire["priority"], "3");
/// assert_eq!(wire["end_date"], "2026-03-03 10:00");
/// ```
#[must_use]
pub fn ticket_to_wire(ticket: &Ticket) -> Value {
    let mut m = Map::new();
    m.insert("ticket_id".into(), ticket.id.into());
    m.insert("subject".into(), ticket.subject.clone().into());
    m.insert("created_at".into(), format_local(ticket.created_at).into());
    m.insert("end_date".into(), ticket.end_date.map(format_local).map_or(Value::Null, Value::String));
    m.insert("status_ticket".into(), ticket.status.label.clone().into());
    m.insert("priority".into(), ticket.priority.label.clone().into());
    m.insert("answer_text".into(), ticket.answer.clone().map_or(Value::Null, Value::String));
    Value::Object(m)
}

fn format_local(t: NaiveDateTime) -> String {
    t.format(LOCAL_MINUTE_FORMAT).to_string()
}

/// What went wrong reading a response. Never a panic.
///
/// # Example
/// ```
/// use helpdesk_core::{envelope::parse_ticket_response, ParseError};
/// assert!(matches!(parse_ticket_response("<html>"), Err(ParseError::NotJson(_))));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// The body is not JSON (an HTML error page, an empty body, truncated text...).
    NotJson(String),
    /// The body is JSON but not an envelope.
    NotAnEnvelope(&'static str),
    /// The server answered with an action that does not fit the request; its message is kept.
    Rejected {
        /// The action received.
        action: String,
        /// The server's message, if any.
        message: Option<String>,
    },
    /// A required field is missing or null.
    MissingField(&'static str),
    /// A field is present but unusable.
    InvalidField {
        /// The field's name.
        field: &'static str,
        /// Why it is unusable.
        reason: String,
    },
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotJson(e) => write!(f, "the response is not JSON: {e}"),
            Self::NotAnEnvelope(why) => write!(f, "the response is not an envelope: {why}"),
            Self::Rejected { action, message } => match message {
                Some(m) => write!(f, "the server answered {action}: {m}"),
                None => write!(f, "the server answered {action}"),
            },
            Self::MissingField(field) => write!(f, "the field {field} is missing"),
            Self::InvalidField { field, reason } => {
                write!(f, "the field {field} is invalid: {reason}")
            }
        }
    }
}

impl std::error::Error for ParseError {}

/// The outcome of `GET /api/v1/tickets/{id}`.
///
/// # Example
/// ```
/// use helpdesk_core::{envelope::parse_ticket_response, TicketLookup};
/// let body = r#"{"action":"ticket_not_found","data":null}"#;
/// assert_eq!(parse_ticket_response(body).unwrap(), TicketLookup::NotFound);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TicketLookup {
    /// `ticket_found`.
    Found(Ticket),
    /// `ticket_not_found` (which comes with `ok: true`).
    NotFound,
}

/// One page of a subscriber's tickets (`tickets_listed`).
///
/// # Example
/// ```
/// use helpdesk_core::envelope::parse_ticket_list_response;
/// let body = r#"{"action":"tickets_listed","data":{"tickets":[],"total":0}}"#;
/// assert_eq!(parse_ticket_list_response(body).unwrap().page, 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TicketPage {
    /// The tickets on this page, newest first.
    pub tickets: Vec<Ticket>,
    /// How many tickets match in all.
    pub total: u64,
    /// This page's number, from 1.
    pub page: u64,
    /// Page size.
    pub per_page: u64,
}

/// A parsed envelope: the action received and its raw parts.
struct Received {
    action: String,
    data: Value,
    message: Option<String>,
}

fn receive(body: &str) -> Result<Received, ParseError> {
    let value = crate::json::parse(body).map_err(ParseError::NotJson)?;
    let Value::Object(mut obj) = value else {
        return Err(ParseError::NotAnEnvelope("not a JSON object"));
    };
    let Some(Value::String(action)) = obj.remove("action") else {
        return Err(ParseError::NotAnEnvelope("no action"));
    };
    let message = match obj.remove("message") {
        Some(Value::String(m)) => Some(m),
        _ => None,
    };
    let data = obj.remove("data").unwrap_or(Value::Null);
    Ok(Received { action, data, message })
}

impl Received {
    fn rejected(self) -> ParseError {
        ParseError::Rejected { action: self.action, message: self.message }
    }
}

/// Parse the answer to `GET /api/v1/tickets/{id}` (or any answer carrying one ticket:
/// `ticket_created`, `ticket_updated`), branching on `action`.
///
/// # Example: the seed's answer, and the not-found case that comes with `ok: true`
/// ```
/// use helpdesk_core::{envelope::parse_ticket_response, TicketLookup};
/// let found = r#"{"ok":true,"type":"success","action":"ticket_found","data":{"ticket_id":50,
///   "subject":"Internet Lento","created_at":"2026-02-26 10:00","end_date":"2026-03-03 10:00",
///   "status_ticket":"Abierto","priority":"2","answer_text":null},"message":null,"meta":null}"#;
/// let TicketLookup::Found(t) = parse_ticket_response(found).unwrap() else { panic!() };
/// assert_eq!(t.id, 50);
/// let missing = r#"{"ok":true,"type":"info","action":"ticket_not_found","data":null}"#;
/// assert_eq!(parse_ticket_response(missing).unwrap(), TicketLookup::NotFound);
/// ```
///
/// # Errors
/// [`ParseError`] when the body is not an envelope, carries another action, or the ticket
/// lacks a required field.
pub fn parse_ticket_response(body: &str) -> Result<TicketLookup, ParseError> {
    let r = receive(body)?;
    match Action::from_wire(&r.action) {
        Some(Action::TicketFound | Action::TicketCreated | Action::TicketUpdated) => {
            ticket_from_wire(&r.data).map(TicketLookup::Found)
        }
        Some(Action::TicketNotFound) => Ok(TicketLookup::NotFound),
        _ => Err(r.rejected()),
    }
}

/// Parse the answer to `GET /api/v1/tickets` (the subscriber's list).
///
/// # Example
/// ```
/// use helpdesk_core::envelope::parse_ticket_list_response;
/// let body = r#"{"ok":true,"type":"success","action":"tickets_listed",
///   "data":{"tickets":[],"total":0,"page":1,"per_page":20}}"#;
/// assert!(parse_ticket_list_response(body).unwrap().tickets.is_empty());
/// ```
///
/// # Errors
/// [`ParseError`] when the body is not a `tickets_listed` envelope or a ticket is unusable.
pub fn parse_ticket_list_response(body: &str) -> Result<TicketPage, ParseError> {
    let r = receive(body)?;
    if Action::from_wire(&r.action) != Some(Action::TicketsListed) {
        return Err(r.rejected());
    }
    let Value::Object(data) = &r.data else {
        return Err(ParseError::MissingField("data"));
    };
    let tickets = match data.get("tickets") {
        Some(Value::Array(items)) => items.iter().map(ticket_from_wire).collect::<Result<Vec<_>, _>>()?,
        Some(Value::Null) | None => return Err(ParseError::MissingField("tickets")),
        Some(_) => {
            return Err(ParseError::InvalidField { field: "tickets", reason: "not a list".into() });
        }
    };
    let count = tickets.len() as u64;
    Ok(TicketPage {
        total: opt_u64(data, "total")?.unwrap_or(count),
        page: opt_u64(data, "page")?.unwrap_or(1),
        per_page: opt_u64(data, "per_page")?.unwrap_or(count),
        tickets,
    })
}

/// Read one ticket from the envelope's `data` object.
///
/// Lenient: `ticket_id` and `priority` may be numbers or strings; `end_date` and
/// `answer_text` may be missing or null; unknown keys are ignored. Dates may carry seconds
/// or a `T` separator.
///
/// # Errors
/// [`ParseError::MissingField`] or [`ParseError::InvalidField`] when a required field is
/// unusable.
///
/// # Example
/// ```
/// use helpdesk_core::envelope::ticket_from_wire;
/// let data = serde_json::json!({"ticket_id": "7", "subject": "Internet Lento", "created_at": "2026-01-02 08:00"});
/// assert_eq!(ticket_from_wire(&data).unwrap().id, 7);
/// ```
pub fn ticket_from_wire(data: &Value) -> Result<Ticket, ParseError> {
    let Value::Object(obj) = data else {
        return Err(ParseError::MissingField("data"));
    };
    let id = opt_u64(obj, "ticket_id")?.ok_or(ParseError::MissingField("ticket_id"))?;
    let subject = opt_text(obj, "subject")?.ok_or(ParseError::MissingField("subject"))?;
    let status = opt_text(obj, "status_ticket")?.unwrap_or_default();
    let priority = opt_text(obj, "priority")?.unwrap_or_default();
    let created_at = opt_text(obj, "created_at")?.ok_or(ParseError::MissingField("created_at"))?;
    let end_date =
        opt_text(obj, "end_date")?.filter(|s| !s.trim().is_empty()).map(|s| parse_local("end_date", &s)).transpose()?;
    Ok(Ticket {
        id,
        subject,
        status: Status::from_label(&status),
        priority: Priority::from_label(&priority),
        created_at: parse_local("created_at", &created_at)?,
        end_date,
        answer: opt_text(obj, "answer_text")?.filter(|s| !s.trim().is_empty()),
    })
}

/// Convenience for servers: the `data` of a `ticket_found` envelope.
///
/// # Example
/// ```
/// use helpdesk_core::{envelope, Action};
/// let env = envelope::ticket_not_found(7);
/// assert_eq!(env.action, Action::TicketNotFound);
/// ```
#[must_use]
pub fn ticket_not_found(id: TicketId) -> Envelope {
    Envelope::new(Action::TicketNotFound, None, Some(format!("No ticket exists with id {id}.")))
}

/// A thread as the envelope API writes it in `data`: the ticket and its public messages.
///
/// # Example
/// ```
/// use helpdesk_core::envelope::{parse_thread_response, thread_to_wire};
/// use helpdesk_core::{Action, Envelope, Priority, PriorityLevel, Status, Thread, Ticket};
/// let ticket = Ticket {
///     id: 9, subject: "Internet Lento".into(), status: Status::from_label("Abierto"),
///     priority: Priority::of(PriorityLevel::Normal), created_at: "2026-03-02T08:00:00".parse().unwrap(),
///     end_date: None, answer: None,
/// };
/// let thread = Thread { ticket, number: None, messages: vec![] };
/// let env = Envelope::new(Action::ThreadFound, Some(thread_to_wire(&thread)), None);
/// let back = parse_thread_response(&serde_json::to_string(&env).unwrap()).unwrap();
/// assert_eq!(back, thread);
/// ```
#[must_use]
pub fn thread_to_wire(thread: &Thread) -> Value {
    let messages: Vec<Value> = thread
        .messages
        .iter()
        .map(|m| {
            serde_json::json!({
                "message_id": m.id,
                "author": match m.author { Author::Subscriber => "subscriber", Author::Staff => "staff" },
                "name": m.name,
                "text": m.text,
                "created_at": format_local(m.date),
            })
        })
        .collect();
    serde_json::json!({ "ticket": ticket_to_wire(&thread.ticket), "number": thread.number, "messages": messages })
}

/// Parse a `thread_found` (or `reply_added`) answer.
///
/// # Example
/// ```
/// use helpdesk_core::envelope::parse_thread_response;
/// let denied = r#"{"ok":false,"type":"error","action":"unauthorized","data":null,"message":"no"}"#;
/// assert!(parse_thread_response(denied).is_err());
/// ```
///
/// # Errors
/// [`ParseError`] when the body is not such an envelope or a message is unusable.
pub fn parse_thread_response(body: &str) -> Result<Thread, ParseError> {
    let r = receive(body)?;
    if !matches!(Action::from_wire(&r.action), Some(Action::ThreadFound | Action::ReplyAdded)) {
        return Err(r.rejected());
    }
    let Value::Object(data) = &r.data else {
        return Err(ParseError::MissingField("data"));
    };
    let ticket = ticket_from_wire(data.get("ticket").unwrap_or(&Value::Null))?;
    let messages = match data.get("messages") {
        Some(Value::Array(items)) => items
            .iter()
            .map(|m| {
                let Value::Object(m) = m else {
                    return Err(ParseError::InvalidField { field: "messages", reason: "not an object".into() });
                };
                let author = match opt_text(m, "author")?.as_deref() {
                    Some("staff") => Author::Staff,
                    Some("subscriber") => Author::Subscriber,
                    _ => {
                        return Err(ParseError::InvalidField {
                            field: "author",
                            reason: "not staff or subscriber".into(),
                        });
                    }
                };
                let created = opt_text(m, "created_at")?.ok_or(ParseError::MissingField("created_at"))?;
                Ok(Message {
                    id: opt_u64(m, "message_id")?.unwrap_or_default(),
                    author,
                    name: opt_text(m, "name")?.unwrap_or_default(),
                    date: parse_local("created_at", &created)?,
                    text: opt_text(m, "text")?.unwrap_or_default(),
                })
            })
            .collect::<Result<Vec<_>, _>>()?,
        None | Some(Value::Null) => Vec::new(),
        Some(_) => return Err(ParseError::InvalidField { field: "messages", reason: "not a list".into() }),
    };
    Ok(Thread { ticket, number: opt_text(data, "number")?, messages })
}

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
        Some(Action::ZoneTicketLimitReached) => {
            let Value::Object(data) = &r.data else { return Err(ParseError::MissingField("data")) };
            let max_tickets = opt_u64(data, "max_tickets")?.ok_or(ParseError::MissingField("max_tickets"))?;
            Ok(CreateOutcome::ZoneLimitReached { max_tickets, message: r.message })
        }
        Some(Action::TicketCreationFailed) => {
            let errors = r
                .data
                .get("errors")
                .and_then(Value::as_object)
                .map(|e| e.iter().filter_map(|(field, v)| Some((field.clone(), crate::fields::message(v)?))).collect())
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

/// Parse the answer to `GET /api/v1/tickets/zone-blocked/{zone_id}`: `(is_blocked, max_tickets)`.
///
/// # Example
/// ```
/// let body = r#"{"action":"zone_status","data":{"is_blocked":false,"max_tickets":3}}"#;
/// assert_eq!(helpdesk_core::envelope::parse_zone_status(body).unwrap(), (false, 3));
/// ```
///
/// # Errors
/// [`ParseError`] for any other action or an unusable body.
pub fn parse_zone_status(body: &str) -> Result<(bool, u64), ParseError> {
    let r = receive(body)?;
    if Action::from_wire(&r.action) != Some(Action::ZoneStatus) {
        return Err(r.rejected());
    }
    let blocked = r.data.get("is_blocked").and_then(Value::as_bool).ok_or(ParseError::MissingField("is_blocked"))?;
    let Value::Object(data) = &r.data else { return Err(ParseError::MissingField("data")) };
    Ok((blocked, opt_u64(data, "max_tickets")?.ok_or(ParseError::MissingField("max_tickets"))?))
}

/// The rules in force as `GET /api/v1/policy` gives them, with the caller's own zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyAnswer {
    /// The rules.
    pub policy: crate::policy::Policy,
    /// The subscriber's zone, when the caller is a subscriber.
    pub zone_id: Option<u64>,
}

/// Parse the answer to `GET /api/v1/policy`.
///
/// # Example
/// ```
/// let body = r#"{"action":"policy","data":{"max_tickets":5,"subscriber":{"service_id":100,"zone_id":2}}}"#;
/// let answer = helpdesk_core::envelope::parse_policy_response(body).unwrap();
/// assert_eq!((answer.policy.zone.max_tickets, answer.zone_id), (5, Some(2)));
/// ```
///
/// # Errors
/// [`ParseError`] for any other action or a policy that does not read.
pub fn parse_policy_response(body: &str) -> Result<PolicyAnswer, ParseError> {
    let r = receive(body)?;
    if Action::from_wire(&r.action) != Some(Action::PolicyInForce) {
        return Err(r.rejected());
    }
    let zone_id = r.data.get("subscriber").and_then(|s| s.get("zone_id")).and_then(Value::as_u64);
    let policy = crate::policy::Policy::from_json(&r.data)
        .map_err(|reason| ParseError::InvalidField { field: "data", reason })?;
    Ok(PolicyAnswer { policy, zone_id })
}
