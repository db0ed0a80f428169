//! The widget's texts. Every string a subscriber reads lives here.

use helpdesk_core::{Priority, PriorityLevel, StatusGroup};

/// The texts of one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Texts {
    /// Title of the widget.
    pub title: &'static str,
    /// Heading of the list.
    pub my_tickets: &'static str,
    /// While loading.
    pub loading: &'static str,
    /// No tickets yet.
    pub empty: &'static str,
    /// Retry button.
    pub retry: &'static str,
    /// Back to the list.
    pub back: &'static str,
    /// Label of the opening date.
    pub created: &'static str,
    /// Label of the estimated resolution date.
    pub estimated_resolution: &'static str,
    /// Label of the priority.
    pub priority: &'static str,
    /// Label of the status.
    pub status: &'static str,
    /// Heading of the latest answer.
    pub latest_answer: &'static str,
    /// No answer yet.
    pub no_answer: &'static str,
    /// Ticket number prefix.
    pub ticket: &'static str,
    /// The ticket does not exist (or is not the subscriber's).
    pub not_found: &'static str,
    /// Network failure.
    pub network_error: &'static str,
    /// Credentials refused.
    pub auth_error: &'static str,
    /// The server failed or answered something unreadable.
    pub server_error: &'static str,
}

/// Spanish, the default language of the back ends' markets.
pub const ES: Texts = Texts {
    title: "Soporte técnico",
    my_tickets: "Mis tickets",
    loading: "Cargando…",
    empty: "Aún no tiene tickets de soporte.",
    retry: "Reintentar",
    back: "Volver a mis tickets",
    created: "Creado",
    estimated_resolution: "Resolución estimada",
    priority: "Prioridad",
    status: "Estado",
    latest_answer: "Última respuesta",
    no_answer: "Aún no hay respuesta del equipo de soporte.",
    ticket: "Ticket",
    not_found: "No encontramos ese ticket.",
    network_error: "No pudimos conectar con el servidor. Revise su conexión e inténtelo de nuevo.",
    auth_error: "Su sesión no es válida o ha expirado. Vuelva a iniciar sesión en el portal.",
    server_error: "El servidor no pudo responder. Inténtelo de nuevo en unos minutos.",
};

impl Texts {
    /// The label of a priority: the level's name when known, else the back end's label.
    #[must_use]
    pub fn priority_label(&self, priority: &Priority) -> String {
        match priority.level {
            Some(PriorityLevel::Low) => "Baja".to_owned(),
            Some(PriorityLevel::Normal) => "Normal".to_owned(),
            Some(PriorityLevel::High) => "Alta".to_owned(),
            Some(PriorityLevel::VeryHigh) => "Muy alta".to_owned(),
            None => priority.label.clone(),
        }
    }

    /// The label of a status group.
    #[must_use]
    pub fn group(&self, group: StatusGroup) -> &'static str {
        match group {
            StatusGroup::Open => "Abierto",
            StatusGroup::InProgress => "En progreso",
            StatusGroup::Closed => "Cerrado",
        }
    }
}
