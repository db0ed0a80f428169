//! Statuses: each back end's label, its normalised kind, and the groups a subscriber filters by.

use serde::{Deserialize, Serialize};

/// The normalised meaning of a status label.
///
/// # Example
/// ```
/// use helpdesk_core::{Status, StatusKind};
/// assert_eq!(Status::from_label("On Hold").kind, StatusKind::OnHold);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusKind {
    /// New, awaiting action (`1`, `Abierto`, `Nuevo`, `Open`).
    Open,
    /// A technician is on it (`2`, `En Progreso`, `In Progress`).
    InProgress,
    /// Staff answered; waiting on the subscriber (WHMCS `Answered`).
    Answered,
    /// The subscriber replied; waiting on staff (WHMCS `Customer-Reply`).
    CustomerReply,
    /// Paused (WHMCS `On Hold`).
    OnHold,
    /// Solved, not yet closed (`3`, `Resuelto`, `Resolved`).
    Resolved,
    /// Closed (`4`, `Cerrado`, `Closed`).
    Closed,
    /// A label this crate does not know; the label is kept for display.
    Other,
}

/// The three groups a subscriber filters by.
///
/// # Example
/// ```
/// use helpdesk_core::{StatusGroup, StatusKind};
/// assert_eq!(StatusKind::Answered.group(), StatusGroup::InProgress);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusGroup {
    /// Waiting for the ISP to start.
    Open,
    /// Being worked on, or waiting on one side.
    InProgress,
    /// Resolved or closed.
    Closed,
}

impl StatusKind {
    /// The filter group of this status.
    ///
    /// # Example
    /// ```
    /// use helpdesk_core::{StatusGroup, StatusKind};
    /// assert_eq!(StatusKind::Resolved.group(), StatusGroup::Closed);
    /// assert_eq!(StatusKind::OnHold.group(), StatusGroup::InProgress);
    /// ```
    #[must_use]
    pub fn group(self) -> StatusGroup {
        match self {
            Self::Open | Self::Other => StatusGroup::Open,
            Self::InProgress | Self::Answered | Self::CustomerReply | Self::OnHold => StatusGroup::InProgress,
            Self::Resolved | Self::Closed => StatusGroup::Closed,
        }
    }

    /// The numeric state code of the envelope API (WispHub: 1 new, 2 in progress,
    /// 3 resolved, 4 closed).
    ///
    /// # Example
    /// ```
    /// use helpdesk_core::StatusKind;
    /// assert_eq!(StatusKind::Closed.code(), 4);
    /// ```
    #[must_use]
    pub fn code(self) -> u8 {
        match self {
            Self::Open | Self::Other => 1,
            Self::InProgress | Self::Answered | Self::CustomerReply | Self::OnHold => 2,
            Self::Resolved => 3,
            Self::Closed => 4,
        }
    }

    /// The kind for a numeric state code, if the code is known.
    ///
    /// # Example
    /// ```
    /// use helpdesk_core::StatusKind;
    /// assert_eq!(StatusKind::from_code(2), Some(StatusKind::InProgress));
    /// assert_eq!(StatusKind::from_code(9), None);
    /// ```
    #[must_use]
    pub fn from_code(code: i64) -> Option<Self> {
        match code {
            1 => Some(Self::Open),
            2 => Some(Self::InProgress),
            3 => Some(Self::Resolved),
            4 => Some(Self::Closed),
            _ => None,
        }
    }
}

/// A status: the normalised kind and the back end's own label.
///
/// # Example
/// ```
/// let s = helpdesk_core::Status::from_label("Cerrado");
/// assert_eq!(s.label, "Cerrado");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Status {
    /// Normalised meaning.
    pub kind: StatusKind,
    /// The back end's own label, for display.
    pub label: String,
}

impl Status {
    /// Normalise a back end's status label (or numeric code as text).
    ///
    /// Matching ignores case and surrounding spaces; an unknown label becomes
    /// [`StatusKind::Other`] and is kept.
    ///
    /// # Example
    /// ```
    /// use helpdesk_core::{Status, StatusKind};
    /// assert_eq!(Status::from_label("En Progreso").kind, StatusKind::InProgress);
    /// assert_eq!(Status::from_label("Customer-Reply").kind, StatusKind::CustomerReply);
    /// let odd = Status::from_label("Esperando repuesto");
    /// assert_eq!((odd.kind, odd.label.as_str()), (StatusKind::Other, "Esperando repuesto"));
    /// ```
    #[must_use]
    pub fn from_label(label: &str) -> Self {
        // Every known label is ASCII, so ASCII case folding decides as full folding would.
        let key = label.trim().to_ascii_lowercase();
        let kind = match key.as_str() {
            "1" | "abierto" | "abierta" | "nuevo" | "nueva" | "open" | "new" | "aperto" => StatusKind::Open,
            "2" | "en progreso" | "en proceso" | "in progress" | "in-progress" | "in corso" => StatusKind::InProgress,
            "answered" | "respondido" | "risposto" => StatusKind::Answered,
            "customer-reply" | "customer reply" => StatusKind::CustomerReply,
            "on hold" | "on-hold" | "en espera" | "in attesa" => StatusKind::OnHold,
            "3" | "resuelto" | "resolved" | "risolto" => StatusKind::Resolved,
            "4" | "cerrado" | "closed" | "chiuso" => StatusKind::Closed,
            _ => StatusKind::Other,
        };
        Self { kind, label: label.trim().to_owned() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_status(label: &str, kind: StatusKind) {
        assert_eq!(Status::from_label(label).kind, kind, "label {label:?}");
    }

    #[test]
    fn status_labels_of_every_dialect_normalise() {
        check_status("Abierto", StatusKind::Open);
        check_status(" open ", StatusKind::Open);
        check_status("1", StatusKind::Open);
        check_status("EN PROGRESO", StatusKind::InProgress);
        check_status("In Progress", StatusKind::InProgress);
        check_status("Answered", StatusKind::Answered);
        check_status("On Hold", StatusKind::OnHold);
        check_status("Resuelto", StatusKind::Resolved);
        check_status("Cerrado", StatusKind::Closed);
        check_status("Closed", StatusKind::Closed);
        check_status("4", StatusKind::Closed);
        check_status("", StatusKind::Other);
    }

    #[test]
    fn status_code_round_trips_for_known_codes() {
        for code in 1..=4 {
            let kind = StatusKind::from_code(code).expect("known code");
            assert_eq!(i64::from(kind.code()), code);
        }
    }
}
