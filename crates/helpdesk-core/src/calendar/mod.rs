//! Business days: weekends, public holidays computed by rule, and `WORKDAY` arithmetic.
//!
//! A business day is neither a weekend day nor a holiday. Adding `n` business days starts
//! counting on the day after the start (spreadsheet `WORKDAY` semantics) and keeps the time
//! of day: Saturday 10:00 + 3 is Wednesday 10:00. Each country's holiday law is computed in
//! the private `holidays` module and re-exported here (`colombia_holidays`, ...); a calendar
//! compiled to bit sets for many questions is [`BusinessDays`].

mod bits;
mod holidays;

use std::collections::BTreeSet;
use std::ops::RangeInclusive;

use chrono::{Datelike, NaiveDate, NaiveDateTime, Weekday};
use serde::{Deserialize, Serialize};

pub use bits::BusinessDays;
use holidays::sorted_unique;
pub use holidays::{
    RULES_VERSION, colombia_holidays, easter_sunday, italy_holidays, mexico_holidays, next_monday, peru_holidays,
};

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

    /// Whether some day of the week is not a weekend day.
    fn has_business_days(&self) -> bool {
        [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun]
            .iter()
            .any(|d| !self.weekend.contains(d))
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
    ///
    /// Each call computes the holidays of the years it crosses: to ask many times, compile
    /// the calendar once into [`BusinessDays`].
    #[must_use]
    pub fn add_business_days(&self, start: NaiveDateTime, n: u32) -> NaiveDateTime {
        if n == 0 || !self.has_business_days() {
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
