//! # whmcs-sim
//!
//! A simulated WHMCS shop (`../shared/reference/API-FACTS.md` §3) as a real HTTP server,
//! written from the facts rather than from the gateway's needs:
//!
//! - `POST /includes/api.php`, form data with `identifier`, `secret`, `action` and
//!   `responsetype=json`: `GetTickets` (`limitstart`, `limitnum` 25 by default, `clientid`,
//!   `status` with `All Active Tickets`, `deptid`), `GetTicket` (`ticketid` or `ticketnum`,
//!   `repliessort`), `OpenTicket`, `AddTicketReply`, `UpdateTicket`, `GetClientsDetails`;
//!   every number a string,
//!   dates `Y-m-d H:i:s` in the shop's time, `notes` beside the replies, every failure
//!   `{"result": "error", "message": …}` at HTTP 200 — a wrong credential
//!   (`Authentication Failed`) and a caller outside the IP allowlist (`Invalid IP …`) too;
//! - Keliweb's API over it ([`keliweb`]): `POST /oauth/token` (password and refresh-token
//!   grants, access tokens that expire) and `POST /api/v2/keliweb/<method>` with the bearer.
//!
//! Tests drive it through [`Sim`] directly or through `/_sim/` (no credential): faults per
//! action ([`sim_faults`]), staff replies and notes written "in WHMCS".

mod actions;
mod api;
pub mod keliweb;
pub mod model;

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

pub use keliweb::Keliweb;
pub use model::{Client, Department, Note, Reply, STATUSES, Ticket};
pub use sim_faults::{Fault, Faults, Rule};

/// Everything the simulated shop holds.
#[derive(Debug, Default)]
pub struct State {
    /// Clients.
    pub clients: Vec<Client>,
    /// Support departments.
    pub departments: Vec<Department>,
    /// Tickets, by id order.
    pub tickets: Vec<Ticket>,
    /// The shop's offset from UTC, in hours: its dates are written in its own time.
    pub utc_offset_hours: i32,
}

impl State {
    /// Now, as the shop writes dates: `Y-m-d H:i:s` in its own time.
    #[must_use]
    pub fn now(&self) -> String {
        let shop = chrono::Utc::now() + chrono::Duration::hours(self.utc_offset_hours.into());
        shop.format("%Y-%m-%d %H:%M:%S").to_string()
    }

    /// The ticket with id `id`.
    pub fn ticket_mut(&mut self, id: i64) -> Option<&mut Ticket> {
        self.tickets.iter_mut().find(|t| t.id == id)
    }

    /// Open a ticket for `userid` in `deptid`, as the client would (its opening message is
    /// reply 0): its id, `tid` and `c`.
    pub fn open(
        &mut self,
        userid: i64,
        deptid: i64,
        subject: &str,
        message: &str,
        priority: &str,
    ) -> (i64, String, String) {
        let id = self.tickets.iter().map(|t| t.id).max().unwrap_or(0) + 1;
        // Ticket numbers look random to clients: six digits, never in id order.
        let tid = (100_000 + (id * 7_919 + 3_571) % 900_000).to_string();
        let c: String = (0..8)
            .map(|i| {
                char::from(
                    b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"[((id * 31 + i * 17) % 55) as usize],
                )
            })
            .collect();
        let client = self.clients.iter().find(|c| c.id == userid).cloned();
        let now = self.now();
        let opening = Reply {
            id: 0,
            userid,
            name: client.as_ref().map_or_else(String::new, |c| c.name.clone()),
            email: client.map_or_else(String::new, |c| c.email),
            date: now.clone(),
            message: message.to_owned(),
            admin: String::new(),
            attachments: Vec::new(),
        };
        self.tickets.push(Ticket {
            id,
            tid: tid.clone(),
            c: c.clone(),
            deptid,
            userid,
            subject: subject.to_owned(),
            status: "Open".into(),
            priority: priority.to_owned(),
            service: String::new(),
            date: now.clone(),
            lastreply: now,
            replies: vec![opening],
            notes: Vec::new(),
        });
        (id, tid, c)
    }

    /// Add a reply to ticket `id`: the client's (`admin` empty, status `Customer-Reply`) or a
    /// staff member's (status `Answered`). `false` when there is no such ticket.
    pub fn reply(&mut self, id: i64, admin: &str, message: &str) -> bool {
        self.reply_with(id, admin, message, Vec::new())
    }

