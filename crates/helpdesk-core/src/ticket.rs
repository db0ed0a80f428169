//! The normalised ticket model shared by every back-end dialect.
//!
//! Each back office labels statuses and priorities its own way (`"Abierto"`, `"Open"`,
//! `"Customer-Reply"`, `"3"`, `"Alta"`, `"Medium"`...). The model keeps the back end's own
//! label for display and adds a normalised kind that the rules and the UI can branch on.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

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
}

/// The normalised meaning of a status label.
///
/// # Example
/// ```
/// use helpdesk_core::{Status, StatusKind};
/// assert_eq!(Status::from_label("On Hold").kind, StatusKind::OnHold);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusKind {
    /// New, awaiting action (`1`, `Abierto`, `Nuevo`, `Open`).
    Open,
    /// A technician is on it (`2`, `En Progreso`, `In Progress`).
    InProgress,
    /// Staff answered; waiting on the subscriber (WHMCS `Answered`).
    Answered,
    /// The subscriber replied; waiting on staff (WHMCS `Customer-Reply`).
    CustomerReply,
    /// Paused (WHMCS `On Hold`).
    OnHold,
    /// Solved, not yet closed (`3`, `Resuelto`, `Resolved`).
    Resolved,
    /// Closed (`4`, `Cerrado`, `Closed`).
    Closed,
    /// A label this crate does not know; the label is kept for display.
    Other,
}

/// The three groups a subscriber filters by.
///
/// # Example
/// ```
/// use helpdesk_core::{StatusGroup, StatusKind};
/// assert_eq!(StatusKind::Answered.group(), StatusGroup::InProgress);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusGroup {
    /// Waiting for the ISP to start.
    Open,
    /// Being worked on, or waiting on one side.
    InProgress,
    /// Resolved or closed.
    Closed,
}

impl StatusKind {
    /// The filter group of this status.
    ///
    /// # Example
    /// ```
    /// use helpdesk_core::{StatusGroup, StatusKind};
    /// assert_eq!(StatusKind::Resolved.group(), StatusGroup::Closed);
    /// assert_eq!(StatusKind::OnHold.group(), StatusGroup::InProgress);
    /// ```
    #[must_use]
    pub fn group(self) -> StatusGroup {
        match self {
            Self::Open | Self::Other => StatusGroup::Open,
            Self::InProgress | Self::Answered | Self::CustomerReply | Self::OnHold => StatusGroup::InProgress,
            Self::Resolved | Self::Closed => StatusGroup::Closed,
        }
    }

    /// The numeric state code of the envelope API (WispHub: 1 new, 2 in progress,
    /// 3 resolved, 4 closed).
    ///
    /// # Example
    /// ```
    /// use helpdesk_core::StatusKind;
    /// assert_eq!(StatusKind::Closed.code(), 4);
    /// ```
    #[must_use]
    pub fn code(self) -> u8 {
        match self {
            Self::Open | Self::Other => 1,
            Self::InProgress | Self::Answered | Self::CustomerReply | Self::OnHold => 2,
            Self::Resolved => 3,
            Self::Closed => 4,
        }
    }

    /// The kind for a numeric state code, if the code is known.
    ///
    /// # Example
    /// ```
    /// use helpdesk_core::StatusKind;
    /// assert_eq!(StatusKind::from_code(2), Some(StatusKind::InProgress));
    /// assert_eq!(StatusKind::from_code(9), None);
    /// ```
    #[must_use]
    pub fn from_code(code: i64) -> Option<Self> {
        match code {
            1 => Some(Self::Open),
            2 => Some(Self::InProgress),
            3 => Some(Self::Resolved),
            4 => Some(Self::Closed),
            _ => None,
        }
    }
}

/// A status: the normalised kind and the back end's own label.
///
/// # Example
/// ```
/// let s = helpdesk_core::Status::from_label("Cerrado");
/// assert_eq!(s.label, "Cerrado");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Status {
    /// Normalised meaning.
    pub kind: StatusKind,
    /// The back end's own label, for display.
    pub label: String,
}

impl Status {
    /// Normalise a back end's status label (or numeric code as text).
    ///
    /// Matching ignores case and surrounding spaces; an unknown label becomes
    /// [`StatusKind::Other`] and is kept.
    ///
    /// # Example
    /// ```
    /// use helpdesk_core::{Status, StatusKind};
    /// assert_eq!(Status::from_label("En Progreso").kind, StatusKind::InProgress);
    /// assert_eq!(Status::from_label("Customer-Reply").kind, StatusKind::CustomerReply);
    /// let odd = Status::from_label("Esperando repuesto");
    /// assert_eq!((odd.kind, odd.label.as_str()), (StatusKind::Other, "Esperando repuesto"));
    /// ```
    #[must_use]
    pub fn from_label(label: &str) -> Self {
        // Every known label is ASCII, so ASCII case folding decides as full folding would.
        let key = label.trim().to_ascii_lowercase();
        let kind = match key.as_str() {
            "1" | "abierto" | "abierta" | "nuevo" | "nueva" | "open" | "new" | "aperto" => StatusKind::Open,
            "2" | "en progreso" | "en proceso" | "in progress" | "in-progress" | "in corso" => StatusKind::InProgress,
            "answered" | "respondido" | "risposto" => StatusKind::Answered,
            "customer-reply" | "customer reply" => StatusKind::CustomerReply,
            "on hold" | "on-hold" | "en espera" | "in attesa" => StatusKind::OnHold,
            "3" | "resuelto" | "resolved" | "risolto" => StatusKind::Resolved,
            "4" | "cerrado" | "closed" | "chiuso" => StatusKind::Closed,
            _ => StatusKind::Other,
        };
        Self { kind, label: label.trim().to_owned() }
    }
}

