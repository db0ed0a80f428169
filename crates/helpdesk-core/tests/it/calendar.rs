//! Business days by hand-picked cases, each named for what it guards, and sweeps over years.

use chrono::{NaiveDate, NaiveDateTime};
use helpdesk_core::calendar::{Calendar, colombia_holidays, easter_sunday};

fn at(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").expect("test date")
}

fn check(start: &str, n: u32, expected: &str) {
    let cal = Calendar::colombia();
    assert_eq!(cal.add_business_days(at(start), n), at(expected), "{start} + {n}");
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

#[test]
fn thursday_plus_three_skips_the_weekend() {
    check("2026-02-26 10:00", 3, "2026-03-03 10:00");
}

#[test]
fn holy_week_skips_maundy_thursday_and_good_friday() {
    check("2026-04-01 10:00", 3, "2026-04-08 10:00");
}

#[test]
fn sacred_heart_and_saint_peter_share_monday_2025_06_30() {
    check("2025-06-26 10:00", 3, "2025-07-02 10:00");
    let h = colombia_holidays(2025);
    assert_eq!(h.iter().filter(|d| **d == ymd(2025, 6, 30)).count(), 1);
}

#[test]
fn ticket_opened_on_dec_31_skips_new_year_and_moved_epiphany() {
    check("2025-12-31 10:00", 3, "2026-01-06 10:00");
    assert!(colombia_holidays(2026).contains(&ymd(2026, 1, 12)));
}

#[test]
fn chiquinquira_holiday_from_2026_moves_to_monday() {
    check("2026-07-09 10:00", 3, "2026-07-15 10:00");
    assert!(colombia_holidays(2026).contains(&ymd(2026, 7, 13)));
    assert!(!colombia_holidays(2025).contains(&ymd(2025, 7, 14)));
}

#[test]
fn saturday_start_counts_from_monday() {
    check("2026-02-28 10:00", 3, "2026-03-04 10:00");
}

#[test]
fn zero_days_is_the_start_itself() {
    check("2026-02-28 10:00", 0, "2026-02-28 10:00");
}

#[test]
fn easter_dates_of_known_years() {
    for (y, m, d) in [(2000, 4, 23), (2019, 4, 21), (2024, 3, 31), (2025, 4, 20), (2038, 4, 25), (2100, 3, 28)] {
        assert_eq!(easter_sunday(y), Some(ymd(y, m, d)), "Easter {y}");
    }
}

#[test]
fn colombia_2026_has_the_official_eighteen_holidays_plus_chiquinquira() {
    let expected = [
        (1, 1),
        (1, 12),
        (3, 23),
        (4, 2),
        (4, 3),
        (5, 1),
        (5, 18),
        (6, 8),
        (6, 15),
        (6, 29),
        (7, 13),
        (7, 20),
        (8, 7),
        (8, 17),
        (10, 12),
        (11, 2),
        (11, 16),
        (12, 8),
        (12, 25),
    ];
    let got = colombia_holidays(2026);
    let want: Vec<_> = expected.iter().map(|&(m, d)| ymd(2026, m, d)).collect();
    assert_eq!(got, want);
}

#[test]
fn every_start_day_2000_to_2100_satisfies_the_definition_for_one_to_ten_days_in_every_country_compiled_or_not() {
    use chrono::Datelike;
    use helpdesk_core::calendar::{BusinessDays, Country};
    use std::collections::{BTreeSet, HashMap};
    for country in Country::ALL {
        let cal = Calendar::of(country);
        let compiled = BusinessDays::new(&cal);
        // The definition, written independently of add_business_days: not a weekend day and
        // not one of that year's holidays.
        let mut years: HashMap<i32, BTreeSet<NaiveDate>> = HashMap::new();
        let mut is_business = |d: NaiveDate| {
            let h = years.entry(d.year()).or_insert_with(|| country.holidays(d.year()).into_iter().collect());
            !matches!(d.weekday(), chrono::Weekday::Sat | chrono::Weekday::Sun) && !h.contains(&d)
        };
        let mut day = ymd(2000, 1, 1);
        while day <= ymd(2100, 12, 31) {
            let start = day.and_hms_opt(9, 30, 0).expect("time");
            // Walk forward once, recording each business day after the start.
            let mut next = Vec::with_capacity(10);
            let mut d = day;
            while next.len() < 10 {
                d = d.succ_opt().expect("next day");
                if is_business(d) {
                    next.push(d);
                }
            }
            for n in 1..=10_u32 {
                let end = cal.add_business_days(start, n);
                assert_eq!(end, next[n as usize - 1].and_time(start.time()), "{} {start} + {n}", country.code());
                assert_eq!(compiled.add_business_days(start, n), end, "compiled: {} {start} + {n}", country.code());
            }
            day = day.succ_opt().expect("next day");
        }
    }
}
