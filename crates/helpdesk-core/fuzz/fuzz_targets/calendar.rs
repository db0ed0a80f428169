//! add_business_days on arbitrary starts, counts and ISP calendars: never panics, lands on
//! a business day, keeps the time of day.
#![no_main]

use chrono::{Days, NaiveDate, Weekday};
use helpdesk_core::calendar::{Calendar, Country};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (u32, u16, u8, u8, Vec<u16>)| {
    let (day, n, country, weekend_bits, extra) = input;
    let Some(start) = NaiveDate::from_ymd_opt(1900, 1, 1).and_then(|d| d.checked_add_days(Days::new(u64::from(day % 80_000)))) else { return };
    let start = start.and_hms_opt(10, 30, 0).expect("time");
    let mut cal = Calendar::of(Country::ALL[usize::from(country) % Country::ALL.len()]);
    cal.weekend = [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun]
        .into_iter()
        .enumerate()
        .filter(|(i, _)| weekend_bits & (1 << i) != 0)
        .map(|(_, d)| d)
        .collect();
    for e in extra.iter().take(50) {
        if let Some(d) = start.date().checked_add_days(Days::new(u64::from(*e % 400))) {
            cal.extra_holidays.insert(d);
        }
    }
    let n = u32::from(n % 2000);
    let end = cal.add_business_days(start, n);
    assert_eq!(end.time(), start.time());
    if n > 0 && cal.weekend.len() < 7 {
        assert!(cal.is_business_day(end.date()));
        assert!(end > start);
    }
});
