//! WHMCS/Keliweb `get-ticket` (seed 002).
//!
//! Numbers arrive as strings (`"ticketid": "1"`), dates as `Y-m-d H:i:s` without a zone.
//! `replies.reply[]` is the thread (`replyid "0"` is the opening message; a non-empty
//! `admin` marks a staff reply); `notes.note[]` are staff-only internal notes, returned in
//! [`WhmcsTicket::staff_notes`] and never in the [`Thread`].

use serde_json::{Map, Value};

use crate::error::ParseError;
use crate::fields::{id, items, object, text};
use crate::ticket::{Author, Message, Priority, PriorityLevel, StaffNote, Status, StatusKind, Thread, Ticket};
use crate::time::parse_local;

/// A WHMCS ticket: the thread a subscriber may see, and the notes only staff may see.
///
/// # Example
/// ```
/// use helpdesk_core::dialect::whmcs::parse_get_ticket;
/// let body = r#"{"result":"success","ticketid":"9","subject":"s","date":"2026-01-02 08:00:00"}"#;
/// assert!(parse_get_ticket(body).unwrap().staff_notes.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct WhmcsTicket {
    /// The ticket and its public thread.
    pub thread: Thread,
    /// Staff-only internal notes. Never show these to a subscriber.
    pub staff_notes: Vec<StaffNote>,
}

/// Parse a `get-ticket` answer.
///
/// # Example: the seed's ticket keeps its note apart
/// ```
/// use helpdesk_core::dialect::whmcs::parse_get_ticket;
/// let body = r#"{"result":"success","ticketid":"1","tid":"516757","subject":"Sample",
///   "status":"Closed","priority":"Medium","date":"2016-01-01 06:26:29",
///   "replies":{"reply":[{"replyid":"0","name":"Cynthia","date":"2016-01-01 06:26:29","message":"Hi","admin":""},
///                        {"replyid":"1","name":"","date":"2016-01-01 06:27:01","message":"Hello","admin":"Demo Admin"}]},
///   "notes":{"note":[{"noteid":"1","date":"2016-01-01 06:26:42","message":"internal","admin":"Demo Admin"}]}}"#;
/// let t = parse_get_ticket(body).unwrap();
/// assert_eq!(t.thread.messages.len(), 2);
/// assert_eq!(t.thread.ticket.answer.as_deref(), Some("Hello"));
/// assert_eq!(t.staff_notes[0].text, "internal");
/// ```
///
/// # Errors
/// [`ParseError`] when the body is not JSON, says `result: error` (its message is kept), or
/// lacks the ticket id, subject or date.
pub fn parse_get_ticket(body: &str) -> Result<WhmcsTicket, ParseError> {
    let obj = object(body)?;
    match text(&obj, "result")?.as_deref() {
        Some("success") => {}
        Some(other) => {
            return Err(ParseError::Rejected { action: other.to_owned(), message: text(&obj, "message")? });
        }
        None => return Err(ParseError::NotAnEnvelope("no result")),
    }
    let messages = items(obj.get("replies").and_then(|r| r.get("reply")))
        .into_iter()
        .map(message)
        .collect::<Result<Vec<_>, _>>()?;
    let staff_notes =
        items(obj.get("notes").and_then(|n| n.get("note"))).into_iter().map(note).collect::<Result<Vec<_>, _>>()?;
    let answer =
        messages.iter().filter(|m| m.author == Author::Staff).max_by_key(|m| (m.date, m.id)).map(|m| m.text.clone());
    let date = text(&obj, "date")?.ok_or(ParseError::MissingField("date"))?;
    let ticket = Ticket {
        id: id(&obj, "ticketid")?.ok_or(ParseError::MissingField("ticketid"))?,
        subject: text(&obj, "subject")?.ok_or(ParseError::MissingField("subject"))?,
        status: Status::from_label(&text(&obj, "status")?.unwrap_or_default()),
        priority: Priority::from_label(&text(&obj, "priority")?.unwrap_or_default()),
        created_at: parse_local("date", &date)?,
        end_date: None,
        answer,
        back_office: None,
        unread: false,
    };
    Ok(WhmcsTicket {
        thread: Thread { ticket, number: text(&obj, "tid")?.filter(|t| !t.is_empty()), messages },
        staff_notes,
    })
}

fn message(m: &Map<String, Value>) -> Result<Message, ParseError> {
    let admin = text(m, "admin")?.unwrap_or_default();
    let (author, name) = if admin.trim().is_empty() {
        (Author::Subscriber, text(m, "name")?.unwrap_or_default())
    } else {
        (Author::Staff, admin)
    };
    let date = text(m, "date")?.ok_or(ParseError::MissingField("date"))?;
    Ok(Message {
        id: id(m, "replyid")?.unwrap_or_default(),
        author,
        name,
        date: parse_local("date", &date)?,
        text: text(m, "message")?.unwrap_or_default(),
    })
}

fn note(n: &Map<String, Value>) -> Result<StaffNote, ParseError> {
    let date = text(n, "date")?.ok_or(ParseError::MissingField("date"))?;
    Ok(StaffNote {
        id: id(n, "noteid")?.unwrap_or_default(),
        admin: text(n, "admin")?.unwrap_or_default(),
        date: parse_local("date", &date)?,
        text: text(n, "message")?.unwrap_or_default(),
    })
}

/// The WHMCS label of a status: the inverse of [`Status::from_label`] on WHMCS's defaults.
///
/// # Example
/// ```
/// use helpdesk_core::{dialect::whmcs::status_label, Status, StatusKind};
/// assert_eq!(status_label(StatusKind::CustomerReply), "Customer-Reply");
/// assert_eq!(Status::from_label(status_label(StatusKind::OnHold)).kind, StatusKind::OnHold);
/// ```
#[must_use]
pub fn status_label(kind: StatusKind) -> &'static str {
    match kind {
        StatusKind::Open | StatusKind::Other => "Open",
        StatusKind::InProgress => "In Progress",
        StatusKind::Answered => "Answered",
        StatusKind::CustomerReply => "Customer-Reply",
        StatusKind::OnHold => "On Hold",
        StatusKind::Resolved | StatusKind::Closed => "Closed",
    }
}

/// The WHMCS label of a priority. WHMCS has three levels: very high is `High`, unknown is
/// `Medium`.
///
/// # Example
/// ```
/// use helpdesk_core::{dialect::whmcs::priority_label, PriorityLevel};
/// assert_eq!(priority_label(Some(PriorityLevel::VeryHigh)), "High");
/// assert_eq!(priority_label(None), "Medium");
/// ```
#[must_use]
pub fn priority_label(level: Option<PriorityLevel>) -> &'static str {
    match level {
        Some(PriorityLevel::Low) => "Low",
        Some(PriorityLevel::High | PriorityLevel::VeryHigh) => "High",
        Some(PriorityLevel::Normal) | None => "Medium",
    }
}
