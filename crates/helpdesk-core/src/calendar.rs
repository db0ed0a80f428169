//! Business days: weekends, public holidays computed by rule, and `WORKDAY` arithmetic.
//!
//! A business day is neither a weekend day nor a holiday. Adding `n` business days starts
//! counting on the day after the start (spreadsheet `WORKDAY` semantics) and keeps the time
//! of day: Saturday 10:00 + 3 is Wednesday 10:00.

use std::collections::BTreeSet;
use std::ops::RangeInclusive;

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, Weekday};
use serde::{Deserialize, Serialize};

/// The version of the holiday rules shipped in this crate. Holiday law changes: ISPs add
/// or remove dates with [`Calendar::extra_holidays`] and [`Calendar::removed_holidays`].
///
/// # Example
/// ```
/// assert!(!helpdesk_core::calendar::RULES_VERSION.is_empty());
/// ```
pub const RULES_VERSION: &str = "2026.1";

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
fn sorted_unique(days: impl IntoIterator<Item = NaiveDate>) -> Vec<NaiveDate> {
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
/// 1 Jan, Maundy Thursday, Good Friday, 1 May, 29 Jun, 28 and 29 Jul, 30 Aug, 8 Oct, 1 Nov,
/// 8 Dec, 25 Dec; 9 Dec (Ley 31381) and 6 Aug (Ley 31530) from 2022; 23 Jul (Ley 31822)
/// from 2023; 7 Jun (Ley 31788) from 2024.
///
/// # Example: 2026 has sixteen
/// ```
/// assert_eq!(helpdesk_core::calendar::peru_holidays(2026).len(), 16);
/// ```
#[must_use]
pub fn peru_holidays(year: i32) -> Vec<NaiveDate> {
    let mut y = Year::new(year);
    for (m, d) in [(1, 1), (5, 1), (6, 29), (7, 28), (7, 29), (8, 30), (10, 8), (11, 1), (12, 8), (12, 25)] {
        y.fixed(m, d);
    }
    y.easter(-3);
    y.easter(-2);
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
/// 1 Jan, Easter Monday, 25 Apr, 1 May, 15 Aug, 1 Nov, 8 Dec, 25 and 26 Dec; Epiphany except
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

/// Which country's public holidays a calendar uses, by ISO 3166 code.
///
/// # Example
/// ```
/// use helpdesk_core::calendar::Country;
/// assert_eq!(serde_json::to_string(&Country::Mexico).unwrap(), "\"MX\"");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Country {
    /// Colombia (`CO`), the default of the envelope API's ISPs.
    #[serde(rename = "CO")]
    Colombia,
    /// Mexico (`MX`).
    #[serde(rename = "MX")]
    Mexico,
    /// Peru (`PE`).
    #[serde(rename = "PE")]
    Peru,
    /// Italy (`IT`).
    #[serde(rename = "IT")]
    Italy,
}

impl Country {
    /// Every supported country.
    ///
    /// # Example
    /// ```
    /// assert_eq!(helpdesk_core::calendar::Country::ALL.len(), 4);
    /// ```
    pub const ALL: [Self; 4] = [Self::Colombia, Self::Mexico, Self::Peru, Self::Italy];

    /// The ISO 3166-1 alpha-2 code.
    ///
    /// # Example
    /// ```
    /// assert_eq!(helpdesk_core::calendar::Country::Italy.code(), "IT");
    /// ```
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Colombia => "CO",
            Self::Mexico => "MX",
            Self::Peru => "PE",
            Self::Italy => "IT",
        }
    }

    /// The country of an ISO code, in any case.
    ///
    /// # Example
    /// ```
    /// use helpdesk_core::calendar::Country;
    /// assert_eq!(Country::from_code("pe"), Some(Country::Peru));
    /// assert_eq!(Country::from_code("XX"), None);
    /// ```
    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code().eq_ignore_ascii_case(code.trim()))
    }

    /// The years for which the rules are claimed correct: from the law the rules encode to
    /// 2100. Outside them the same rules are applied, without that claim.
    ///
    /// # Example
    /// ```
    /// use helpdesk_core::calendar::Country;
    /// assert_eq!(Country::Colombia.years(), 1984..=2100);
    /// ```
    #[must_use]
    pub fn years(self) -> RangeInclusive<i32> {
        let first = match self {
            Self::Colombia => 1984,
            Self::Mexico => 1989,
            Self::Peru => 1995,
            Self::Italy => 1978,
        };
        first..=LAST_YEAR
    }

    /// The public holidays of `year`, sorted and unique.
    ///
    /// # Example
    /// ```
    /// use helpdesk_core::calendar::Country;
    /// assert_eq!(Country::Colombia.holidays(2026).len(), 19);
    /// ```
    #[must_use]
    pub fn holidays(self, year: i32) -> Vec<NaiveDate> {
        match self {
            Self::Colombia => colombia_holidays(year),
            Self::Mexico => mexico_holidays(year),
            Self::Peru => peru_holidays(year),
            Self::Italy => italy_holidays(year),
        }
    }
}

