//! The rules in force, as one value: the server serialises it, the widget reads it, and
//! both compute with the same inputs.
//!
//! [`wire`] is the flat JSON form the server writes (serde); [`read`] is the reader the
//! widget uses, without serde's derived deserializers (ARCHITECTURE.md, "Size"). A property
//! test holds the reader equal to serde's reading of the same JSON.

mod read;
mod wire;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::calendar::{BusinessDays, Calendar};
use crate::catalog::Catalog;
use crate::zone::ZoneLimit;

/// Everything the rules depend on.
///
/// # Example: the defaults of the envelope API
/// ```
/// let p = helpdesk_core::policy::Policy::default();
/// assert_eq!((p.zone.max_tickets, p.resolution_days, p.timezone.as_str()), (3, 3, "America/Bogota"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "wire::PolicyWire", into = "wire::PolicyWire")]
pub struct Policy {
    /// The per-zone limit of active tickets.
    pub zone: ZoneLimit,
    /// Business days from opening to the estimated resolution (`MAX_TICKET_RESOLUTION_DAYS`).
    pub resolution_days: u32,
    /// The ISP's IANA timezone: ticket dates are its local wall-clock time.
    pub timezone: String,
    /// Weekends and holidays.
    pub calendar: Calendar,
    /// The subjects a ticket may have.
    pub catalog: Catalog,
    /// The longest text, in characters (Unicode scalar values), of a ticket's description or
    /// a message: the server refuses longer ones, the widget's fields stop there.
    pub max_text_chars: u32,
    /// How many active tickets one service (subscriber line) may hold, so that one line
    /// cannot fill its zone; 0 for no limit of its own (the zone's alone).
    pub max_tickets_per_service: u32,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            zone: ZoneLimit::default(),
            resolution_days: 3,
            timezone: "America/Bogota".to_owned(),
            calendar: Calendar::default(),
            catalog: Catalog::default(),
            max_text_chars: 5_000,
            max_tickets_per_service: 0,
        }
    }
}

impl Policy {
    /// Whether a service holding `active` active tickets is at its own limit.
    ///
    /// # Example
    /// ```
    /// let p = helpdesk_core::policy::Policy { max_tickets_per_service: 2, ..Default::default() };
    /// assert!(!p.service_is_full(1));
    /// assert!(p.service_is_full(2));
    /// assert!(!helpdesk_core::policy::Policy::default().service_is_full(1_000), "0: no limit");
    /// ```
    #[must_use]
    pub fn service_is_full(&self, active: u64) -> bool {
        self.services_are_limited() && active >= u64::from(self.max_tickets_per_service)
    }

    /// Whether services have a limit of their own (`max_tickets_per_service` > 0); without
    /// one, a service's active tickets need not be counted.
    #[must_use]
    pub fn services_are_limited(&self) -> bool {
        self.max_tickets_per_service > 0
    }

    /// Whether `text` is within [`Policy::max_text_chars`].
    ///
    /// # Example
    /// ```
    /// let p = helpdesk_core::policy::Policy::default();
    /// assert!(p.text_fits(&"ñ".repeat(5_000)));
    /// assert!(!p.text_fits(&"a".repeat(5_001)));
    /// ```
    #[must_use]
    pub fn text_fits(&self, text: &str) -> bool {
        usize::try_from(self.max_text_chars).map_or(true, |max| text.chars().count() <= max)
    }
}

impl Policy {
    /// The policy a JSON object describes (the wire form the server writes with serde);
    /// what it leaves out keeps its default.
    ///
    /// # Example
    /// ```
    /// use helpdesk_core::policy::Policy;
    /// let p = Policy::from_json(&serde_json::json!({"max_tickets": 5, "timezone": "Europe/Rome"})).unwrap();
    /// assert_eq!((p.zone.max_tickets, p.timezone.as_str(), p.resolution_days), (5, "Europe/Rome", 3));
    /// assert!(Policy::from_json(&serde_json::json!({"max_tickets": "five"})).is_err());
    /// ```
    ///
    /// # Errors
    /// Which setting does not read, and what it should be.
    pub fn from_json(value: &serde_json::Value) -> Result<Self, String> {
        read::policy(value)
    }
}

