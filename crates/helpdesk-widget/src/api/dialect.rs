//! The back-end dialects the widget speaks and what each can do. A leaf: it imports
//! nothing of the crate, so the configuration can name a dialect without importing the
//! client.

/// The back-end dialect the widget speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dialect {
    /// The envelope API (seeds 000/001 and helpdesk-server's extensions): everything.
    #[default]
    Envelope,
    /// WHMCS/Keliweb `get-ticket` (seed 002): one ticket with its thread, by number.
    Whmcs,
    /// The ISP-CRM subscriber list (seed 003): the list only.
    Crm,
}

/// What a back end can do; the UI offers nothing else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(clippy::struct_excessive_bools)] // one flag per capability is the point
pub struct Capabilities {
    /// List the subscriber's tickets.
    pub list: bool,
    /// Open one ticket with its thread.
    pub thread: bool,
    /// Look a ticket up by the number shown to users.
    pub lookup: bool,
    /// Open a new ticket.
    pub create: bool,
    /// Reply to a ticket.
    pub reply: bool,
    /// Close one's own ticket.
    pub close: bool,
}

impl Dialect {
    /// The dialect of a configuration name (`envelope`, `whmcs`, `crm`).
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        match name.trim().to_ascii_lowercase().as_str() {
            "envelope" => Some(Self::Envelope),
            "whmcs" => Some(Self::Whmcs),
            "crm" => Some(Self::Crm),
            _ => None,
        }
    }

    /// What this dialect's back end supports.
    #[must_use]
    pub fn capabilities(self) -> Capabilities {
        match self {
            Self::Envelope => {
                Capabilities { list: true, thread: true, lookup: false, create: true, reply: true, close: true }
            }
            Self::Whmcs => {
                Capabilities { list: false, thread: true, lookup: true, create: false, reply: false, close: false }
            }
            Self::Crm => {
                Capabilities { list: true, thread: false, lookup: false, create: false, reply: false, close: false }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capabilities_follow_the_dialect() {
        assert!(Dialect::Envelope.capabilities().create);
        assert!(!Dialect::Whmcs.capabilities().list && Dialect::Whmcs.capabilities().lookup);
        assert!(Dialect::Crm.capabilities().list && !Dialect::Crm.capabilities().thread);
    }

    #[test]
    fn dialect_names() {
        assert_eq!(Dialect::from_name(" WHMCS "), Some(Dialect::Whmcs));
        assert_eq!(Dialect::from_name("crm"), Some(Dialect::Crm));
        assert_eq!(Dialect::from_name("soap"), None);
    }
}
