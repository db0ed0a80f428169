//! What the simulated WispHub holds: zones, staff, clients (services) and tickets, in the
//! shapes its API answers with.

use serde::Serialize;
use serde_json::{Value, json};

/// A zone, `{id, nombre}`.
#[derive(Debug, Clone, Serialize)]
pub struct Zona {
    /// Its id.
    pub id: i64,
    /// Its name.
    pub nombre: String,
}

/// A staff member (technician), `{id, nombre}`.
#[derive(Debug, Clone, Serialize)]
pub struct Staff {
    /// Its id.
    pub id: i64,
    /// Its name.
    pub nombre: String,
}

/// A client record: one service (subscriber line) with its zone, technician and router.
#[derive(Debug, Clone)]
pub struct Cliente {
    /// The service id.
    pub id_servicio: i64,
    /// The subscriber's name.
    pub nombre: String,
    /// Its zone id.
    pub zona: i64,
    /// Its technician id.
    pub tecnico: i64,
    /// A known outage on its router (`falla_general`), with its description.
    pub falla_general: Option<String>,
}

/// One staff answer of a ticket (`respuestas.respuesta[]`).
#[derive(Debug, Clone, Serialize)]
pub struct Respuesta {
    /// Its id.
    pub id: i64,
    /// The text.
    pub respuesta: String,
    /// Who wrote it.
    pub usuario: String,
    /// When, `DD/MM/YYYY HH:MM`.
    pub fecha: String,
}

/// A ticket as WispHub keeps it.
#[derive(Debug, Clone)]
pub struct Ticket {
    /// `id_ticket`.
    pub id: i64,
    /// The service (`servicio`).
    pub servicio: i64,
    /// The subject (`asunto`).
    pub asunto: String,
    /// The description.
    pub descripcion: String,
    /// Status 1 Nuevo, 2 En Progreso, 3 Resuelto, 4 Cerrado.
    pub estado: i64,
    /// Priority 1..=4.
    pub prioridad: i64,
    /// The technician (`tecnico`).
    pub tecnico: i64,
    /// `fecha_inicio`, as sent.
    pub fecha_inicio: String,
    /// `fecha_final`, as sent.
    pub fecha_final: String,
    /// Staff answers, oldest first.
    pub respuestas: Vec<Respuesta>,
    /// Its one file (`archivo_ticket`), if it has one.
    pub archivo: Option<Archivo>,
}

/// A ticket's file, as uploaded.
#[derive(Clone, PartialEq, Eq)]
pub struct Archivo {
    /// The file name sent.
    pub nombre: String,
    /// The part's content type.
    pub tipo: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for Archivo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Archivo({}, {}, {} bytes)", self.nombre, self.tipo, self.bytes.len())
    }
}

/// The status labels of this instance (configurable in WispHub; these are the defaults).
pub const ESTADOS: [&str; 4] = ["Nuevo", "En Progreso", "Resuelto", "Cerrado"];

impl Ticket {
    /// The ticket as `GET /api/tickets/{id}/` answers it.
    #[must_use]
    pub fn to_json(&self, clientes: &[Cliente]) -> Value {
        let cliente = clientes.iter().find(|c| c.id_servicio == self.servicio);
        let label = usize::try_from(self.estado - 1).ok().and_then(|i| ESTADOS.get(i)).copied().unwrap_or("");
        json!({
            "id_ticket": self.id,
            "asunto": self.asunto,
            "descripcion": self.descripcion,
            "estado": self.estado,
            "nombre_estado": label,
            "prioridad": self.prioridad,
            "servicio": {
                "id_servicio": self.servicio,
                "nombre": cliente.map(|c| c.nombre.clone()),
                "zona": cliente.map(|c| c.zona),
            },
            "tecnico": self.tecnico,
            "fecha_inicio": self.fecha_inicio,
            "fecha_final": self.fecha_final,
            "respuestas": { "respuesta": self.respuestas },
            // WispHub answers a link to the file, or null.
            "archivo_ticket": self.archivo.as_ref().map(|a| format!("https://sim.wisphub.invalid/media/tickets/{}/{}", self.id, a.nombre)),
        })
    }
}

impl Cliente {
    /// Service `id_servicio` of `nombre`, in `zona`, with `tecnico`, no outage.
    #[must_use]
    pub fn new(id_servicio: i64, nombre: &str, zona: i64, tecnico: i64) -> Self {
        Self { id_servicio, nombre: nombre.into(), zona, tecnico, falla_general: None }
    }

    /// The client as `GET /api/clientes/` lists it.
    #[must_use]
    pub fn to_json(&self, zonas: &[Zona], staff: &[Staff]) -> Value {
        let zona = zonas.iter().find(|z| z.id == self.zona);
        let tecnico = staff.iter().find(|s| s.id == self.tecnico);
        json!({
            "id_servicio": self.id_servicio,
            "nombre": self.nombre,
            "zona": zona.map(|z| json!({"id": z.id, "nombre": z.nombre})),
            "tecnico": tecnico.map(|t| json!({"id": t.id, "nombre": t.nombre})),
            "router": {
                "falla_general": self.falla_general.is_some(),
                "falla_general_descripcion": self.falla_general.clone().unwrap_or_default(),
            },
        })
    }
}