/// Converts an instant to the wall-clock time of a named IANA timezone.
///
/// The core ships no timezone database: the server implements this with `chrono-tz`, the
/// browser with `Intl.DateTimeFormat`.
///
/// # Example
/// ```
/// use chrono::{DateTime, NaiveDateTime, Utc};
/// use helpdesk_core::policy::LocalClock;
/// struct Utc0;
/// impl LocalClock for Utc0 {
///     fn local_time(&self, zone: &str, t: DateTime<Utc>) -> Option<NaiveDateTime> {
///         (zone == "UTC").then(|| t.naive_utc())
///     }
/// }
/// let t: DateTime<Utc> = "2026-02-26T15:00:00Z".parse().unwrap();
/// assert!(Utc0.local_time("Europe/Rome", t).is_none());
/// ```
pub trait LocalClock {
    /// The local time in `zone` at `instant`, or `None` when the zone is unknown.
    fn local_time(&self, zone: &str, instant: DateTime<Utc>) -> Option<NaiveDateTime>;
}

/// The opening time and the estimated resolution of a ticket, in the ISP's local time.
///
/// # Example
/// ```
/// use helpdesk_core::policy::Estimate;
/// let e: Estimate = serde_json::from_str(r#"{"created_at":"2026-02-26T10:00:00","end_date":"2026-03-03T10:00:00"}"#).unwrap();
/// assert!(e.end_date > e.created_at);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Estimate {
    /// When the ticket is opened, local time.
    pub created_at: NaiveDateTime,
    /// The estimated resolution, local time.
    pub end_date: NaiveDateTime,
}

/// The policy names a timezone the clock does not know.
///
/// # Example
/// ```
/// let e = helpdesk_core::policy::UnknownTimezone("Mars/Olympus".into());
/// assert_eq!(e.to_string(), "unknown timezone \"Mars/Olympus\"");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownTimezone(pub String);

impl std::fmt::Display for UnknownTimezone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unknown timezone \"{}\"", self.0)
    }
}

impl std::error::Error for UnknownTimezone {}

impl Policy {
    /// The estimate for a ticket opened at `now` (UTC): the local opening time and that time
    /// plus [`Policy::resolution_days`] business days.
    ///
    /// # Example: a fixed-offset clock standing in for Bogotá (UTC−5)
    /// ```
    /// use chrono::{DateTime, Duration, NaiveDateTime, Utc};
    /// use helpdesk_core::policy::{LocalClock, Policy};
    /// struct Bogota;
    /// impl LocalClock for Bogota {
    ///     fn local_time(&self, _: &str, t: DateTime<Utc>) -> Option<NaiveDateTime> {
    ///         Some(t.naive_utc() - Duration::hours(5))
    ///     }
    /// }
    /// let now = "2026-02-26T15:00:00Z".parse().unwrap(); // Thursday 10:00 in Bogotá
    /// let e = Policy::default().estimate(now, &Bogota).unwrap();
    /// assert_eq!(e.end_date.to_string(), "2026-03-03 10:00:00");
    /// ```
    ///
    /// # Errors
    /// [`UnknownTimezone`] when `clock` does not know [`Policy::timezone`].
    pub fn estimate(&self, now: DateTime<Utc>, clock: &impl LocalClock) -> Result<Estimate, UnknownTimezone> {
        let created_at = self.created_at(now, clock)?;
        Ok(Estimate { created_at, end_date: self.calendar.add_business_days(created_at, self.resolution_days) })
    }

    /// [`Policy::estimate`] on `days`, this policy's calendar compiled
    /// (`BusinessDays::new(&policy.calendar)`), for a caller that estimates many times.
    ///
    /// # Errors
    /// [`UnknownTimezone`] when `clock` does not know [`Policy::timezone`].
    pub fn estimate_on(
        &self,
        days: &BusinessDays,
        now: DateTime<Utc>,
        clock: &impl LocalClock,
    ) -> Result<Estimate, UnknownTimezone> {
        let created_at = self.created_at(now, clock)?;
        Ok(Estimate { created_at, end_date: days.add_business_days(created_at, self.resolution_days) })
    }

    /// The local time of `now`, to the minute (ticket dates carry minutes, not seconds).
    fn created_at(&self, now: DateTime<Utc>, clock: &impl LocalClock) -> Result<NaiveDateTime, UnknownTimezone> {
        let local = clock.local_time(&self.timezone, now).ok_or_else(|| UnknownTimezone(self.timezone.clone()))?;
        Ok(local.date().and_time(
            chrono::NaiveTime::from_hms_opt(chrono::Timelike::hour(&local), chrono::Timelike::minute(&local), 0)
                .unwrap_or_default(),
        ))
    }
}
