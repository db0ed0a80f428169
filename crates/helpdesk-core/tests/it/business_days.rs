//! The compiled calendar ([`BusinessDays`]) answers exactly as the calendar it compiles, for
//! any calendar an ISP can write: any weekend (none, or every day), holidays added and
//! removed, starts before, inside and after the years it keeps as bits, and the largest dates.

use std::collections::BTreeSet;

use chrono::{Days, NaiveDate, NaiveDateTime, Weekday};
use helpdesk_core::calendar::{BusinessDays, Calendar, Country};
use proptest::prelude::*;

const WEEK: [Weekday; 7] =
    [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun];

fn date(from: NaiveDate, days: u64) -> NaiveDate {
    from + Days::new(days)
}

/// Any calendar: a weekend of any days, maybe a country, up to 40 dates added and removed
/// between 1890 and 2110.
fn any_calendar() -> impl Strategy<Value = Calendar> {
    let origin = NaiveDate::from_ymd_opt(1890, 1, 1).expect("date");
    let dates = move || prop::collection::btree_set((0_u64..(220 * 365)).prop_map(move |d| date(origin, d)), 0..40);
    (prop::bits::u8::between(0, 7), prop::option::of(prop::sample::select(Country::ALL.to_vec())), dates(), dates())
        .prop_map(|(weekend, country, extra_holidays, removed_holidays)| Calendar {
            weekend: WEEK.iter().enumerate().filter(|(i, _)| weekend & (1 << i) != 0).map(|(_, d)| *d).collect(),
            country,
            extra_holidays,
            removed_holidays,
        })
}

/// A start between 1850 and 2150: before, inside and after the years kept as bits.
fn any_start() -> impl Strategy<Value = NaiveDateTime> {
    let origin = NaiveDate::from_ymd_opt(1850, 1, 1).expect("date");
    (0_u64..(300 * 365), 0_u32..24).prop_map(move |(d, h)| date(origin, d).and_hms_opt(h, 15, 0).expect("time"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn compiled_answers_as_the_calendar(cal in any_calendar(), starts in prop::collection::vec((any_start(), 0_u32..1500), 16)) {
        let days = BusinessDays::new(&cal);
        for (s, n) in starts {
            prop_assert_eq!(days.add_business_days(s, n), cal.add_business_days(s, n), "{} + {}", s, n);
            prop_assert_eq!(days.is_business_day(s.date()), cal.is_business_day(s.date()), "{}", s);
        }
    }
}

#[test]
fn compiled_answers_as_the_calendar_at_the_edges() {
    let at = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("date").and_hms_opt(10, 0, 0).expect("time");
    let starts = [at(1899, 12, 31), at(1900, 1, 1), at(2100, 12, 30), at(2100, 12, 31), at(2101, 1, 1)];
    let ends =
        [NaiveDate::MAX.and_hms_opt(10, 0, 0).expect("time"), NaiveDate::MIN.and_hms_opt(10, 0, 0).expect("time")];
    let mut workaholic = Calendar::colombia();
    workaholic.weekend.clear();
    let mut never = Calendar::colombia();
    never.weekend = WEEK.to_vec();
    let mut christmas_off = Calendar::of(Country::Italy);
    christmas_off.extra_holidays = (24..=31).map(|d| NaiveDate::from_ymd_opt(2100, 12, d).expect("date")).collect();
    christmas_off.removed_holidays = BTreeSet::from([NaiveDate::from_ymd_opt(2101, 1, 1).expect("date")]);
    for cal in [Calendar::colombia(), workaholic, never, christmas_off] {
        let days = BusinessDays::new(&cal);
        for s in starts.iter().chain(&ends) {
            for n in [0, 1, 2, 3, 10, 300, 100_000] {
                assert_eq!(days.add_business_days(*s, n), cal.add_business_days(*s, n), "{cal:?}: {s} + {n}");
            }
        }
    }
}
