//! Benchmarks of the business calendar: `cargo xtask bench` (or `cargo bench -p helpdesk-core`).

use chrono::NaiveDateTime;
use divan::black_box;
use helpdesk_core::calendar::{Calendar, Country};

fn main() {
    divan::main();
}

fn start() -> NaiveDateTime {
    NaiveDateTime::parse_from_str("2025-12-31 10:00", "%Y-%m-%d %H:%M").unwrap_or_default()
}

/// The resolution estimate of a ticket: 3 business days, across the new year.
#[divan::bench]
fn add_3_business_days() -> NaiveDateTime {
    let cal = Calendar::colombia();
    black_box(&cal).add_business_days(black_box(start()), black_box(3))
}

/// A year of business days (250), crossing one year boundary.
#[divan::bench]
fn add_250_business_days() -> NaiveDateTime {
    let cal = Calendar::colombia();
    black_box(&cal).add_business_days(black_box(start()), black_box(250))
}

/// Building the holiday set of one year, per country.
#[divan::bench(args = Country::ALL)]
fn holidays_of_a_year(country: Country) -> usize {
    black_box(country).holidays(black_box(2026)).len()
}

/// Building the effective holiday set of a calendar with ISP additions and removals.
#[divan::bench]
fn calendar_holidays_with_isp_changes() -> usize {
    let mut cal = Calendar::colombia();
    cal.extra_holidays.insert(chrono::NaiveDate::from_ymd_opt(2026, 9, 15).unwrap_or_default());
    cal.removed_holidays.insert(chrono::NaiveDate::from_ymd_opt(2026, 4, 3).unwrap_or_default());
    black_box(&cal).holidays(black_box(2026)).len()
}
