//! The per-zone limit of active tickets: too many open tickets in one zone saturate the
//! technicians' visits, so a zone at its maximum takes no new ticket.

use serde::{Deserialize, Serialize};

/// The zone rule: how many active tickets a zone may hold, and which states count as active.
///
/// # Example: the default, three tickets in state 1
/// ```
/// use helpdesk_core::zone::{ZoneDecision, ZoneLimit};
/// let limit = ZoneLimit::default();
/// assert_eq!(limit.decide(2), ZoneDecision::Allowed { remaining: 1 });
/// assert_eq!(limit.decide(3), ZoneDecision::Blocked { max_tickets: 3 });
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ZoneLimit {
    /// Maximum number of active tickets per zone (`MAX_ACTIVE_TICKETS_PER_ZONE`).
    pub max_tickets: u32,
    /// Status codes that count as active (`ACTIVE_TICKET_STATES`).
    pub active_states: Vec<u8>,
}

impl Default for ZoneLimit {
    fn default() -> Self {
        Self { max_tickets: 3, active_states: vec![1] }
    }
}

/// Whether a zone may take another ticket.
///
/// # Example
/// ```
/// use helpdesk_core::zone::{ZoneDecision, ZoneLimit};
/// let json = serde_json::to_string(&ZoneLimit::default().decide(5)).unwrap();
/// assert_eq!(json, r#"{"decision":"blocked","max_tickets":3}"#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum ZoneDecision {
    /// Yes: the zone has room.
    Allowed {
        /// How many more tickets the zone can take now (at least 1).
        remaining: u32,
    },
    /// No: the zone holds `max_tickets` or more active tickets.
    Blocked {
        /// The zone's maximum, for the message to the subscriber.
        max_tickets: u32,
    },
}

impl ZoneDecision {
    /// Whether the zone is blocked.
    ///
    /// # Example
    /// ```
    /// assert!(helpdesk_core::zone::ZoneLimit::default().decide(3).is_blocked());
    /// ```
    #[must_use]
    pub fn is_blocked(self) -> bool {
        matches!(self, Self::Blocked { .. })
    }
}

impl ZoneLimit {
    /// Whether a status code counts as active.
    ///
    /// # Example
    /// ```
    /// let limit = helpdesk_core::zone::ZoneLimit { max_tickets: 3, active_states: vec![1, 2] };
    /// assert!(limit.is_active(2));
    /// assert!(!limit.is_active(4));
    /// ```
    #[must_use]
    pub fn is_active(&self, status_code: u8) -> bool {
        self.active_states.contains(&status_code)
    }

    /// The decision for a zone holding `active_count` active tickets.
    ///
    /// # Example
    /// ```
    /// use helpdesk_core::zone::{ZoneDecision, ZoneLimit};
    /// assert_eq!(ZoneLimit::default().decide(0), ZoneDecision::Allowed { remaining: 3 });
    /// ```
    #[must_use]
    pub fn decide(&self, active_count: u64) -> ZoneDecision {
        let max = u64::from(self.max_tickets);
        if active_count >= max {
            ZoneDecision::Blocked { max_tickets: self.max_tickets }
        } else {
            ZoneDecision::Allowed { remaining: u32::try_from(max - active_count).unwrap_or(u32::MAX) }
        }
    }
}
