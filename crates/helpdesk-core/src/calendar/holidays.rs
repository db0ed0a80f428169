//! Public holidays computed by rule: Easter, the Monday moves of Ley Emiliani, and each
//! country's holiday law with the years it changed.

use std::collections::BTreeSet;

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// The version of the holiday rules shipped in this crate. Holiday law changes: ISPs add
/// or remove dates with [`Calendar::extra_holidays`] and [`Calendar::removed_holidays`].
///
/// # Example
/// ```
/// assert!(!helpdesk_core::calendar::RULES_VERSION.is_empty());
/// ```
pub const RULES_VERSION: &str = "2026.2";

/// Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm, Meeus/Jones/Butcher).
///
/// # Example
/// ```
/// use chrono::NaiveDate;
/// assert_eq!(helpdesk_core::calendar::easter_sunday(2026), NaiveDate::from_ymd_opt(2026, 4, 5));
/// ```
#[must_use]
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

/// The date itself if it is a Monday, otherwise the following Monday (Ley Emiliani).
///
/// # Example
/// ```
/// use chrono::NaiveDate;
/// use helpdesk_core::calendar::next_monday;
/// let tue_6_jan_2026 = NaiveDate::from_ymd_opt(2026, 1, 6).unwrap();
/// assert_eq!(next_monday(tue_6_jan_2026), NaiveDate::from_ymd_opt(2026, 1, 12).unwrap());
/// ```
#[must_use]
pub fn next_monday(date: NaiveDate) -> NaiveDate {
    let ahead = (7 - date.weekday().num_days_from_monday()) % 7;
    date + Days::new(u64::from(ahead))
}

/// `days` sorted, each once (by a set: its insertion code is in the wasm anyway, a sort
/// would be more).
pub(super) fn sorted_unique(days: impl IntoIterator<Item = NaiveDate>) -> Vec<NaiveDate> {
    let mut set = BTreeSet::new();
    for day in days {
        set.insert(day);
    }
    set.into_iter().collect()
}

/// Collects the holidays of one year, sorted and unique.
struct Year {
    year: i32,
    days: Vec<NaiveDate>,
    easter: Option<NaiveDate>,
}

impl Year {
    fn new(year: i32) -> Self {
        Self { year, days: Vec::new(), easter: easter_sunday(year) }
    }

    fn date(&self, month: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, month, day)
    }

    fn fixed(&mut self, month: u32, day: u32) {
        self.days.extend(self.date(month, day));
    }

    fn moved_to_monday(&mut self, month: u32, day: u32) {
        self.days.extend(self.date(month, day).map(next_monday));
    }

    fn nth_monday(&mut self, month: u32, n: u8) {
        self.days.extend(NaiveDate::from_weekday_of_month_opt(self.year, month, Weekday::Mon, n));
    }

    fn easter_offset(&self, days: i64) -> Option<NaiveDate> {
        let easter = self.easter?;
        match u64::try_from(days) {
            Ok(ahead) => easter.checked_add_days(Days::new(ahead)),
            Err(_) => easter.checked_sub_days(Days::new(days.unsigned_abs())),
        }
    }

    fn easter(&mut self, days: i64) {
        self.days.extend(self.easter_offset(days));
    }

    fn easter_to_monday(&mut self, days: i64) {
        self.days.extend(self.easter_offset(days).map(next_monday));
    }

    fn done(self) -> Vec<NaiveDate> {
        sorted_unique(self.days)
    }
}

/// Colombia's public holidays of `year`, sorted, each date once (two holidays may land on
/// the same Monday, as on 2025-06-30).
///
/// Fixed: 1 Jan, 1 May, 20 Jul, 7 Aug, 8 Dec, 25 Dec. Moved to the following Monday (Ley 51
/// de 1983, "Ley Emiliani", from 1984): 6 Jan, 19 Mar, 29 Jun, 15 Aug, 12 Oct, 1 Nov,
/// 11 Nov, and from 2026 9 Jul. Easter-based: Maundy Thursday and Good Friday (not moved);
/// Ascension (+39), Corpus Christi (+60) and Sacred Heart (+68), moved to the following Monday.
///
/// # Example: Holy Week 2026
/// ```
/// use chrono::NaiveDate;
/// let h = helpdesk_core::calendar::colombia_holidays(2026);
/// assert!(h.contains(&NaiveDate::from_ymd_opt(2026, 4, 2).unwrap())); // Maundy Thursday
/// assert!(h.contains(&NaiveDate::from_ymd_opt(2026, 4, 3).unwrap())); // Good Friday
/// ```
#[must_use]
pub fn colombia_holidays(year: i32) -> Vec<NaiveDate> {
    let mut y = Year::new(year);
    for (m, d) in [(1, 1), (5, 1), (7, 20), (8, 7), (12, 8), (12, 25)] {
        y.fixed(m, d);
    }
    for (m, d) in [(1, 6), (3, 19), (6, 29), (8, 15), (10, 12), (11, 1), (11, 11)] {
        y.moved_to_monday(m, d);
    }
    if year >= 2026 {
        y.moved_to_monday(7, 9);
    }
    y.easter(-3);
    y.easter(-2);
    for offset in [39, 60, 68] {
        y.easter_to_monday(offset);
    }
    y.done()
}

