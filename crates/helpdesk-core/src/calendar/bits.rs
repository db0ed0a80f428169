//! A calendar compiled for many questions: each year's business days as a bit set (bit `d`
//! is day `d` of the year, 0 for 1 January), so adding business days counts bits instead of
//! computing holidays and walking days.

use chrono::{Datelike, NaiveDate, NaiveDateTime};

use super::{Calendar, LAST_YEAR};

/// The first year kept as bits; before it, and after [`LAST_YEAR`], the calendar walks.
const FIRST_YEAR: i32 = 1900;

/// One year's business days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Year {
    bits: [u64; 6],
    count: u32,
}

impl Year {
    /// The `k`-th (1-based) business day at or after day `from` of the year, as a day of the
    /// year; otherwise how many there are from `from` on.
    fn nth_from(&self, from: u32, k: u32) -> Result<u32, u32> {
        if from == 0 && self.count < k {
            return Err(self.count);
        }
        let mut left = k;
        for (w, &word) in (0_u32..).zip(&self.bits) {
            let base = w * 64;
            let mut word = match from.checked_sub(base) {
                Some(skip) if skip >= 64 => 0,
                Some(skip) => word & (u64::MAX << skip),
                None => word,
            };
            let ones = word.count_ones();
            if ones < left {
                left -= ones;
                continue;
            }
            for _ in 1..left {
                word &= word - 1;
            }
            return Ok(base + word.trailing_zeros());
        }
        Err(k - left)
    }
}

/// A [`Calendar`]'s business days from 1900 to 2100 as bit sets: the same answers as the
/// calendar's (outside those years it asks the calendar), in nanoseconds. Build it once
/// (about a millisecond) and ask it many times.
///
/// # Example
/// ```
/// use helpdesk_core::calendar::{BusinessDays, Calendar};
/// let days = BusinessDays::new(&Calendar::colombia());
/// let start = "2025-12-31T10:00:00".parse().unwrap();
/// assert_eq!(days.add_business_days(start, 3).to_string(), "2026-01-06 10:00:00");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct BusinessDays {
    calendar: Calendar,
    years: Vec<Year>,
    /// Whether some weekday is not a weekend day (otherwise no day is a business day).
    any: bool,
}

impl std::fmt::Debug for BusinessDays {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BusinessDays").field("calendar", &self.calendar).finish_non_exhaustive()
    }
}

impl BusinessDays {
    /// `calendar`'s business days, compiled.
    #[must_use]
    pub fn new(calendar: &Calendar) -> Self {
        let years = (FIRST_YEAR..=LAST_YEAR)
            .map(|y| {
                let holidays = calendar.holidays(y);
                let mut bits = [0_u64; 6];
                let mut day = NaiveDate::from_yo_opt(y, 1);
                while let Some(d) = day.filter(|d| d.year() == y) {
                    if calendar.is_business_day_in(d, &holidays) {
                        let i = d.ordinal0() as usize;
                        bits[i / 64] |= 1 << (i % 64);
                    }
                    day = d.succ_opt();
                }
                Year { bits, count: bits.iter().map(|w| w.count_ones()).sum() }
            })
            .collect();
        Self { calendar: calendar.clone(), years, any: calendar.has_business_days() }
    }

    /// The calendar compiled.
    #[must_use]
    pub fn calendar(&self) -> &Calendar {
        &self.calendar
    }

    /// Whether `date` is a business day.
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// use helpdesk_core::calendar::{BusinessDays, Calendar};
    /// let days = BusinessDays::new(&Calendar::colombia());
    /// assert!(!days.is_business_day(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()));
    /// ```
    #[must_use]
    pub fn is_business_day(&self, date: NaiveDate) -> bool {
        match self.year(date.year()) {
            Some(year) => year.nth_from(date.ordinal0(), 1) == Ok(date.ordinal0()),
            None => self.calendar.is_business_day(date),
        }
    }

    fn year(&self, year: i32) -> Option<&Year> {
        self.years.get(usize::try_from(year.checked_sub(FIRST_YEAR)?).ok()?)
    }

    /// `start` plus `n` business days, exactly as [`Calendar::add_business_days`].
    #[must_use]
    pub fn add_business_days(&self, start: NaiveDateTime, n: u32) -> NaiveDateTime {
        let date = start.date();
        if n == 0 || !self.any || self.year(date.year()).is_none() {
            return self.calendar.add_business_days(start, n);
        }
        let (mut year, mut from, mut left) = (date.year(), date.ordinal0() + 1, n);
        while let Some(bits) = self.year(year) {
            match bits.nth_from(from, left) {
                Ok(day) => {
                    return NaiveDate::from_yo_opt(year, day + 1)
                        .map_or_else(|| self.calendar.add_business_days(start, n), |d| d.and_time(start.time()));
                }
                Err(count) => left -= count,
            }
            (year, from) = (year + 1, 0);
        }
        // Past the last year kept: walk on from its last day with what is left.
        let last = NaiveDate::from_ymd_opt(LAST_YEAR, 12, 31).unwrap_or(date);
        self.calendar.add_business_days(last.and_time(start.time()), left)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nth_set_bit_is_found_across_words_and_counted_when_missing() {
        let mut bits = [0_u64; 6];
        for i in [3_usize, 64, 130, 364] {
            bits[i / 64] |= 1 << (i % 64);
        }
        let year = Year { bits, count: 4 };
        assert_eq!(year.nth_from(0, 1), Ok(3));
        assert_eq!(year.nth_from(4, 1), Ok(64));
        assert_eq!(year.nth_from(4, 3), Ok(364));
        assert_eq!(year.nth_from(65, 3), Err(2));
        assert_eq!(year.nth_from(0, 5), Err(4));
        assert_eq!(year.nth_from(365, 1), Err(0));
    }
}
