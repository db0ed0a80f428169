//! The server's clock and policy: the IANA timezones and the worked examples.

use helpdesk_core::policy::{LocalClock, Policy};
use helpdesk_server::{ServerPolicy, TzClock};

#[test]
fn tz_clock_converts_with_the_iana_database_including_summer_time() {
    let winter = "2026-01-15T12:00:00Z".parse().expect("instant");
    let summer = "2026-07-15T12:00:00Z".parse().expect("instant");
    assert_eq!(
        TzClock.local_time("Europe/Rome", winter).map(|t| t.to_string()).as_deref(),
        Some("2026-01-15 13:00:00")
    );
    assert_eq!(
        TzClock.local_time("Europe/Rome", summer).map(|t| t.to_string()).as_deref(),
        Some("2026-07-15 14:00:00")
    );
    assert_eq!(
        TzClock.local_time("America/Bogota", summer).map(|t| t.to_string()).as_deref(),
        Some("2026-07-15 07:00:00")
    );
    assert!(TzClock.local_time("Mars/Olympus", summer).is_none());
}

#[test]
fn server_estimate_agrees_with_the_worked_example() {
    let policy = ServerPolicy::new(Policy::default()).expect("policy");
    // Thursday 2026-02-26 10:00 in Bogotá is 15:00 UTC.
    let e = policy.rules.estimate("2026-02-26T15:00:00Z".parse().expect("instant"), &TzClock).expect("estimate");
    assert_eq!(e.end_date.to_string(), "2026-03-03 10:00:00");
}

#[test]
fn unknown_timezone_is_refused_at_start_up() {
    let rules = Policy { timezone: "America/Atlantis".into(), ..Policy::default() };
    assert!(ServerPolicy::new(rules).is_err());
}
