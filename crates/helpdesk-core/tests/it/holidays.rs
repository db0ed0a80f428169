//! Each country's holidays in chosen years, and the years its laws changed.

use chrono::NaiveDate;
use helpdesk_core::calendar::{Calendar, Country};

fn dates(year: i32, md: &[(u32, u32)]) -> Vec<NaiveDate> {
    md.iter().map(|&(m, d)| NaiveDate::from_ymd_opt(year, m, d).expect("date")).collect()
}

fn check(country: Country, year: i32, md: &[(u32, u32)]) {
    assert_eq!(country.holidays(year), dates(year, md), "{} {year}", country.code());
}

#[test]
fn mexico_2025_and_2026_follow_the_monday_rules() {
    check(Country::Mexico, 2025, &[(1, 1), (2, 3), (3, 17), (5, 1), (9, 16), (11, 17), (12, 25)]);
    check(Country::Mexico, 2026, &[(1, 1), (2, 2), (3, 16), (5, 1), (9, 16), (11, 16), (12, 25)]);
}

#[test]
fn mexico_inauguration_day_every_six_years_moved_from_december_to_october_in_2024() {
    assert!(Country::Mexico.holidays(2018).contains(&dates(2018, &[(12, 1)])[0]));
    assert!(Country::Mexico.holidays(2024).contains(&dates(2024, &[(10, 1)])[0]));
    assert!(!Country::Mexico.holidays(2024).contains(&dates(2024, &[(12, 1)])[0]));
    assert!(Country::Mexico.holidays(2030).contains(&dates(2030, &[(10, 1)])[0]));
    assert!(!Country::Mexico.holidays(2027).iter().any(|d| *d == dates(2027, &[(10, 1)])[0]));
}

#[test]
fn mexico_before_2006_used_fixed_dates() {
    check(Country::Mexico, 2005, &[(1, 1), (2, 5), (3, 21), (5, 1), (9, 16), (11, 20), (12, 25)]);
    // 2006: February and November moved to Mondays, March not until 2007; inauguration 1 Dec.
    check(Country::Mexico, 2006, &[(1, 1), (2, 6), (3, 21), (5, 1), (9, 16), (11, 20), (12, 1), (12, 25)]);
}

#[test]
fn peru_2025_and_2026_have_seventeen_holidays_easter_sunday_included() {
    let both = [
        (1, 1),
        (5, 1),
        (6, 7),
        (6, 29),
        (7, 23),
        (7, 28),
        (7, 29),
        (8, 6),
        (8, 30),
        (10, 8),
        (11, 1),
        (12, 8),
        (12, 9),
        (12, 25),
    ];
    let mut y2025 = both.to_vec();
    y2025.extend([(4, 17), (4, 18), (4, 20)]);
    y2025.sort_unstable();
    check(Country::Peru, 2025, &y2025);
    let mut y2026 = both.to_vec();
    y2026.extend([(4, 2), (4, 3), (4, 5)]);
    y2026.sort_unstable();
    check(Country::Peru, 2026, &y2026);
}

#[test]
fn peru_additions_start_in_their_years() {
    let h2021 = Country::Peru.holidays(2021);
    assert!(!h2021.contains(&dates(2021, &[(12, 9)])[0]) && !h2021.contains(&dates(2021, &[(8, 6)])[0]));
    assert!(!Country::Peru.holidays(2023).contains(&dates(2023, &[(6, 7)])[0]));
    assert!(Country::Peru.holidays(2024).contains(&dates(2024, &[(6, 7)])[0]));
}

#[test]
fn italy_2025_and_2026_easter_sunday_included() {
    check(
        Country::Italy,
        2025,
        &[(1, 1), (1, 6), (4, 20), (4, 21), (4, 25), (5, 1), (6, 2), (8, 15), (11, 1), (12, 8), (12, 25), (12, 26)],
    );
    check(
        Country::Italy,
        2026,
        &[
            (1, 1),
            (1, 6),
            (4, 5),
            (4, 6),
            (4, 25),
            (5, 1),
            (6, 2),
            (8, 15),
            (10, 4),
            (11, 1),
            (12, 8),
            (12, 25),
            (12, 26),
        ],
    );
}

#[test]
fn italy_suspensions_of_1977_and_the_one_off_of_2011() {
    assert!(!Country::Italy.holidays(1980).contains(&dates(1980, &[(1, 6)])[0]), "no Epiphany 1978-1985");
    assert!(Country::Italy.holidays(1986).contains(&dates(1986, &[(1, 6)])[0]));
    assert!(!Country::Italy.holidays(1990).contains(&dates(1990, &[(6, 2)])[0]), "no 2 June 1977-2000");
    assert!(Country::Italy.holidays(2001).contains(&dates(2001, &[(6, 2)])[0]));
    assert!(Country::Italy.holidays(2011).contains(&dates(2011, &[(3, 17)])[0]));
    assert!(!Country::Italy.holidays(2012).contains(&dates(2012, &[(3, 17)])[0]));
    // San Francesco on Monday 4 October 2027 pushes a Friday ticket to Wednesday.
    let cal = Calendar::of(Country::Italy);
    let fri = "2027-10-01T09:00:00".parse().expect("date");
    assert_eq!(cal.add_business_days(fri, 2).to_string(), "2027-10-06 09:00:00");
}

#[test]
fn every_country_every_claimed_year_has_plausible_unique_sorted_holidays() {
    for country in Country::ALL {
        for year in country.years() {
            let h = country.holidays(year);
            assert!(h.windows(2).all(|w| w[0] < w[1]), "{} {year} not sorted/unique", country.code());
            assert!(h.iter().all(|d| chrono::Datelike::year(d) == year), "{} {year} leaks a year", country.code());
            assert!((6..=20).contains(&h.len()), "{} {year}: {} holidays", country.code(), h.len());
        }
    }
}

#[test]
fn colombia_moved_holidays_are_all_mondays_every_year() {
    use chrono::{Datelike, Weekday};
    for year in Country::Colombia.years() {
        let h = Country::Colombia.holidays(year);
        let e = helpdesk_core::calendar::easter_sunday(year).expect("easter");
        for offset in [39_i64, 60, 68] {
            let moved = helpdesk_core::calendar::next_monday(e + chrono::Duration::days(offset));
            assert_eq!(moved.weekday(), Weekday::Mon);
            assert!(h.contains(&moved), "{year}: {moved}");
        }
    }
}

#[test]
fn country_codes_round_trip_and_serialise_as_iso() {
    for c in Country::ALL {
        assert_eq!(Country::from_code(c.code()), Some(c));
        assert_eq!(serde_json::to_value(c).expect("json"), c.code());
    }
}
