//! Reading envelopes: the action and its parts, and the answers that carry tickets or a
//! thread.

use serde::Serialize;
use serde_json::Value;

use super::Action;
use crate::error::ParseError;
use crate::fields::{id as opt_u64, text as opt_text};
use crate::ticket::{Author, BackOffice, Message, Priority, Status, Thread, Ticket};
use crate::time::parse_local;

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
pub(super) struct Received {
    pub(super) action: String,
    pub(super) data: Value,
    pub(super) message: Option<String>,
}

pub(super) fn receive(body: &str) -> Result<Received, ParseError> {
    let value = crate::host::parse_json(body).map_err(ParseError::NotJson)?;
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
    pub(super) fn rejected(self) -> ParseError {
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
        back_office: match obj.get("back_office_ticket") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if s == "pending" => Some(BackOffice::Pending),
            Some(_) => opt_u64(obj, "back_office_ticket")?.map(BackOffice::Filed),
        },
        unread: obj.get("unread").and_then(Value::as_bool).unwrap_or(false),
    })
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
