//! The rules in force, as one value: the server serialises it, the widget reads it, and
//! both compute with the same inputs.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::calendar::Calendar;
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
#[serde(from = "PolicyWire", into = "PolicyWire")]
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
}

/// The flat wire form of a [`Policy`], with the setting names of the envelope API
/// (`max_tickets`, `active_states`, ...). Spelled out rather than `#[serde(flatten)]`, which
/// costs the widget's wasm a generic buffering deserializer.
#[derive(Serialize, Deserialize)]
#[serde(default)]
struct PolicyWire {
    max_tickets: u32,
    active_states: Vec<u8>,
    resolution_days: u32,
    timezone: String,
    calendar: Calendar,
    catalog: Catalog,
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
        }
    }
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            zone: ZoneLimit::default(),
            resolution_days: 3,
            timezone: "America/Bogota".to_owned(),
            calendar: Calendar::default(),
            catalog: Catalog::default(),
        }
    }
}

/// Reading a [`Policy`] from its JSON value without serde's derived deserializers.
///
/// The widget reads the policy once per form, and the derived deserializers (with serde's
/// error formatting) are a tenth of its wasm. This reader accepts exactly the values
/// `serde_json::from_value::<Policy>` accepts for objects, with the same result; a
/// property test holds the two equal.
mod read {
    use std::collections::BTreeSet;

    use chrono::{NaiveDate, Weekday};
    use serde_json::{Map, Value};

    use super::Policy;
    use crate::PriorityLevel;
    use crate::calendar::{Calendar, Country};
    use crate::catalog::{Catalog, Subject};

    type Read<T> = Result<T, String>;

    fn invalid(field: &str, expected: &str) -> String {
        format!("{field}: expected {expected}")
    }

    fn object<'a>(value: &'a Value, field: &str) -> Read<&'a Map<String, Value>> {
        value.as_object().ok_or_else(|| invalid(field, "an object"))
    }

    fn list<'a>(value: &'a Value, field: &str) -> Read<&'a [Value]> {
        value.as_array().map(Vec::as_slice).ok_or_else(|| invalid(field, "a list"))
    }

    fn number<T: TryFrom<u64>>(value: &Value, field: &str) -> Read<T> {
        value.as_u64().and_then(|n| T::try_from(n).ok()).ok_or_else(|| invalid(field, "a whole number in range"))
    }

    fn text<'a>(value: &'a Value, field: &str) -> Read<&'a str> {
        value.as_str().ok_or_else(|| invalid(field, "text"))
    }

    fn parsed<T: std::str::FromStr>(value: &Value, field: &str) -> Read<T> {
        text(value, field)?.parse().map_err(|_| invalid(field, "a known value"))
    }

    fn dates(value: &Value, field: &str) -> Read<BTreeSet<NaiveDate>> {
        let mut dates = BTreeSet::new();
        for date in list(value, field)? {
            dates.insert(
                crate::time::parse_date(text(date, field)?).ok_or_else(|| invalid(field, "a date like 2026-12-24"))?,
            );
        }
        Ok(dates)
    }

    fn country(value: &Value) -> Read<Option<Country>> {
        match value {
            Value::Null => Ok(None),
            _ => Country::ALL
                .into_iter()
                .find(|c| value.as_str() == Some(c.code()))
                .map(Some)
                .ok_or_else(|| invalid("country", "a country code")),
        }
    }

    fn priority(value: &Value) -> Read<PriorityLevel> {
        match value.as_str() {
            Some("low") => Ok(PriorityLevel::Low),
            Some("normal") => Ok(PriorityLevel::Normal),
            Some("high") => Ok(PriorityLevel::High),
            Some("very_high") => Ok(PriorityLevel::VeryHigh),
            _ => Err(invalid("priority", "low, normal, high or very_high")),
        }
    }

    fn calendar(value: &Value) -> Read<Calendar> {
        let mut calendar = Calendar::default();
        for (key, v) in object(value, "calendar")? {
            match key.as_str() {
                "weekend" => {
                    calendar.weekend =
                        list(v, "weekend")?.iter().map(|d| parsed::<Weekday>(d, "weekend")).collect::<Read<_>>()?;
                }
                "country" => calendar.country = country(v)?,
                "extra_holidays" => calendar.extra_holidays = dates(v, "extra_holidays")?,
                "removed_holidays" => calendar.removed_holidays = dates(v, "removed_holidays")?,
                _ => {}
            }
        }
        Ok(calendar)
    }

    fn subject(value: &Value) -> Read<Subject> {
        let fields = object(value, "catalog")?;
        let name = text(fields.get("name").ok_or_else(|| invalid("catalog", "a name"))?, "name")?.to_owned();
        let priority = priority(fields.get("priority").ok_or_else(|| invalid("catalog", "a priority"))?)?;
        Ok(Subject { name, priority })
    }

    fn catalog(value: &Value) -> Read<Catalog> {
        let subjects = list(value, "catalog")?.iter().map(subject).collect::<Read<_>>()?;
        Catalog::new(subjects).map_err(|e| e.to_string())
    }

    /// The policy of a JSON object; what it leaves out keeps its default.
    pub(super) fn policy(value: &Value) -> Read<Policy> {
        let mut policy = Policy::default();
        for (key, v) in object(value, "policy")? {
            match key.as_str() {
                "max_tickets" => policy.zone.max_tickets = number(v, "max_tickets")?,
                "active_states" => {
                    policy.zone.active_states =
                        list(v, "active_states")?.iter().map(|s| number(s, "active_states")).collect::<Read<_>>()?;
                }
                "resolution_days" => policy.resolution_days = number(v, "resolution_days")?,
                "timezone" => text(v, "timezone")?.clone_into(&mut policy.timezone),
                "calendar" => policy.calendar = calendar(v)?,
                "catalog" => policy.catalog = catalog(v)?,
                _ => {}
            }
        }
        Ok(policy)
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
        let local = clock.local_time(&self.timezone, now).ok_or_else(|| UnknownTimezone(self.timezone.clone()))?;
        // Ticket dates carry minutes, not seconds.
        let created_at = local.date().and_time(
            chrono::NaiveTime::from_hms_opt(chrono::Timelike::hour(&local), chrono::Timelike::minute(&local), 0)
                .unwrap_or_default(),
        );
        Ok(Estimate { created_at, end_date: self.calendar.add_business_days(created_at, self.resolution_days) })
    }
}
