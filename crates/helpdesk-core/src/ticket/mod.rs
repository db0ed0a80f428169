//! The normalised ticket model shared by every back-end dialect.
//!
//! Each back office labels statuses and priorities its own way (`"Abierto"`, `"Open"`,
//! `"Customer-Reply"`, `"3"`, `"Alta"`, `"Medium"`...). The model keeps the back end's own
//! label for display and adds a normalised kind that the rules and the UI can branch on.

mod priority;
mod status;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

pub use priority::{Priority, PriorityLevel};
pub use status::{Status, StatusGroup, StatusKind};

/// A ticket's identifier in the back office.
///
/// # Example
/// ```
/// let id: helpdesk_core::TicketId = 50;
/// assert_eq!(id, 50_u64);
/// ```
pub type TicketId = u64;

/// A support ticket, normalised across back-end dialects.
///
/// # Example
/// ```
/// use helpdesk_core::{Priority, Status, StatusKind, Ticket};
/// let t = Ticket {
///     id: 50,
///     subject: "Internet Lento".into(),
///     status: Status::from_label("Abierto"),
///     priority: Priority::from_label("2"),
///     created_at: "2026-02-26T10:00:00".parse().unwrap(),
///     end_date: None,
///     answer: None,
///     back_office: None,
///     unread: false,
/// };
/// assert_eq!(t.status.kind, StatusKind::Open);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ticket {
    /// Identifier in the back office.
    pub id: TicketId,
    /// The subject, as the back end stores it.
    pub subject: String,
    /// Current status.
    pub status: Status,
    /// Priority.
    pub priority: Priority,
    /// When the ticket was opened, in the ISP's local time.
    pub created_at: NaiveDateTime,
    /// Estimated (or actual) resolution date, in the ISP's local time, when known.
    pub end_date: Option<NaiveDateTime>,
    /// The latest staff answer, when there is one.
    pub answer: Option<String>,
    /// Where the ticket stands in the ISP's back office, when the helpdesk runs in front of
    /// one (absent otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub back_office: Option<BackOffice>,
    /// Staff answered it or changed its status since its subscriber last opened it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unread: bool,
}

/// A ticket in the ISP's back office (WispHub), as the gateway knows it.
///
/// # Example
/// ```
/// use helpdesk_core::BackOffice;
/// assert_eq!(serde_json::to_string(&BackOffice::Filed(123)).unwrap(), r#"{"filed":123}"#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BackOffice {
    /// On its way: the gateway holds it and delivers it as soon as the back office takes it.
    Pending,
    /// In the back office, under this ticket number.
    Filed(u64),
}

/// Who wrote a message of a thread.
///
/// # Example
/// ```
/// use helpdesk_core::Author;
/// assert_eq!(serde_json::to_string(&Author::Staff).unwrap(), "\"staff\"");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Author {
    /// The subscriber.
    Subscriber,
    /// The ISP's staff.
    Staff,
}

/// One message of a ticket's public thread.
///
/// # Example
/// ```
/// use helpdesk_core::{Author, Message};
/// let m = Message { id: 0, author: Author::Subscriber, name: "Ana".into(), date: "2026-01-02T08:00:00".parse().unwrap(), text: "Sin señal".into() };
/// assert_eq!(m.author, Author::Subscriber);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    /// The back end's id of the message (0 for the opening message in WHMCS).
    pub id: u64,
    /// Who wrote it.
    pub author: Author,
    /// The author's display name, possibly empty.
    pub name: String,
    /// When it was written, in the back end's local time.
    pub date: NaiveDateTime,
    /// The text, to be shown as text (never as HTML).
    pub text: String,
}

/// A staff-only internal note. There is deliberately no way to put one into a [`Thread`].
///
/// # Example
/// ```
/// use helpdesk_core::dialect::whmcs::parse_get_ticket;
/// let body = r#"{"result":"success","ticketid":"1","subject":"s","date":"2026-01-02 08:00:00",
///   "notes":{"note":{"noteid":"3","date":"2026-01-02 09:00:00","message":"cliente moroso","admin":"Ana"}}}"#;
/// let t = parse_get_ticket(body).unwrap();
/// assert_eq!((t.staff_notes[0].id, t.thread.messages.len()), (3, 0));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffNote {
    /// The back end's id of the note.
    pub id: u64,
    /// The staff member who wrote it.
    pub admin: String,
    /// When.
    pub date: NaiveDateTime,
    /// The note.
    pub text: String,
}

/// A ticket with the thread a subscriber may read.
///
/// # Example
/// ```
/// use helpdesk_core::dialect::whmcs::parse_get_ticket;
/// let body = r#"{"result":"success","ticketid":"1","tid":"ABC-1","subject":"s","date":"2026-01-02 08:00:00"}"#;
/// assert_eq!(parse_get_ticket(body).unwrap().thread.number.as_deref(), Some("ABC-1"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Thread {
    /// The ticket.
    pub ticket: Ticket,
    /// The number shown to users, when the back end has one (WHMCS `tid`).
    pub number: Option<String>,
    /// The messages, in the order the back end gave them.
    pub messages: Vec<Message>,
}
