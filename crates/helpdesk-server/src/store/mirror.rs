//! The values of the mirror: the back office's tickets and staff answers as the store keeps
//! them, and what one mirroring pass changed.

use chrono::{DateTime, NaiveDateTime, Utc};
use helpdesk_core::{PriorityLevel, StatusKind};

use super::NewTicket;

/// A ticket as the back office holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpstreamTicket {
    /// The back office's ticket number.
    pub upstream_id: i64,
    /// The number it shows its users, when not the id (WHMCS's `tid`).
    pub number: Option<String>,
    /// The service (subscriber line) it belongs to.
    pub service_id: i64,
    /// Its technician (the service's when the back office names none).
    pub technician_id: Option<i64>,
    /// Its subject.
    pub subject: String,
    /// Its description (with the gateway's reference, when the gateway opened it).
    pub description: String,
    /// Status code 1..=4.
    pub status: u8,
    /// Priority number 1..=4.
    pub priority: u8,
    /// When it was opened (ISP local time), when the back office says.
    pub created_at: Option<NaiveDateTime>,
    /// Its estimated resolution, when the back office says.
    pub end_date: Option<NaiveDateTime>,
    /// Its public messages, oldest first; `None` when the answer read did not carry them.
    pub answers: Option<Vec<UpstreamAnswer>>,
}

impl UpstreamTicket {
    /// The local ticket that mirrors it, for a service in `zone_id` whose technician is
    /// `technician_id` (unless the back office names one): an unknown priority is normal, an
    /// unknown status open, an unknown opening date `now_local`.
    #[must_use]
    pub fn as_new(&self, zone_id: i64, technician_id: i64, now_local: NaiveDateTime) -> NewTicket {
        NewTicket {
            service_id: self.service_id,
            zone_id,
            technician_id: self.technician_id.unwrap_or(technician_id),
            subject: self.subject.clone(),
            priority: PriorityLevel::from_number(self.priority.into()).unwrap_or(PriorityLevel::Normal),
            description: self.description.clone(),
            status: StatusKind::from_code(self.status.into()).unwrap_or(StatusKind::Open),
            created_at: self.created_at.unwrap_or(now_local),
            end_date: self.end_date,
            deliver_as: None,
        }
    }
}

/// One public message of a back-office ticket's thread: a staff answer, or the
/// subscriber's own (never a staff-only note: those are not mirrored at all).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpstreamAnswer {
    /// The back office's id of the message.
    pub upstream_id: i64,
    /// Who wrote it.
    pub author: String,
    /// What it says.
    pub body: String,
    /// When (ISP local time).
    pub at: NaiveDateTime,
    /// Staff wrote it (else the subscriber did).
    pub by_staff: bool,
    /// It is the message the ticket was opened with (the gateway's own tickets have it already).
    pub opening: bool,
}

/// What one mirroring pass changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mirrored {
    /// Tickets the back office holds that the gateway had not seen (opened in the back office).
    pub added: u64,
    /// The gateway's own tickets found by their reference before their delivery recorded them.
    pub linked: u64,
    /// Tickets whose status changed.
    pub updated: u64,
    /// Messages added.
    pub answers: u64,
    /// Tickets of services the gateway does not know (skipped: no subscriber can see them).
    pub skipped: u64,
    /// Those services, each once.
    pub unknown_services: Vec<i64>,
    /// Mirrored tickets the back office no longer lists (closed here: it no longer counts them).
    pub gone: u64,
}

/// A local ticket's link to the back office.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MirrorCopy {
    /// The back office's ticket number.
    pub upstream_id: i64,
    /// When the mirror last read it, with its thread, from the back office, if ever (a ticket
    /// delivered but not yet read back has its delivery's time; a list without threads does
    /// not count).
    pub synced_at: Option<DateTime<Utc>>,
    /// The number the back office shows its users, when it has one apart (WHMCS's `tid`).
    pub number: Option<String>,
}

/// The reference the gateway writes into the tickets and replies it delivers
/// (`[helpdesk <hex>]`), if `text` carries one (the last, when it quotes others).
#[must_use]
pub fn reference_in(text: &str) -> Option<&str> {
    let start = text.rfind("[helpdesk ")?;
    let end = text[start..].find(']')?;
    Some(&text[start..=start + end])
}

#[cfg(test)]
mod tests {
    use super::reference_in;

    #[test]
    fn the_reference_is_found_at_the_end_of_a_text() {
        assert_eq!(reference_in("No hay señal\n\n[helpdesk 0a1b2c]"), Some("[helpdesk 0a1b2c]"));
        assert_eq!(reference_in("[helpdesk a] citado\n\n[helpdesk b]"), Some("[helpdesk b]"));
        assert_eq!(reference_in("sin referencia"), None);
        assert_eq!(reference_in("[helpdesk sin cierre"), None);
    }
}
