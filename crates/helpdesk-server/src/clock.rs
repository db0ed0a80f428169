//! The server's clock: local times in the ISP's timezone, and UTC instants as text.

use chrono::{DateTime, NaiveDateTime, SecondsFormat, Utc};
use chrono_tz::Tz;
use helpdesk_core::policy::LocalClock;

/// [`LocalClock`] over the IANA timezone database (chrono-tz).
#[derive(Debug, Clone, Copy, Default)]
pub struct TzClock;

impl LocalClock for TzClock {
    fn local_time(&self, zone: &str, instant: DateTime<Utc>) -> Option<NaiveDateTime> {
        let tz: Tz = zone.parse().ok()?;
        Some(instant.with_timezone(&tz).naive_local())
    }
}

/// The one text form of UTC instants, in answers and in the database: RFC 3339 to the
/// second with `Z`, so that string order is time order.
///
/// # Example
/// ```
/// let t = "2026-02-26T15:00:00.250Z".parse().unwrap();
/// assert_eq!(helpdesk_server::clock::utc_text(t), "2026-02-26T15:00:00Z");
/// ```
#[must_use]
pub fn utc_text(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}
