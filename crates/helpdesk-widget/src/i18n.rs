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
    /// No tickets in the chosen status.
    pub empty_filtered: &'static str,
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
    /// Prefix of a refusal the server explains.
    pub refused: &'static str,
    /// Filter: every status.
    pub all: &'static str,
    /// Name of the status filter.
    pub filter_label: &'static str,
    /// Marks an estimated resolution that has passed.
    pub overdue: &'static str,
    /// Author label of the subscriber's own messages.
    pub you: &'static str,
    /// Author label of staff messages.
    pub support: &'static str,
    /// Heading of the thread.
    pub conversation: &'static str,
    /// Label of the reply box.
    pub reply_label: &'static str,
    /// An empty reply.
    pub reply_required: &'static str,
    /// While a request is in flight.
    pub sending: &'static str,
    /// The reply button.
    pub send_reply: &'static str,
    /// The close button.
    pub close_ticket: &'static str,
    /// Heading and navigation of the form.
    pub new_ticket: &'static str,
    /// Label of the subject search.
    pub subject_search: &'static str,
    /// Label of the subject.
    pub subject: &'static str,
    /// First, empty choice of the subject.
    pub choose_subject: &'static str,
    /// Label of the description.
    pub description: &'static str,
    /// Before the live estimate.
    pub estimated_resolution_if_now: &'static str,
    /// The submit button.
    pub create: &'static str,
    /// Before suggested subjects.
    pub did_you_mean: &'static str,
    /// Summary of field errors.
    pub check_fields: &'static str,
    /// No subject chosen.
    pub subject_required: &'static str,
    /// No description.
    pub description_required: &'static str,
    /// Label of the ticket-number lookup.
    pub lookup_label: &'static str,
    /// The lookup button.
    pub lookup: &'static str,
    /// Navigation's label.
    pub navigation: &'static str,
}

/// Spanish, the default language of the back ends' markets.
pub const ES: Texts = Texts {
    title: "Soporte técnico",
    my_tickets: "Mis tickets",
    loading: "Cargando…",
    empty: "Aún no tiene tickets de soporte.",
    empty_filtered: "No tiene tickets en este estado.",
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
    refused: "No se pudo completar:",
    all: "Todos",
    filter_label: "Filtrar por estado",
    overdue: "vencida",
    you: "Usted",
    support: "Soporte",
    conversation: "Conversación",
    reply_label: "Responder",
    reply_required: "Escriba su respuesta.",
    sending: "Enviando…",
    send_reply: "Enviar respuesta",
    close_ticket: "Cerrar ticket",
    new_ticket: "Nuevo ticket",
    subject_search: "Buscar asunto",
    subject: "Asunto",
    choose_subject: "Elija un asunto…",
    description: "Describa el problema",
    estimated_resolution_if_now: "Resolución estimada si lo envía ahora:",
    create: "Crear ticket",
    did_you_mean: "Quizás quiso decir:",
    check_fields: "Revise los campos marcados.",
    subject_required: "Elija un asunto de la lista.",
    description_required: "Describa el problema.",
    lookup_label: "Número de ticket",
    lookup: "Consultar",
    navigation: "Secciones de soporte",
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

    /// The zone is at its maximum: what it means and what the subscriber can do.
    #[must_use]
    pub fn zone_full(&self, max_tickets: u64) -> String {
        format!(
            "Su zona ya tiene el máximo de {max_tickets} tickets activos. No podemos abrir uno nuevo hasta que se resuelva alguno; \
             si es urgente, llame a soporte."
        )
    }

    /// The heading of a priority group of subjects.
    #[must_use]
    pub fn priority_group(&self, level: PriorityLevel) -> &'static str {
        match level {
            PriorityLevel::Low => "Prioridad baja",
            PriorityLevel::Normal => "Prioridad normal",
            PriorityLevel::High => "Prioridad alta",
            PriorityLevel::VeryHigh => "Prioridad muy alta",
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
