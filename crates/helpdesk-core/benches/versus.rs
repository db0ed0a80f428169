//! The business-days benchmark against the alternatives, native half (`cargo xtask bench`
//! runs it, then python-holidays, numpy and the wasm package under Node on the same cases).
//!
//! Writes into `HELPDESK_BENCH_DIR` (default `target/bench/business-days`): `cases.csv`
//! (20,000 start dates 2000–2090 and n = 1..10, from a fixed seed), `holidays.txt` (the
//! Colombian holidays the core computes, for numpy), `native.txt` (the core's answers) and
//! `native.json` (ns per case, the median of many rounds: the compiled calendar, the calendar
//! walking day by day, and the compiled calendar's build time).

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Instant;

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime};
use helpdesk_core::calendar::{BusinessDays, Calendar, Country};

const CASES: usize = 20_000;
const ROUNDS: usize = 21;

/// splitmix64: the same cases on every run, without a dependency.
fn next(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn cases() -> Vec<(NaiveDateTime, u32)> {
    let first = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default();
    let last = NaiveDate::from_ymd_opt(2090, 12, 31).unwrap_or_default();
    let span = u64::try_from((last - first).num_days() + 1).unwrap_or(1);
    let mut state = 2026;
    (0..CASES)
        .map(|_| {
            let day = first + Days::new(next(&mut state) % span);
            let n = u32::try_from(next(&mut state) % 10).unwrap_or_default() + 1;
            (day.and_hms_opt(0, 0, 0).unwrap_or_default(), n)
        })
        .collect()
}

/// The median over `ROUNDS` rounds of `f` over every case, in ns per case.
fn ns_per_case(cases: &[(NaiveDateTime, u32)], f: impl Fn(NaiveDateTime, u32) -> NaiveDateTime) -> f64 {
    let mut rounds: Vec<f64> = (0..ROUNDS)
        .map(|_| {
            let started = Instant::now();
            for &(start, n) in cases {
                black_box(f(black_box(start), black_box(n)));
            }
            started.elapsed().as_secs_f64() * 1e9 / cases.len() as f64
        })
        .collect();
    rounds.sort_by(f64::total_cmp);
    rounds[ROUNDS / 2]
}

fn write(dir: &std::path::Path, name: &str, text: &str) {
    let path = dir.join(name);
    if let Err(e) = std::fs::write(&path, text) {
        panic!("{}: {e}", path.display());
    }
}

fn main() {
    let dir = std::env::var_os("HELPDESK_BENCH_DIR").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/bench/business-days"),
        PathBuf::from,
    );
    if let Err(e) = std::fs::create_dir_all(&dir) {
        panic!("{}: {e}", dir.display());
    }
    let cases = cases();
    let calendar = Calendar::colombia();
    let started = Instant::now();
    let compiled = BusinessDays::new(&calendar);
    let build_us = started.elapsed().as_secs_f64() * 1e6;

    let mut text = String::new();
    for (start, n) in &cases {
        let _ = writeln!(text, "{},{n}", start.date());
    }
    write(&dir, "cases.csv", &text);
    let holidays: Vec<String> =
        (2000..=2092).flat_map(|y| Country::Colombia.holidays(y)).map(|d| d.to_string()).collect();
    write(&dir, "holidays.txt", &(holidays.join("\n") + "\n"));
    let mut answers = String::new();
    for &(start, n) in &cases {
        let end = compiled.add_business_days(start, n);
        debug_assert!(end.year() >= 2000);
        let _ = writeln!(answers, "{}", end.date());
    }
    write(&dir, "native.txt", &answers);

    let compiled_ns = ns_per_case(&cases, |s, n| compiled.add_business_days(s, n));
    let walking_ns = ns_per_case(&cases, |s, n| calendar.add_business_days(s, n));
    let json =
        format!(r#"{{"compiled_ns": {compiled_ns:.2}, "walking_ns": {walking_ns:.2}, "build_us": {build_us:.1}}}"#);
    write(&dir, "native.json", &json);
    println!(
        "helpdesk-core: {compiled_ns:.1} ns per case compiled ({build_us:.0} µs to build), {walking_ns:.1} walking"
    );
}
