//! Business days: weekends, public holidays computed by rule, and `WORKDAY` arithmetic.
//!
//! A business day is neither a weekend day nor a holiday. Adding `n` business days starts
//! counting on the day after the start (spreadsheet `WORKDAY` semantics) and keeps the time
//! of day: Saturday 10:00 + 3 is Wednesday 10:00.

use std::collections::BTreeSet;

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, Weekday};
use serde::{Deserialize, Serialize};

/// The first year for which the Colombian calendar is computed by the current law
/// (Ley Emiliani, Ley 51 de 1983, in force from 1984).
pub const COLOMBIA_FIRST_YEAR: i32 = 1984;
/// The last year the calendars are claimed for.
pub const LAST_YEAR: i32 = 2100;

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

/// Colombia's public holidays of `year`, sorted, each date once (two holidays may land on
/// the same Monday, as on 2025-06-30).
///
/// Fixed: 1 Jan, 1 May, 20 Jul, 7 Aug, 8 Dec, 25 Dec. Moved to the following Monday:
/// 6 Jan, 19 Mar, 29 Jun, 15 Aug, 12 Oct, 1 Nov, 11 Nov, and from 2026 9 Jul. Easter-based:
/// Maundy Thursday and Good Friday (not moved); Ascension (+39), Corpus Christi (+60) and
/// Sacred Heart (+68), moved to the following Monday.
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
    let ymd = |m, d| NaiveDate::from_ymd_opt(year, m, d);
    let mut days = BTreeSet::new();
    for (m, d) in [(1, 1), (5, 1), (7, 20), (8, 7), (12, 8), (12, 25)] {
        days.extend(ymd(m, d));
    }
    let mut moved = vec![
        (1, 6),
        (3, 19),
        (6, 29),
        (8, 15),
        (10, 12),
        (11, 1),
        (11, 11),
    ];
    if year >= 2026 {
        moved.push((7, 9));
    }
    for (m, d) in moved {
        days.extend(ymd(m, d).map(next_monday));
    }
    if let Some(easter) = easter_sunday(year) {
        days.extend(easter.checked_sub_days(Days::new(3)));
        days.extend(easter.checked_sub_days(Days::new(2)));
        for offset in [39, 60, 68] {
            days.extend(easter.checked_add_days(Days::new(offset)).map(next_monday));
        }
    }
    days.into_iter().collect()
}

/// Which country's public holidays a calendar uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Country {
    /// Colombia (`CO`), the default of the envelope API's ISPs.
    #[serde(rename = "CO")]
    Colombia,
}

impl Country {
    /// The public holidays of `year`, sorted and unique.
    #[must_use]
    pub fn holidays(self, year: i32) -> Vec<NaiveDate> {
        match self {
            Self::Colombia => colombia_holidays(year),
        }
    }
}

/// A business calendar: weekend days, a country's holidays, and the ISP's own additions
/// and removals.
///
/// # Example: a ticket opened on New Year's Eve skips 1 January and the moved Epiphany
/// ```
/// use helpdesk_core::calendar::Calendar;
/// let cal = Calendar::colombia();
/// let start = "2025-12-31T10:00:00".parse().unwrap();
/// assert_eq!(cal.add_business_days(start, 3).to_string(), "2026-01-06 10:00:00");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Calendar {
    /// Days that are never business days.
    pub weekend: Vec<Weekday>,
    /// The country whose public holidays apply, if any.
    pub country: Option<Country>,
    /// Further non-business dates of the ISP.
    #[serde(default)]
    pub extra_holidays: BTreeSet<NaiveDate>,
    /// Country holidays the ISP works on anyway.
    #[serde(default)]
    pub removed_holidays: BTreeSet<NaiveDate>,
}

impl Calendar {
    /// Saturday and Sunday off, Colombia's holidays.
    #[must_use]
    pub fn colombia() -> Self {
        Self {
            weekend: vec![Weekday::Sat, Weekday::Sun],
            country: Some(Country::Colombia),
            extra_holidays: BTreeSet::new(),
            removed_holidays: BTreeSet::new(),
        }
    }

    /// Whether `date` is a business day.
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// let cal = helpdesk_core::calendar::Calendar::colombia();
    /// assert!(!cal.is_business_day(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()));
    /// assert!(cal.is_business_day(NaiveDate::from_ymd_opt(2026, 1, 2).unwrap()));
    /// ```
    #[must_use]
    pub fn is_business_day(&self, date: NaiveDate) -> bool {
        let holidays = self
            .country
            .map(|c| c.holidays(date.year()))
            .unwrap_or_default();
        self.is_business_day_with(date, &holidays)
    }

    fn is_business_day_with(&self, date: NaiveDate, country_holidays: &[NaiveDate]) -> bool {
        if self.weekend.contains(&date.weekday()) || self.extra_holidays.contains(&date) {
            return false;
        }
        country_holidays.binary_search(&date).is_err() || self.removed_holidays.contains(&date)
    }

    /// `start` plus `n` business days, same time of day; counting starts the day after
    /// `start`. `n = 0` returns `start`.
    ///
    /// # Example: a ticket opened on Saturday
    /// ```
    /// let cal = helpdesk_core::calendar::Calendar::colombia();
    /// let sat = "2026-02-28T10:00:00".parse().unwrap();
    /// assert_eq!(cal.add_business_days(sat, 3).to_string(), "2026-03-04 10:00:00");
    /// ```
    #[must_use]
    pub fn add_business_days(&self, start: NaiveDateTime, n: u32) -> NaiveDateTime {
        let mut date = start.date();
        let mut year = date.year();
        let mut holidays = self.country.map(|c| c.holidays(year)).unwrap_or_default();
        let mut left = n;
        while left > 0 {
            let Some(next) = date.succ_opt() else {
                break;
            };
            date = next;
            if date.year() != year {
                year = date.year();
                holidays = self.country.map(|c| c.holidays(year)).unwrap_or_default();
            }
            if self.is_business_day_with(date, &holidays) {
                left -= 1;
            }
        }
        date.and_time(start.time())
    }
}

impl Default for Calendar {
    fn default() -> Self {
        Self::colombia()
    }
}