    /// Add `message` to ticket `id` with files `attachments` (`(name, bytes)`), as
    /// [`State::reply`] does.
    pub fn reply_with(&mut self, id: i64, admin: &str, message: &str, attachments: Vec<(String, Vec<u8>)>) -> bool {
        let now = self.now();
        let client = self
            .tickets
            .iter()
            .find(|t| t.id == id)
            .and_then(|t| self.clients.iter().find(|c| c.id == t.userid))
            .cloned();
        let Some(t) = self.ticket_mut(id) else { return false };
        let next = t.replies.iter().map(|r| r.id).max().unwrap_or(0) + 1;
        let (name, email) = match (admin.is_empty(), client) {
            (true, Some(c)) => (c.name, c.email),
            _ => (String::new(), String::new()),
        };
        t.replies.push(Reply {
            id: next,
            userid: t.userid,
            name,
            email,
            date: now.clone(),
            message: message.to_owned(),
            admin: admin.to_owned(),
            attachments,
        });
        t.status = if admin.is_empty() { "Customer-Reply" } else { "Answered" }.into();
        t.lastreply = now;
        true
    }

    /// The demo's subscriber as a client of the shop (100, Ana Gómez: `helpdesk-server
    /// --demo`'s subscriber) with two tickets: one answered by staff (and a staff note
    /// beside it), one closed.
    pub fn seed_demo_tickets(&mut self) {
        self.clients.push(Client { id: 100, name: "Ana Gómez".into(), email: "ana@example.com".into() });
        let (answered, _, _) = self.open(100, 1, "Internet Lento", "Por la noche la conexión va muy lenta.", "Medium");
        self.reply(answered, "Diego Torres", "Revisamos su línea: un técnico pasará mañana por la mañana.");
        self.note(answered, "Diego Torres", "Nodo norte saturado; no prometer fecha.");
        let (closed, _, _) = self.open(100, 1, "Antena Desalineada", "La antena se movió con el viento.", "High");
        self.reply(closed, "Elena Vargas", "Antena realineada, la señal es buena de nuevo.");
        if let Some(t) = self.ticket_mut(closed) {
            t.status = "Closed".into();
        }
    }

    /// Add a staff-only note to ticket `id`. `false` when there is no such ticket.
    pub fn note(&mut self, id: i64, admin: &str, message: &str) -> bool {
        let now = self.now();
        let Some(t) = self.ticket_mut(id) else { return false };
        let next = t.notes.iter().map(|n| n.id).max().unwrap_or(0) + 1;
        t.notes.push(Note { id: next, date: now, message: message.to_owned(), admin: admin.to_owned() });
        true
    }
}

/// A simulated WHMCS shop: its data, its API credential, its allowlist, its faults, and
/// Keliweb's OAuth2 front. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Sim {
    state: Arc<Mutex<State>>,
    /// The faults in force, by action (`POST /includes/api.php GetTicket`,
    /// `POST /api/v2/keliweb/get-ticket`, `POST /oauth/token`).
    pub faults: Arc<Faults>,
    /// The API credential's `identifier`.
    pub identifier: Arc<str>,
    /// The API credential's `secret`.
    pub secret: Arc<str>,
    /// Whether the caller's address is outside the API's IP allowlist (WHMCS's default for a
    /// new credential): every call is then refused with `Invalid IP …`.
    pub ip_refused: Arc<std::sync::atomic::AtomicBool>,
    /// Keliweb's OAuth2 front: its client and user, and the tokens it issued.
    pub keliweb: Arc<Keliweb>,
    /// How long a hanging call hangs.
    pub hang: Duration,
}

impl Sim {
    /// A shop with two clients (1 Cynthia Reilly, 2 Marco Bianchi), department 1 (Supporto
    /// Tecnico) and no tickets; `identifier`/`secret` its API credential.
    #[must_use]
    pub fn demo(identifier: &str, secret: &str) -> Self {
        let client = |id, name: &str, email: &str| Client { id, name: name.into(), email: email.into() };
        let state = State {
            clients: vec![
                client(1, "Cynthia Reilly", "cynthia@example.com"),
                client(2, "Marco Bianchi", "marco@example.it"),
            ],
            departments: vec![Department { id: 1, name: "Supporto Tecnico".into() }],
            tickets: Vec::new(),
            utc_offset_hours: 1,
        };
        Self {
            state: Arc::new(Mutex::new(state)),
            faults: Arc::new(Faults::default()),
            identifier: Arc::from(identifier),
            secret: Arc::from(secret),
            ip_refused: Arc::default(),
            keliweb: Arc::new(Keliweb::new(
                "keliweb-client",
                "keliweb-client-secret",
                "shop@example.it",
                "keliweb-password",
            )),
            hang: Duration::from_secs(30),
        }
    }

    /// The data, locked.
    pub fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The whole API: `includes/api.php`, Keliweb's, and `/_sim/`.
    pub fn router(&self) -> axum::Router {
        api::router(self.clone()).merge(keliweb::router(self.clone())).merge(sim_faults::router(self.faults.clone()))
    }

    /// Serve on `listener` until the task is dropped.
    ///
    /// # Errors
    /// When the listener fails.
    pub async fn serve(self, listener: tokio::net::TcpListener) -> std::io::Result<()> {
        axum::serve(listener, self.router()).await
    }
}
