//! The flat wire form of a [`Policy`], as the server writes it and serde reads it.

use serde::{Deserialize, Serialize};

use super::Policy;
use crate::calendar::Calendar;
use crate::catalog::Catalog;
use crate::zone::ZoneLimit;

/// The flat wire form of a [`Policy`], with the setting names of the envelope API
/// (`max_tickets`, `active_states`, ...). Spelled out rather than `#[serde(flatten)]`, which
/// costs the widget's wasm a generic buffering deserializer.
#[derive(Serialize, Deserialize)]
#[serde(default)]
pub(super) struct PolicyWire {
    max_tickets: u32,
    active_states: Vec<u8>,
    resolution_days: u32,
    timezone: String,
    calendar: Calendar,
    catalog: Catalog,
    max_text_chars: u32,
    max_tickets_per_service: u32,
}

impl Default for PolicyWire {
    fn default() -> Self {
        Policy::default().into()
    }
}

impl From<PolicyWire> for Policy {
    fn from(w: PolicyWire) -> Self {
        Self {
            zone: ZoneLimit { max_tickets: w.max_tickets, active_states: w.active_states },
            resolution_days: w.resolution_days,
            timezone: w.timezone,
            calendar: w.calendar,
            catalog: w.catalog,
            max_text_chars: w.max_text_chars,
            max_tickets_per_service: w.max_tickets_per_service,
        }
    }
}

impl From<Policy> for PolicyWire {
    fn from(p: Policy) -> Self {
        Self {
            max_tickets: p.zone.max_tickets,
            active_states: p.zone.active_states,
            resolution_days: p.resolution_days,
            timezone: p.timezone,
            calendar: p.calendar,
            catalog: p.catalog,
            max_text_chars: p.max_text_chars,
            max_tickets_per_service: p.max_tickets_per_service,
        }
    }
}
