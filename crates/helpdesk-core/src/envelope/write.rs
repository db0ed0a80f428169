//! The envelope's `data` as the server writes it: tickets and threads.

use chrono::NaiveDateTime;
use serde_json::{Map, Value};

use super::{Action, Envelope};
use crate::ticket::{Author, BackOffice, Thread, Ticket, TicketId};
use crate::time::{LocalForm, format_local};

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
///     back_office: None,
///     unread: true,
/// };
/// let wire = ticket_to_wire(&t);
/// assert_eq!(wire["priority"], "3");
/// assert_eq!(wire["end_date"], "2026-03-03 10:00");
/// assert_eq!(wire["unread"], true);
/// ```
#[must_use]
pub fn ticket_to_wire(ticket: &Ticket) -> Value {
    let mut m = Map::new();
    m.insert("ticket_id".into(), ticket.id.into());
    m.insert("subject".into(), ticket.subject.clone().into());
    m.insert("created_at".into(), minutes(ticket.created_at).into());
    m.insert("end_date".into(), ticket.end_date.map(minutes).map_or(Value::Null, Value::String));
    m.insert("status_ticket".into(), ticket.status.label.clone().into());
    m.insert("priority".into(), ticket.priority.label.clone().into());
    m.insert("answer_text".into(), ticket.answer.clone().map_or(Value::Null, Value::String));
    // In front of a back office: "pending", or its ticket number.
    match ticket.back_office {
        Some(BackOffice::Pending) => {
            m.insert("back_office_ticket".into(), "pending".into());
        }
        Some(BackOffice::Filed(number)) => {
            m.insert("back_office_ticket".into(), number.into());
        }
        None => {}
    }
    // Only when staff acted since the subscriber last looked.
    if ticket.unread {
        m.insert("unread".into(), true.into());
    }
    Value::Object(m)
}

fn minutes(t: NaiveDateTime) -> String {
    format_local(t, LocalForm::Minutes)
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
///     end_date: None, answer: None, back_office: None, unread: false,
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
                "created_at": minutes(m.date),
            })
        })
        .collect();
    serde_json::json!({ "ticket": ticket_to_wire(&thread.ticket), "number": thread.number, "messages": messages })
}
