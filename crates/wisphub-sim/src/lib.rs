//! # wisphub-sim
//!
//! A simulated WispHub: the parts of its API the gateway calls (`../shared/reference/API-FACTS.md`
//! §2), as a real HTTP server, written from the facts rather than from the gateway's needs:
//!
//! - `Authorization: Api-Key <key>`; a wrong key answers nginx's **HTML** 403;
//! - `GET/POST /api/tickets/` (create is `multipart/form-data`, answering 201 with
//!   `id_ticket`), `GET/PUT/PATCH /api/tickets/{id}/` (a missing one is 404 `{"detail":
//!   "No encontrado."}`), `GET /api/tickets/asuntos-tickets/`, `GET /api/clientes/`
//!   (filter `id_servicio`), `GET /api/zonas/`, `GET /api/staff/`; trailing slashes matter;
//! - lists paginated `{count, next, previous, results}` by `limit`/`offset` (300 by
//!   default), `next` an `http://` URL on WispHub's public host, never the one asked;
//! - the ticket list ignores `servicio` and `cliente` filters, as WispHub does.
//!
//! Tests drive it through [`Sim`] directly or through `/_sim/` (no key): fault injection per
//! route ([`sim_faults`]), the tickets as they are, answers and outages written "in WispHub".

pub mod model;
mod routes;

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

pub use model::{Archivo, Cliente, Respuesta, Staff, Ticket, Zona};
pub use sim_faults::{Fault, Faults, Rule};

/// Everything the simulated instance holds.
#[derive(Debug, Default)]
pub struct State {
    /// Zones.
    pub zonas: Vec<Zona>,
    /// Staff (technicians).
    pub staff: Vec<Staff>,
    /// Clients, one per service.
    pub clientes: Vec<Cliente>,
    /// Tickets, by id order.
    pub tickets: Vec<Ticket>,
    /// The subject catalog of the instance.
    pub asuntos: Vec<String>,
}

impl State {
    /// The next ticket id.
    #[must_use]
    pub fn next_id(&self) -> i64 {
        self.tickets.iter().map(|t| t.id).max().unwrap_or(0) + 1
    }

    /// Staff answer ticket `id` in WispHub: `usuario` writes `respuesta` at `fecha`
    /// (`DD/MM/YYYY HH:MM`). `false` when there is no such ticket.
    pub fn answer(&mut self, id: i64, usuario: &str, respuesta: &str, fecha: &str) -> bool {
        let Some(t) = self.tickets.iter_mut().find(|t| t.id == id) else { return false };
        let n = i64::try_from(t.respuestas.len()).unwrap_or_default() + 1;
        t.respuestas.push(Respuesta {
            id: n,
            respuesta: respuesta.into(),
            usuario: usuario.into(),
            fecha: fecha.into(),
        });
        true
    }

    /// Add `count` tickets of `servicio` with `asunto` in `estado`, as WispHub's staff would
    /// write them (no description, no dates, the service's technician).
    pub fn seed(&mut self, servicio: i64, asunto: &str, estado: i64, count: usize) {
        let tecnico = self.clientes.iter().find(|c| c.id_servicio == servicio).map_or(0, |c| c.tecnico);
        for _ in 0..count {
            let id = self.next_id();
            self.tickets.push(Ticket {
                id,
                servicio,
                asunto: asunto.to_owned(),
                descripcion: String::new(),
                estado,
                prioridad: 2,
                tecnico,
                fecha_inicio: String::new(),
                fecha_final: String::new(),
                respuestas: Vec::new(),
                archivo: None,
            });
        }
    }
}

impl State {
    /// A few tickets of the demo's subscribers, as WispHub's staff would have opened them:
    /// service 100 with one in progress (answered) and one closed, service 200 with one new.
    pub fn seed_demo_tickets(&mut self) {
        self.seed(100, "Antena Desalineada", 4, 1);
        self.seed(100, "Internet Lento", 2, 1);
        self.seed(200, "No Tiene Internet", 1, 1);
        if let Some(id) = self.tickets.iter().find(|t| t.servicio == 100 && t.estado == 2).map(|t| t.id) {
            let text = "Revisamos la señal de su antena; un técnico pasará mañana.";
            self.answer(id, "Diego Torres", text, "01/12/2026 09:30");
        }
    }
}

/// A simulated WispHub: its data, its key, its faults. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Sim {
    state: Arc<Mutex<State>>,
    /// The faults in force.
    pub faults: Arc<Faults>,
    /// The key `Authorization: Api-Key <key>` must carry.
    pub api_key: Arc<str>,
    /// The host `next` links are written on (as the public gateway sees: `http://`).
    pub public_host: Arc<str>,
    /// How long a hanging call hangs.
    pub hang: Duration,
}

impl Sim {
    /// An instance with the data of the helpdesk's demo (zones 1 and 2, technicians 5 and 7,
    /// services 100, 101 and 200) and no tickets.
    #[must_use]
    pub fn demo(api_key: &str) -> Self {
        let zona = |id, nombre: &str| Zona { id, nombre: nombre.into() };
        let staff = |id, nombre: &str| Staff { id, nombre: nombre.into() };
        let state = State {
            zonas: vec![zona(1, "Centro"), zona(2, "Norte")],
            staff: vec![staff(5, "Diego Torres"), staff(7, "Elena Vargas")],
            clientes: vec![
                Cliente::new(100, "Ana Gómez", 2, 5),
                Cliente::new(101, "Bruno Díaz", 2, 5),
                Cliente::new(200, "Carla Ruiz", 1, 7),
            ],
            tickets: Vec::new(),
            asuntos: ["Internet Lento", "No Tiene Internet", "Antena Dañada", "Cambio de Domicilio"]
                .map(str::to_owned)
                .to_vec(),
        };
        Self {
            state: Arc::new(Mutex::new(state)),
            faults: Arc::new(Faults::default()),
            api_key: Arc::from(api_key),
            public_host: Arc::from("api.wisphub.net"),
            hang: Duration::from_secs(30),
        }
    }

    /// The data, locked.
    pub fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The whole API (and `/_sim/`).
    pub fn router(&self) -> axum::Router {
        routes::router(self.clone())
    }

    /// Serve on `listener` until the task is dropped.
    ///
    /// # Errors
    /// When the listener fails.
    pub async fn serve(self, listener: tokio::net::TcpListener) -> std::io::Result<()> {
        axum::serve(listener, self.router()).await
    }
}
