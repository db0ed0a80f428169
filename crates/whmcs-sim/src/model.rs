//! What the simulated WHMCS holds: clients, departments and tickets with their replies and
//! staff-only notes, in the shapes its API answers with — every number as a string, dates
//! `Y-m-d H:i:s` in the shop's time, an empty string for "none".

use serde_json::{Value, json};

/// A client (a customer account).
#[derive(Debug, Clone)]
pub struct Client {
    /// `userid`.
    pub id: i64,
    /// First and last name.
    pub name: String,
    /// E-mail address.
    pub email: String,
}

/// One message of a ticket's thread: the client's (`admin` empty) or staff's.
#[derive(Debug, Clone)]
pub struct Reply {
    /// `replyid`: 0 for the opening message.
    pub id: i64,
    /// The client it belongs to.
    pub userid: i64,
    /// Who wrote it, when the client did.
    pub name: String,
    /// Their e-mail.
    pub email: String,
    /// `Y-m-d H:i:s`.
    pub date: String,
    /// The text.
    pub message: String,
    /// The staff member's name on a staff reply; empty on the client's.
    pub admin: String,
    /// Files attached to it (`attachments`), as `(name, bytes)`.
    pub attachments: Vec<(String, Vec<u8>)>,
}

/// A staff-only note: never meant for the client.
#[derive(Debug, Clone)]
pub struct Note {
    /// `noteid`.
    pub id: i64,
    /// `Y-m-d H:i:s`.
    pub date: String,
    /// The text.
    pub message: String,
    /// Who wrote it.
    pub admin: String,
}

/// A support ticket.
#[derive(Debug, Clone)]
pub struct Ticket {
    /// `ticketid`.
    pub id: i64,
    /// `tid`: the number shown to the client.
    pub tid: String,
    /// `c`: the client's access key of the ticket.
    pub c: String,
    /// Its department.
    pub deptid: i64,
    /// Its client.
    pub userid: i64,
    /// The subject.
    pub subject: String,
    /// The status label (`Open`, `Answered`, `Customer-Reply`, `On Hold`, `In Progress`, `Closed`).
    pub status: String,
    /// `Low`, `Medium` or `High`.
    pub priority: String,
    /// The related service, `S<id>`, or empty.
    pub service: String,
    /// Opened, `Y-m-d H:i:s`.
    pub date: String,
    /// The last reply, `Y-m-d H:i:s`.
    pub lastreply: String,
    /// The thread, oldest first; the first is the opening message (`replyid` 0).
    pub replies: Vec<Reply>,
    /// Staff-only notes.
    pub notes: Vec<Note>,
}

/// A department.
#[derive(Debug, Clone)]
pub struct Department {
    /// `deptid`.
    pub id: i64,
    /// Its name.
    pub name: String,
}

/// The statuses WHMCS ships with; "active" are all but `Closed`.
pub const STATUSES: [&str; 6] = ["Open", "Answered", "Customer-Reply", "On Hold", "In Progress", "Closed"];

impl Ticket {
    /// The ticket as `GetTickets` lists it (no thread).
    #[must_use]
    pub fn summary(&self, client: Option<&Client>) -> Value {
        json!({
            "id": self.id.to_string(),
            "tid": self.tid,
            "deptid": self.deptid.to_string(),
            "userid": self.userid.to_string(),
            "name": client.map_or("", |c| c.name.as_str()),
            "email": client.map_or("", |c| c.email.as_str()),
            "cc": "",
            "c": self.c,
            "date": self.date,
            "subject": self.subject,
            "status": self.status,
            "priority": self.priority,
            "admin": "",
            "attachment": "",
            "lastreply": self.lastreply,
            "flag": "0",
            "service": self.service,
        })
    }

    /// The ticket as `GetTicket` answers it (seed 002), replies in `sort` order (`ASC` or
    /// `DESC`), with its notes.
    #[must_use]
    pub fn full(&self, client: Option<&Client>, department: Option<&Department>, descending: bool) -> Value {
        let mut replies: Vec<Value> = self
            .replies
            .iter()
            .map(|r| {
                json!({
                    "replyid": r.id.to_string(), "userid": r.userid.to_string(), "contactid": "0",
                    "name": r.name, "email": r.email, "date": r.date, "message": r.message,
                    "attachment": r.attachments.iter().map(|(name, _)| name.as_str()).collect::<Vec<_>>().join("|"),
                    "admin": r.admin, "rating": "0",
                })
            })
            .collect();
        if descending {
            replies.reverse();
        }
        let notes: Vec<Value> = self
            .notes
            .iter()
            .map(|n| json!({ "noteid": n.id.to_string(), "date": n.date, "message": n.message, "admin": n.admin }))
            .collect();
        json!({
            "result": "success",
            "ticketid": self.id.to_string(),
            "tid": self.tid,
            "c": self.c,
            "deptid": self.deptid.to_string(),
            "deptname": department.map_or("", |d| d.name.as_str()),
            "userid": self.userid.to_string(),
            "contactid": "0",
            "name": client.map_or("", |c| c.name.as_str()),
            "email": client.map_or("", |c| c.email.as_str()),
            "cc": "",
            "date": self.date,
            "subject": self.subject,
            "status": self.status,
            "priority": self.priority,
            "admin": "",
            "lastreply": self.lastreply,
            "flag": "0",
            "service": self.service,
            "replies": { "reply": replies },
            "notes": { "note": notes },
        })
    }
}