/// The last year any calendar is claimed for.
///
/// # Example
/// ```
/// assert_eq!(helpdesk_core::calendar::LAST_YEAR, 2100);
/// ```
pub const LAST_YEAR: i32 = 2100;

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
#[serde(default)]
pub struct Calendar {
    /// Days that are never business days.
    pub weekend: Vec<Weekday>,
    /// The country whose public holidays apply, if any.
    pub country: Option<Country>,
    /// Further non-business dates of the ISP.
    #[serde(deserialize_with = "dates")]
    pub extra_holidays: BTreeSet<NaiveDate>,
    /// Country holidays the ISP works on anyway.
    #[serde(deserialize_with = "dates")]
    pub removed_holidays: BTreeSet<NaiveDate>,
}

/// A list of `YYYY-MM-DD` dates, read by [`crate::time::parse_date`] like every date of the
/// policy.
fn dates<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<BTreeSet<NaiveDate>, D::Error> {
    let mut dates = BTreeSet::new();
    for text in Vec::<String>::deserialize(deserializer)? {
        let date = crate::time::parse_date(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("\"{text}\" is not a date like 2026-12-24")))?;
        dates.insert(date);
    }
    Ok(dates)
}

impl Calendar {
    /// Saturday and Sunday off, and the public holidays of `country`.
    ///
    /// # Example
    /// ```
    /// use helpdesk_core::calendar::{Calendar, Country};
    /// let italy = Calendar::of(Country::Italy);
    /// let christmas_eve = "2026-12-24T09:00:00".parse().unwrap(); // Thursday
    /// // 25 Dec (Fri) is a holiday, 26 Dec is a Saturday: the next business day is Mon 28.
    /// assert_eq!(italy.add_business_days(christmas_eve, 1).to_string(), "2026-12-28 09:00:00");
    /// ```
    #[must_use]
    pub fn of(country: Country) -> Self {
        Self {
            weekend: vec![Weekday::Sat, Weekday::Sun],
            country: Some(country),
            extra_holidays: BTreeSet::new(),
            removed_holidays: BTreeSet::new(),
        }
    }

    /// Saturday and Sunday off, Colombia's holidays.
    ///
    /// # Example
    /// ```
    /// use helpdesk_core::calendar::{Calendar, Country};
    /// assert_eq!(Calendar::colombia(), Calendar::of(Country::Colombia));
    /// ```
    #[must_use]
    pub fn colombia() -> Self {
        Self::of(Country::Colombia)
    }

    /// The holidays in force in `year`: the country's, plus the ISP's extra dates, minus the
    /// ones it removed. Sorted and unique.
    ///
    /// # Example: an ISP that works on Good Friday and closes on its anniversary
    /// ```
    /// use chrono::NaiveDate;
    /// use helpdesk_core::calendar::Calendar;
    /// let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
    /// let mut cal = Calendar::colombia();
    /// cal.removed_holidays.insert(d(4, 3));
    /// cal.extra_holidays.insert(d(9, 15));
    /// let h = cal.holidays(2026);
    /// assert!(!h.contains(&d(4, 3)) && h.contains(&d(9, 15)));
    /// ```
    #[must_use]
    pub fn holidays(&self, year: i32) -> Vec<NaiveDate> {
        let country = self.country.map(|c| c.holidays(year)).unwrap_or_default();
        let extra = self.extra_holidays.iter().copied().filter(|d| d.year() == year);
        sorted_unique(country.into_iter().chain(extra).filter(|d| !self.removed_holidays.contains(d)))
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
        self.is_business_day_in(date, &self.holidays(date.year()))
    }

    /// Whether `date` is a business day, given the holidays of its year.
    fn is_business_day_in(&self, date: NaiveDate, holidays: &[NaiveDate]) -> bool {
        !self.weekend.contains(&date.weekday()) && holidays.binary_search(&date).is_err()
    }

    /// `start` plus `n` business days, same time of day; counting starts the day after
    /// `start` (`WORKDAY` semantics). `n = 0` returns `start`. A calendar whose every day is
    /// a weekend day has no business day: the start is returned unchanged.
    ///
    /// # Example: a ticket opened on Saturday
    /// ```
    /// let cal = helpdesk_core::calendar::Calendar::colombia();
    /// let sat = "2026-02-28T10:00:00".parse().unwrap();
    /// assert_eq!(cal.add_business_days(sat, 3).to_string(), "2026-03-04 10:00:00");
    /// ```
    #[must_use]
    pub fn add_business_days(&self, start: NaiveDateTime, n: u32) -> NaiveDateTime {
        if n == 0
            || [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun]
                .iter()
                .all(|d| self.weekend.contains(d))
        {
            return start;
        }
        let mut date = start.date();
        let mut year = date.year();
        let mut holidays = self.holidays(year);
        let mut left = n;
        while left > 0 {
            let Some(next) = date.succ_opt() else {
                break;
            };
            date = next;
            if date.year() != year {
                year = date.year();
                holidays = self.holidays(year);
            }
            if self.is_business_day_in(date, &holidays) {
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
