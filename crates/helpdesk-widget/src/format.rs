//! Display formatting of model values.

use chrono::NaiveDateTime;

/// A local date-time as the subscriber reads it: `26/02/2026 10:00`.
#[must_use]
pub fn date_time(t: NaiveDateTime) -> String {
    t.format("%d/%m/%Y %H:%M").to_string()
}
