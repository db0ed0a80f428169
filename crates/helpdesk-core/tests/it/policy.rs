//! The policy as one value: the estimate in the ISP's local time and its JSON form.

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use helpdesk_core::calendar::Country;
use helpdesk_core::policy::{LocalClock, Policy, UnknownTimezone};

/// A stand-in clock for fixed-offset zones.
struct FixedClock;

impl LocalClock for FixedClock {
    fn local_time(&self, zone: &str, t: DateTime<Utc>) -> Option<NaiveDateTime> {
        let hours = match zone {
            "America/Bogota" | "America/Lima" => -5,
            "UTC" => 0,
            _ => return None,
        };
        Some(t.naive_utc() + Duration::hours(hours))
    }
}

#[test]
fn estimate_uses_the_isps_local_time_not_utc() {
    // 2025-12-31 03:30 UTC is still 30 December 22:30 in Bogotá.
    let now = "2025-12-31T03:30:59Z".parse().expect("instant");
    let e = Policy::default().estimate(now, &FixedClock).expect("estimate");
    assert_eq!(e.created_at.to_string(), "2025-12-30 22:30:00", "seconds dropped, Bogotá time");
    assert_eq!(e.end_date.to_string(), "2026-01-05 22:30:00");
}

#[test]
fn unknown_timezone_is_an_error() {
    let p = Policy { timezone: "Mars/Olympus".into(), ..Policy::default() };
    let now = "2026-01-01T00:00:00Z".parse().expect("instant");
    assert_eq!(p.estimate(now, &FixedClock), Err(UnknownTimezone("Mars/Olympus".into())));
}

#[test]
fn policy_round_trips_through_json_with_the_seed_setting_names() {
    let mut p = Policy { calendar: helpdesk_core::calendar::Calendar::of(Country::Peru), ..Policy::default() };
    p.calendar.extra_holidays.insert("2026-03-02".parse().expect("date"));
    let json = serde_json::to_value(&p).expect("json");
    assert_eq!(json["max_tickets"], 3);
    assert_eq!(json["active_states"], serde_json::json!([1]));
    assert_eq!(json["calendar"]["country"], "PE");
    assert_eq!(json["catalog"].as_array().map(Vec::len), Some(31));
    let back: Policy = serde_json::from_value(json).expect("back");
    assert_eq!(back, p);
}
