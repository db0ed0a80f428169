//! Display formatting of model values.

use chrono::{Datelike, NaiveDateTime, Timelike};

/// A local date-time as the subscriber reads it: `26/02/2026 10:00`.
#[must_use]
pub fn date_time(t: NaiveDateTime) -> String {
    format!("{:02}/{:02}/{} {:02}:{:02}", t.day(), t.month(), t.year(), t.hour(), t.minute())
}
