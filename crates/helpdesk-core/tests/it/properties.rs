//! Property tests of the business-day arithmetic, in every supported country.

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime};
use helpdesk_core::calendar::{Calendar, Country};
use proptest::prelude::*;

fn calendar() -> impl Strategy<Value = Calendar> {
    prop::sample::select(Country::ALL.to_vec()).prop_map(Calendar::of)
}

/// A start instant between 1995 and 2090 (inside every country's claimed years, with room
/// for a long `n`).
fn start() -> impl Strategy<Value = NaiveDateTime> {
    (0_u64..(95 * 365), 0_u32..24, 0_u32..60).prop_map(|(day, h, m)| {
        let date = NaiveDate::from_ymd_opt(1995, 1, 1).expect("date") + Days::new(day);
        date.and_hms_opt(h, m, 0).expect("time")
    })
}

fn business_days_strictly_between(cal: &Calendar, a: NaiveDate, b: NaiveDate) -> u32 {
    a.iter_days().skip(1).take_while(|d| *d < b).filter(|d| cal.is_business_day(*d)).map(|_| 1).sum()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn result_is_a_business_day_at_the_same_time(cal in calendar(), s in start(), n in 1_u32..400) {
        let end = cal.add_business_days(s, n);
        prop_assert!(cal.is_business_day(end.date()));
        prop_assert_eq!(end.time(), s.time());
        prop_assert!(end > s);
    }

    #[test]
    fn exactly_n_minus_one_business_days_lie_strictly_between(cal in calendar(), s in start(), n in 1_u32..120) {
        let end = cal.add_business_days(s, n);
        prop_assert_eq!(business_days_strictly_between(&cal, s.date(), end.date()), n - 1);
    }

    #[test]
    fn monotonic_in_n(cal in calendar(), s in start(), n in 0_u32..300, k in 1_u32..50) {
        prop_assert!(cal.add_business_days(s, n) < cal.add_business_days(s, n + k));
    }

    #[test]
    fn monotonic_in_start(cal in calendar(), s in start(), later in 0_u64..40, n in 0_u32..60) {
        let s2 = s + Days::new(later);
        prop_assert!(cal.add_business_days(s, n) <= cal.add_business_days(s2, n));
    }

    #[test]
    fn additive_over_business_day_starts(cal in calendar(), s in start(), a in 1_u32..60, b in 1_u32..60) {
        // From a business day, adding a then b is adding a + b.
        let from = cal.add_business_days(s, 1);
        prop_assert_eq!(cal.add_business_days(cal.add_business_days(from, a), b), cal.add_business_days(from, a + b));
    }
}

#[test]
fn ten_thousand_business_days_cross_four_decades_correctly() {
    let cal = Calendar::colombia();
    let s: NaiveDateTime = "2026-01-02T08:00:00".parse().expect("date");
    let end = cal.add_business_days(s, 10_000);
    assert!(cal.is_business_day(end.date()));
    assert_eq!(business_days_strictly_between(&cal, s.date(), end.date()), 9_999);
    assert!((2064..=2067).contains(&end.year()), "{end}");
}

/// Local date-times in the back ends' text: exactly the four formats they write, the same
/// strings accepted and the same values as chrono's `parse_from_str` with those formats.
mod local_date_times {
    use chrono::NaiveDateTime;
    use helpdesk_core::envelope::parse_local;
    use proptest::prelude::*;

    fn by_format_strings(text: &str) -> Option<NaiveDateTime> {
        let t = text.trim();
        ["%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]
            .iter()
            .find_map(|f| NaiveDateTime::parse_from_str(t, f).ok())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

        #[test]
        fn same_as_the_format_strings(
            text in r" ?[0-9+-]{0,5}-[0-9]{1,3}-[0-9]{1,3}(T|t| |  |/)?[0-9]{1,3}:[0-9]{1,2}(:[0-9]{1,2})?(\.[0-9]{1,3})?[ Z]?",
        ) {
            prop_assert_eq!(parse_local("date", &text).ok(), by_format_strings(&text));
        }
    }

    #[test]
    fn the_four_formats_and_nothing_else() {
        for ok in ["2026-02-26 10:00", "2026-02-26 10:00:07", "2026-02-26T10:00", " 2026-02-26T10:00:07 "] {
            assert!(parse_local("date", ok).is_ok(), "{ok}");
        }
        for bad in ["26/02/2026 10:00", "2026-02-26", "2026-02-26 10:00:07.5", "2026-02-30 10:00", "2026-02-26t10:00"] {
            assert!(parse_local("date", bad).is_err(), "{bad}");
        }
    }
}
