//! Priorities: the catalog's four levels and each back end's label.

use serde::{Deserialize, Serialize};

/// The four priority levels of the subject catalog.
///
/// # Example
/// ```
/// use helpdesk_core::PriorityLevel;
/// assert!(PriorityLevel::VeryHigh > PriorityLevel::Low);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PriorityLevel {
    /// 1, Baja.
    Low,
    /// 2, Normal.
    Normal,
    /// 3, Alta.
    High,
    /// 4, Muy Alta.
    VeryHigh,
}

impl PriorityLevel {
    /// The numeric level, 1..=4.
    ///
    /// # Example
    /// ```
    /// assert_eq!(helpdesk_core::PriorityLevel::VeryHigh.number(), 4);
    /// ```
    #[must_use]
    pub fn number(self) -> u8 {
        match self {
            Self::Low => 1,
            Self::Normal => 2,
            Self::High => 3,
            Self::VeryHigh => 4,
        }
    }

    /// The level for a number 1..=4.
    ///
    /// # Example
    /// ```
    /// use helpdesk_core::PriorityLevel;
    /// assert_eq!(PriorityLevel::from_number(3), Some(PriorityLevel::High));
    /// assert_eq!(PriorityLevel::from_number(0), None);
    /// ```
    #[must_use]
    pub fn from_number(n: i64) -> Option<Self> {
        match n {
            1 => Some(Self::Low),
            2 => Some(Self::Normal),
            3 => Some(Self::High),
            4 => Some(Self::VeryHigh),
            _ => None,
        }
    }
}

/// A priority: the normalised level (when recognised) and the back end's own label.
///
/// # Example
/// ```
/// let p = helpdesk_core::Priority::from_label("Alta");
/// assert_eq!((p.level.map(|l| l.number()), p.label.as_str()), (Some(3), "Alta"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Priority {
    /// Normalised level, `None` when the label is not recognised.
    pub level: Option<PriorityLevel>,
    /// The back end's own label, for display.
    pub label: String,
}

impl Priority {
    /// Normalise a back end's priority label (`"3"`, `"Alta"`, `"High"`, `"Medium"`...).
    ///
    /// # Example
    /// ```
    /// use helpdesk_core::{Priority, PriorityLevel};
    /// assert_eq!(Priority::from_label("3").level, Some(PriorityLevel::High));
    /// assert_eq!(Priority::from_label("Medium").level, Some(PriorityLevel::Normal));
    /// assert_eq!(Priority::from_label("urgentísimo").level, None);
    /// ```
    #[must_use]
    pub fn from_label(label: &str) -> Self {
        // Every known label is ASCII, so ASCII case folding decides as full folding would.
        let key = label.trim().to_ascii_lowercase();
        let level = match key.as_str() {
            "1" | "baja" | "low" | "bassa" => Some(PriorityLevel::Low),
            "2" | "normal" | "medium" | "media" | "normale" => Some(PriorityLevel::Normal),
            "3" | "alta" | "high" => Some(PriorityLevel::High),
            "4" | "muy alta" | "very high" | "urgent" | "urgente" | "molto alta" => Some(PriorityLevel::VeryHigh),
            _ => None,
        };
        Self { level, label: label.trim().to_owned() }
    }

    /// The priority of a known level, labelled with its number as the envelope API does.
    ///
    /// # Example
    /// ```
    /// use helpdesk_core::{Priority, PriorityLevel};
    /// assert_eq!(Priority::of(PriorityLevel::High).label, "3");
    /// ```
    #[must_use]
    pub fn of(level: PriorityLevel) -> Self {
        Self { level: Some(level), label: level.number().to_string() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn priority_levels_round_trip_through_numbers() {
        for n in 1..=4 {
            let level = PriorityLevel::from_number(n).expect("known level");
            assert_eq!(i64::from(level.number()), n);
            assert_eq!(Priority::of(level).level, Some(level));
        }
    }
}