/// Mexico's days of mandatory rest (Ley Federal del Trabajo, art. 74) computable by rule.
///
/// 1 Jan, 1 May, 16 Sep, 25 Dec. Constitution Day: 5 Feb, from 2006 the first Monday of
/// February. Benito Juárez: 21 Mar, from 2007 the third Monday of March. Revolution Day:
/// 20 Nov, from 2006 the third Monday of November. Transmission of the federal executive:
/// 1 Dec every six years up to 2018, 1 Oct every six years from 2024. Election days (art. 74
/// IX) are decreed case by case: add them as extra holidays.
///
/// # Example: 2026
/// ```
/// use chrono::NaiveDate;
/// let h = helpdesk_core::calendar::mexico_holidays(2026);
/// assert!(h.contains(&NaiveDate::from_ymd_opt(2026, 3, 16).unwrap())); // third Monday of March
/// ```
#[must_use]
pub fn mexico_holidays(year: i32) -> Vec<NaiveDate> {
    let mut y = Year::new(year);
    for (m, d) in [(1, 1), (5, 1), (9, 16), (12, 25)] {
        y.fixed(m, d);
    }
    if year >= 2006 {
        y.nth_monday(2, 1);
    } else {
        y.fixed(2, 5);
    }
    if year >= 2007 {
        y.nth_monday(3, 3);
    } else {
        y.fixed(3, 21);
    }
    if year >= 2006 {
        y.nth_monday(11, 3);
    } else {
        y.fixed(11, 20);
    }
    if (1970..=2018).contains(&year) && (year - 1970) % 6 == 0 {
        y.fixed(12, 1);
    }
    if year >= 2024 && (year - 2024) % 6 == 0 {
        y.fixed(10, 1);
    }
    y.done()
}

/// Peru's national public holidays (Decreto Legislativo 713, art. 6, as amended), never
/// moved since Ley 26331 (1994).
///
/// 1 Jan, Maundy Thursday, Good Friday, Easter Sunday, 1 May, 29 Jun, 28 and 29 Jul, 30 Aug,
/// 8 Oct, 1 Nov, 8 Dec, 25 Dec; 9 Dec (Ley 31381) and 6 Aug (Ley 31530) from 2022; 23 Jul
/// (Ley 31822) from 2023; 7 Jun (Ley 31788) from 2024. Easter Sunday is always a Sunday, so
/// it changes no business day; it is listed because the list is the calendar's.
///
/// # Example: 2026 has seventeen
/// ```
/// assert_eq!(helpdesk_core::calendar::peru_holidays(2026).len(), 17);
/// ```
#[must_use]
pub fn peru_holidays(year: i32) -> Vec<NaiveDate> {
    let mut y = Year::new(year);
    for (m, d) in [(1, 1), (5, 1), (6, 29), (7, 28), (7, 29), (8, 30), (10, 8), (11, 1), (12, 8), (12, 25)] {
        y.fixed(m, d);
    }
    y.easter(-3);
    y.easter(-2);
    y.easter(0);
    if year >= 2022 {
        y.fixed(12, 9);
        y.fixed(8, 6);
    }
    if year >= 2023 {
        y.fixed(7, 23);
    }
    if year >= 2024 {
        y.fixed(6, 7);
    }
    y.done()
}

/// Italy's national public holidays (L. 260/1949 as amended), never moved.
///
/// 1 Jan, Easter Sunday and Monday, 25 Apr, 1 May, 15 Aug, 1 Nov, 8 Dec, 25 and 26 Dec (Easter
/// Sunday, always a Sunday, changes no business day but belongs to the list); Epiphany except
/// 1978–1985; 2 Jun except 1977–2000; 4 Oct (San Francesco, L. 151/2025) from 2026; the
/// one-off 17 Mar 2011; and up to 1976 the days L. 54/1977 abolished (19 Mar, Ascension,
/// Corpus Domini, 29 Jun, 4 Nov).
///
/// # Example: Easter Monday 2026
/// ```
/// use chrono::NaiveDate;
/// assert!(helpdesk_core::calendar::italy_holidays(2026).contains(&NaiveDate::from_ymd_opt(2026, 4, 6).unwrap()));
/// ```
#[must_use]
pub fn italy_holidays(year: i32) -> Vec<NaiveDate> {
    let mut y = Year::new(year);
    for (m, d) in [(1, 1), (4, 25), (5, 1), (8, 15), (11, 1), (12, 8), (12, 25), (12, 26)] {
        y.fixed(m, d);
    }
    y.easter(0);
    y.easter(1);
    if !(1978..=1985).contains(&year) {
        y.fixed(1, 6);
    }
    if !(1977..=2000).contains(&year) {
        y.fixed(6, 2);
    }
    if year >= 2026 {
        y.fixed(10, 4);
    }
    if year == 2011 {
        y.fixed(3, 17);
    }
    if year <= 1976 {
        y.fixed(3, 19);
        y.easter(39);
        y.easter(60);
        y.fixed(6, 29);
        y.fixed(11, 4);
    }
    y.done()
}