/// The four priority levels of the subject catalog.
///
/// # Example
/// ```
/// use helpdesk_core::PriorityLevel;
/// assert!(PriorityLevel::VeryHigh > PriorityLevel::Low);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PriorityLevel {
    /// 1, Baja.
    Low,
    /// 2, Normal.
    Normal,
    /// 3, Alta.
    High,
    /// 4, Muy Alta.
    VeryHigh,
}

impl PriorityLevel {
    /// The numeric level, 1..=4.
    ///
    /// # Example
    /// ```
    /// assert_eq!(helpdesk_core::PriorityLevel::VeryHigh.number(), 4);
    /// ```
    #[must_use]
    pub fn number(self) -> u8 {
        match self {
            Self::Low => 1,
            Self::Normal => 2,
            Self::High => 3,
            Self::VeryHigh => 4,
        }
    }

    /// The level for a number 1..=4.
    ///
    /// # Example
    /// ```
    /// use helpdesk_core::PriorityLevel;
    /// assert_eq!(PriorityLevel::from_number(3), Some(PriorityLevel::High));
    /// assert_eq!(PriorityLevel::from_number(0), None);
    /// ```
    #[must_use]
    pub fn from_number(n: i64) -> Option<Self> {
        match n {
            1 => Some(Self::Low),
            2 => Some(Self::Normal),
            3 => Some(Self::High),
            4 => Some(Self::VeryHigh),
            _ => None,
        }
    }
}

/// A priority: the normalised level (when recognised) and the back end's own label.
///
/// # Example
/// ```
/// let p = helpdesk_core::Priority::from_label("Alta");
/// assert_eq!((p.level.map(|l| l.number()), p.label.as_str()), (Some(3), "Alta"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Priority {
    /// Normalised level, `None` when the label is not recognised.
    pub level: Option<PriorityLevel>,
    /// The back end's own label, for display.
    pub label: String,
}

impl Priority {
    /// Normalise a back end's priority label (`"3"`, `"Alta"`, `"High"`, `"Medium"`...).
    ///
    /// # Example
    /// ```
    /// use helpdesk_core::{Priority, PriorityLevel};
    /// assert_eq!(Priority::from_label("3").level, Some(PriorityLevel::High));
    /// assert_eq!(Priority::from_label("Medium").level, Some(PriorityLevel::Normal));
    /// assert_eq!(Priority::from_label("urgentísimo").level, None);
    /// ```
    #[must_use]
    pub fn from_label(label: &str) -> Self {
        // Every known label is ASCII, so ASCII case folding decides as full folding would.
        let key = label.trim().to_ascii_lowercase();
        let level = match key.as_str() {
            "1" | "baja" | "low" | "bassa" => Some(PriorityLevel::Low),
            "2" | "normal" | "medium" | "media" | "normale" => Some(PriorityLevel::Normal),
            "3" | "alta" | "high" => Some(PriorityLevel::High),
            "4" | "muy alta" | "very high" | "urgent" | "urgente" | "molto alta" => Some(PriorityLevel::VeryHigh),
            _ => None,
        };
        Self { level, label: label.trim().to_owned() }
    }

    /// The priority of a known level, labelled with its number as the envelope API does.
    ///
    /// # Example
    /// ```
    /// use helpdesk_core::{Priority, PriorityLevel};
    /// assert_eq!(Priority::of(PriorityLevel::High).label, "3");
    /// ```
    #[must_use]
    pub fn of(level: PriorityLevel) -> Self {
        Self { level: Some(level), label: level.number().to_string() }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn check_status(label: &str, kind: StatusKind) {
        assert_eq!(Status::from_label(label).kind, kind, "label {label:?}");
    }

    #[test]
    fn status_labels_of_every_dialect_normalise() {
        check_status("Abierto", StatusKind::Open);
        check_status(" open ", StatusKind::Open);
        check_status("1", StatusKind::Open);
        check_status("EN PROGRESO", StatusKind::InProgress);
        check_status("In Progress", StatusKind::InProgress);
        check_status("Answered", StatusKind::Answered);
        check_status("On Hold", StatusKind::OnHold);
        check_status("Resuelto", StatusKind::Resolved);
        check_status("Cerrado", StatusKind::Closed);
        check_status("Closed", StatusKind::Closed);
        check_status("4", StatusKind::Closed);
        check_status("", StatusKind::Other);
    }

    #[test]
    fn status_code_round_trips_for_known_codes() {
        for code in 1..=4 {
            let kind = StatusKind::from_code(code).expect("known code");
            assert_eq!(i64::from(kind.code()), code);
        }
    }

    #[test]
    fn priority_levels_round_trip_through_numbers() {
        for n in 1..=4 {
            let level = PriorityLevel::from_number(n).expect("known level");
            assert_eq!(i64::from(level.number()), n);
            assert_eq!(Priority::of(level).level, Some(level));
        }
    }
}
