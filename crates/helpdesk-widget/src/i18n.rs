//! The widget's texts in Spanish (the default of the back ends' markets), English and
//! Italian. Every string a subscriber reads lives here; a language is a [`Texts`] value, so
//! a missing string is a compile error, not a blank.

use helpdesk_core::{Priority, PriorityLevel, Status, StatusGroup, StatusKind};

/// The texts of one language.
#[derive(Debug, PartialEq, Eq)]
pub struct Texts {
    /// BCP 47 primary language subtag (`es`, `en`, `it`).
    pub lang: &'static str,
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
    /// A ticket staff answered or moved since the subscriber last opened it.
    pub new_answer: &'static str,
    /// After the zone-limit message when the zone has a known outage.
    pub zone_full_outage: &'static str,
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
    /// The browser is offline.
    pub offline_error: &'static str,
    /// The server took too long.
    pub timeout_error: &'static str,
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
    /// Heading of the subjects a search found, best first.
    pub best_matches: &'static str,
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
    /// The draft is kept on this device.
    pub draft_kept: &'static str,
    /// Label of the ticket-number lookup.
    pub lookup_label: &'static str,
    /// The lookup button.
    pub lookup: &'static str,
    /// Navigation's label.
    pub navigation: &'static str,
    /// The zone is at its limit; `{n}` is the limit.
    pub zone_full: &'static str,
    /// The subscriber's line is at its own limit; `{n}` is the limit.
    pub line_full: &'static str,
    /// The label of the ticket's number in the ISP's support system.
    pub back_office: &'static str,
    /// The ticket is on its way to the ISP's support system.
    pub back_office_pending: &'static str,
    /// Status labels: open, in progress, answered, customer reply, on hold, resolved, closed.
    pub statuses: [&'static str; 7],
    /// Priority labels: low, normal, high, very high.
    pub priorities: [&'static str; 4],
    /// Headings of the subject groups: low, normal, high, very high priority.
    pub priority_groups: [&'static str; 4],
    /// Status groups: open, in progress, closed.
    pub groups: [&'static str; 3],
}

/// Spanish, the default language of the back ends' markets.
pub static ES: Texts = Texts {
    lang: "es",
    title: "Soporte técnico",
    my_tickets: "Mis tickets",
    loading: "Cargando…",
    empty: "Aún no tiene tickets de soporte.",
    empty_filtered: "No tiene tickets en este estado.",
    new_answer: "Novedad",
    zone_full_outage: "Se debe a la falla conocida de su zona, descrita arriba: si le afecta, pulse «Me pasa lo mismo».",
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
    offline_error: "Su dispositivo no tiene conexión a Internet. Lo que escribió queda guardado; inténtelo de nuevo al reconectarse.",
    timeout_error: "El servidor tardó demasiado en responder. Inténtelo de nuevo.",
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
    best_matches: "Lo más parecido a lo que escribió",
    subject: "Asunto",
    choose_subject: "Elija un asunto…",
    description: "Describa el problema",
    estimated_resolution_if_now: "Resolución estimada si lo envía ahora:",
    create: "Crear ticket",
    did_you_mean: "Quizás quiso decir:",
    check_fields: "Revise los campos marcados.",
    subject_required: "Elija un asunto de la lista.",
    description_required: "Describa el problema.",
    draft_kept: "Su borrador se guarda en este dispositivo hasta que el ticket se cree.",
    lookup_label: "Número de ticket",
    lookup: "Consultar",
    navigation: "Secciones de soporte",
    zone_full: "Su zona ya tiene el máximo de {n} tickets activos. No podemos abrir uno nuevo hasta que se resuelva alguno; si es urgente, llame a soporte.",
    line_full: "Ya tiene {n} tickets activos, el máximo por línea. Escriba en uno de ellos o espere a que se resuelva alguno.",
    back_office: "Número de soporte",
    back_office_pending: "En camino al equipo de soporte",
    statuses: ["Abierto", "En progreso", "Respondido", "Respuesta del cliente", "En espera", "Resuelto", "Cerrado"],
    priorities: ["Baja", "Normal", "Alta", "Muy alta"],
    priority_groups: ["Prioridad baja", "Prioridad normal", "Prioridad alta", "Prioridad muy alta"],
    groups: ["Abierto", "En progreso", "Cerrado"],
};

/// English.
pub static EN: Texts = Texts {
    lang: "en",
    title: "Technical support",
    my_tickets: "My tickets",
    loading: "Loading…",
    empty: "You have no support tickets yet.",
    empty_filtered: "You have no tickets with this status.",
    new_answer: "New",
    zone_full_outage: "It is due to the known outage in your area, described above: if it affects you, press “This happens to me too”.",
    retry: "Try again",
    back: "Back to my tickets",
    created: "Opened",
    estimated_resolution: "Estimated resolution",
    priority: "Priority",
    status: "Status",
    latest_answer: "Latest answer",
    no_answer: "The support team has not answered yet.",
    ticket: "Ticket",
    not_found: "We could not find that ticket.",
    network_error: "We could not reach the server. Check your connection and try again.",
    offline_error: "Your device is offline. What you typed is kept; try again once you are back online.",
    timeout_error: "The server took too long to answer. Please try again.",
    auth_error: "Your session is not valid or has expired. Sign in to the portal again.",
    server_error: "The server could not answer. Please try again in a few minutes.",
    refused: "This could not be done:",
    all: "All",
    filter_label: "Filter by status",
    overdue: "overdue",
    you: "You",
    support: "Support",
    conversation: "Conversation",
    reply_label: "Reply",
    reply_required: "Write your reply.",
    sending: "Sending…",
    send_reply: "Send reply",
    close_ticket: "Close ticket",
    new_ticket: "New ticket",
    subject_search: "Search subjects",
    best_matches: "Closest to what you typed",
    subject: "Subject",
    choose_subject: "Choose a subject…",
    description: "Describe the problem",
    estimated_resolution_if_now: "Estimated resolution if you send it now:",
    create: "Open ticket",
    did_you_mean: "Did you mean:",
    check_fields: "Please check the marked fields.",
    subject_required: "Choose a subject from the list.",
    description_required: "Describe the problem.",
    draft_kept: "Your draft is kept on this device until the ticket is opened.",
    lookup_label: "Ticket number",
    lookup: "Look up",
    navigation: "Support sections",
    zone_full: "Your area already has the maximum of {n} active tickets. We cannot open a new one until one is resolved; if it is urgent, call support.",
    line_full: "You already have {n} active tickets, the most one line may have. Add to one of them, or wait until one is resolved.",
    back_office: "Support number",
    back_office_pending: "On its way to the support team",
    statuses: ["Open", "In progress", "Answered", "Customer reply", "On hold", "Resolved", "Closed"],
    priorities: ["Low", "Normal", "High", "Very high"],
    priority_groups: ["Low priority", "Normal priority", "High priority", "Very high priority"],
    groups: ["Open", "In progress", "Closed"],
};

/// Italian.
pub static IT: Texts = Texts {
    lang: "it",
    title: "Assistenza tecnica",
    my_tickets: "I miei ticket",
    loading: "Caricamento…",
    empty: "Non ha ancora ticket di assistenza.",
    empty_filtered: "Non ha ticket in questo stato.",
    new_answer: "Novità",
    zone_full_outage: "È dovuto al guasto noto nella sua zona, descritto sopra: se la riguarda, prema «Succede anche a me».",
    retry: "Riprova",
    back: "Torna ai miei ticket",
    created: "Aperto il",
    estimated_resolution: "Risoluzione prevista",
    priority: "Priorità",
    status: "Stato",
    latest_answer: "Ultima risposta",
    no_answer: "Il team di assistenza non ha ancora risposto.",
    ticket: "Ticket",
    not_found: "Non abbiamo trovato quel ticket.",
    network_error: "Non riusciamo a raggiungere il server. Controlli la connessione e riprovi.",
    offline_error: "Il dispositivo non è connesso a Internet. Quanto scritto resta salvato; riprovi appena torna la connessione.",
    timeout_error: "Il server ha impiegato troppo tempo a rispondere. Riprovi.",
    auth_error: "La sessione non è valida o è scaduta. Acceda di nuovo al portale.",
    server_error: "Il server non ha potuto rispondere. Riprovi tra qualche minuto.",
    refused: "Impossibile completare:",
    all: "Tutti",
    filter_label: "Filtra per stato",
    overdue: "scaduta",
    you: "Lei",
    support: "Assistenza",
    conversation: "Conversazione",
    reply_label: "Rispondi",
    reply_required: "Scriva la sua risposta.",
    sending: "Invio in corso…",
    send_reply: "Invia risposta",
    close_ticket: "Chiudi ticket",
    new_ticket: "Nuovo ticket",
    subject_search: "Cerca oggetto",
    best_matches: "Più vicini a ciò che hai scritto",
    subject: "Oggetto",
    choose_subject: "Scelga un oggetto…",
    description: "Descriva il problema",
    estimated_resolution_if_now: "Risoluzione prevista se lo invia ora:",
    create: "Apri ticket",
    did_you_mean: "Forse intendeva:",
    check_fields: "Controlli i campi evidenziati.",
    subject_required: "Scelga un oggetto dall'elenco.",
    description_required: "Descriva il problema.",
    draft_kept: "La bozza resta su questo dispositivo finché il ticket non viene aperto.",
    lookup_label: "Numero del ticket",
    lookup: "Cerca",
    navigation: "Sezioni dell'assistenza",
    zone_full: "La sua zona ha già il massimo di {n} ticket attivi. Non possiamo aprirne uno nuovo finché uno non viene risolto; se è urgente, chiami l'assistenza.",
    line_full: "Ha già {n} ticket attivi, il massimo per una linea. Scriva in uno di essi o attenda che uno venga risolto.",
    back_office: "Numero di assistenza",
    back_office_pending: "In arrivo al team di assistenza",
    statuses: ["Aperto", "In lavorazione", "Risposto", "Risposta del cliente", "In attesa", "Risolto", "Chiuso"],
    priorities: ["Bassa", "Normale", "Alta", "Molto alta"],
    priority_groups: ["Priorità bassa", "Priorità normale", "Priorità alta", "Priorità molto alta"],
    groups: ["Aperto", "In lavorazione", "Chiuso"],
};

/// Every language the widget speaks; the first is the default.
pub static LANGUAGES: [&Texts; 3] = [&ES, &EN, &IT];

fn priority_index(level: PriorityLevel) -> usize {
    match level {
        PriorityLevel::Low => 0,
        PriorityLevel::Normal => 1,
        PriorityLevel::High => 2,
        PriorityLevel::VeryHigh => 3,
    }
}

impl Texts {
    /// The language for a BCP 47 tag (`es-CO`, `en`, `it-IT`…): by its primary subtag,
    /// Spanish when the widget does not speak it.
    #[must_use]
    pub fn for_locale(tag: &str) -> &'static Self {
        let primary = tag.split(['-', '_']).next().unwrap_or_default();
        LANGUAGES.iter().copied().find(|t| t.lang.eq_ignore_ascii_case(primary)).unwrap_or(&ES)
    }

    /// The label of a priority: the level's name when known, else the back end's label.
    #[must_use]
    pub fn priority_label(&self, priority: &Priority) -> String {
        priority.level.map_or_else(|| priority.label.clone(), |l| self.priorities[priority_index(l)].to_owned())
    }

    /// The label of a status: the kind's name when known, else the back end's own label.
    #[must_use]
    pub fn status_label(&self, status: &Status) -> String {
        let i = match status.kind {
            StatusKind::Open => 0,
            StatusKind::InProgress => 1,
            StatusKind::Answered => 2,
            StatusKind::CustomerReply => 3,
            StatusKind::OnHold => 4,
            StatusKind::Resolved => 5,
            StatusKind::Closed => 6,
            StatusKind::Other => return status.label.clone(),
        };
        self.statuses[i].to_owned()
    }

    /// The zone is at its maximum: what it means and what the subscriber can do.
    #[must_use]
    pub fn zone_full(&self, max_tickets: &str) -> String {
        self.zone_full.replace("{n}", max_tickets)
    }

    /// The subscriber's line is at its own maximum: what it means and what to do instead.
    #[must_use]
    pub fn line_full(&self, max_tickets: &str) -> String {
        self.line_full.replace("{n}", max_tickets)
    }

    /// The heading of a priority group of subjects.
    #[must_use]
    pub fn priority_group(&self, level: PriorityLevel) -> &'static str {
        self.priority_groups[priority_index(level)]
    }

    /// The label of a status group.
    #[must_use]
    pub fn group(&self, group: StatusGroup) -> &'static str {
        match group {
            StatusGroup::Open => self.groups[0],
            StatusGroup::InProgress => self.groups[1],
            StatusGroup::Closed => self.groups[2],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_locale_picks_the_language_by_its_primary_subtag() {
        assert_eq!(Texts::for_locale("en-US").lang, "en");
        assert_eq!(Texts::for_locale("it_IT").lang, "it");
        assert_eq!(Texts::for_locale("ES-co").lang, "es");
        assert_eq!(Texts::for_locale("fr-FR").lang, "es", "unknown languages fall back to Spanish");
        assert_eq!(Texts::for_locale("").lang, "es");
    }

    /// Every string of every language is written, and translated: no blanks, no text
    /// copied from Spanish except where the words are the same (Ticket, Normal).
    #[test]
    fn every_string_is_present_and_translated() {
        fn all(t: &Texts) -> Vec<&'static str> {
            let mut v = vec![
                t.title,
                t.my_tickets,
                t.loading,
                t.empty,
                t.empty_filtered,
                t.new_answer,
                t.zone_full_outage,
                t.retry,
                t.back,
                t.created,
                t.estimated_resolution,
                t.priority,
                t.status,
                t.latest_answer,
                t.no_answer,
                t.ticket,
                t.not_found,
                t.network_error,
                t.offline_error,
                t.timeout_error,
                t.auth_error,
                t.server_error,
                t.refused,
                t.all,
                t.filter_label,
                t.overdue,
                t.you,
                t.support,
                t.conversation,
                t.reply_label,
                t.reply_required,
                t.sending,
                t.send_reply,
                t.close_ticket,
                t.new_ticket,
                t.subject_search,
                t.subject,
                t.choose_subject,
                t.description,
                t.estimated_resolution_if_now,
                t.create,
                t.did_you_mean,
                t.check_fields,
                t.subject_required,
                t.description_required,
                t.draft_kept,
                t.lookup_label,
                t.lookup,
                t.navigation,
                t.zone_full,
                t.line_full,
                t.back_office,
                t.back_office_pending,
            ];
            v.extend(t.statuses);
            v.extend(t.priorities);
            v.extend(t.priority_groups);
            v.extend(t.groups);
            v
        }
        let es = all(&ES);
        for t in [&EN, &IT] {
            let other = all(t);
            assert_eq!(other.len(), es.len());
            for (a, b) in es.iter().zip(&other) {
                assert!(!b.trim().is_empty(), "{}: a blank string", t.lang);
                let same_word = ["Ticket", "Normal", "Alta", "Soporte"].contains(a);
                assert!(a != b || same_word, "{}: {b:?} is still the Spanish text", t.lang);
            }
            assert!(t.zone_full.contains("{n}"), "{}: the zone message must show the limit", t.lang);
        }
    }

    #[test]
    fn unknown_labels_keep_the_back_ends_words() {
        let status = Status { kind: StatusKind::Other, label: "Escalado N2".into() };
        assert_eq!(EN.status_label(&status), "Escalado N2");
        let known = Status { kind: StatusKind::Answered, label: "Answered".into() };
        assert_eq!(IT.status_label(&known), "Risposto");
        assert_eq!(ES.zone_full("3").matches('3').count(), 1);
    }
}
