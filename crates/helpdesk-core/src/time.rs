//! Dates and local date-times as the back ends and the policy write them: the fixed-width
//! ISO forms `YYYY-MM-DD` and `YYYY-MM-DD HH:MM[:SS]` (`T` or a space between date and
//! time), years 0000–9999, surrounding whitespace ignored. The one reader
//! ([`parse_local`], [`parse_date`]) and the one writer ([`format_local`]) of these forms.
//!
//! The layout is fixed, so it is read and written by position and checked by chrono's
//! constructors, without chrono's format-string machinery (ARCHITECTURE.md, "Size"). Property
//! tests hold every reading equal to chrono's `parse_from_str` with the same formats on the
//! strings those formats write (refusing the looser spellings chrono would also take:
//! one-digit months, signed years, inner spaces, leap seconds), and every writing equal to
//! chrono's `format`.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use crate::error::ParseError;

/// The number written by ASCII digits, `None` if any byte is not one.
fn digits(bytes: &[u8]) -> Option<u32> {
    bytes.iter().try_fold(0_u32, |n, b| b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0')))
}

fn date(bytes: &[u8]) -> Option<NaiveDate> {
    let [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = *bytes else { return None };
    let year = i32::try_from(digits(&[y0, y1, y2, y3])?).ok()?;
    NaiveDate::from_ymd_opt(year, digits(&[m0, m1])?, digits(&[d0, d1])?)
}

fn time(bytes: &[u8]) -> Option<NaiveTime> {
    let (hour, minute, second) = match *bytes {
        [h0, h1, b':', m0, m1] => (digits(&[h0, h1])?, digits(&[m0, m1])?, 0),
        [h0, h1, b':', m0, m1, b':', s0, s1] => (digits(&[h0, h1])?, digits(&[m0, m1])?, digits(&[s0, s1])?),
        _ => return None,
    };
    NaiveTime::from_hms_opt(hour, minute, second)
}

/// A date written `YYYY-MM-DD`.
///
/// # Example
/// ```
/// use helpdesk_core::time::parse_date;
/// assert_eq!(parse_date(" 2026-12-24 ").map(|d| d.to_string()).as_deref(), Some("2026-12-24"));
/// assert_eq!(parse_date("2026-02-30"), None);
/// assert_eq!(parse_date("2026-1-5"), None);
/// ```
#[must_use]
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    date(text.trim().as_bytes())
}

/// Parse a local date-time as back ends write it: `YYYY-MM-DD HH:MM`, with optional
/// seconds, `T` or space as separator.
///
/// # Example
/// ```
/// use helpdesk_core::time::parse_local;
/// assert_eq!(parse_local("created_at", "2016-01-01 06:26:29").unwrap().to_string(), "2016-01-01 06:26:29");
/// assert!(parse_local("created_at", "26/02/2026").is_err());
/// ```
///
/// # Errors
/// [`ParseError::InvalidField`] naming `field` when the text is not such a date-time.
pub fn parse_local(field: &'static str, text: &str) -> Result<NaiveDateTime, ParseError> {
    let t = text.trim();
    let bytes = t.as_bytes();
    let parsed = match bytes.split_at_checked(10) {
        Some((day, [b' ' | b'T', clock @ ..])) => date(day).zip(time(clock)),
        _ => None,
    };
    parsed.map(|(day, clock)| day.and_time(clock)).ok_or_else(|| ParseError::InvalidField {
        field,
        reason: format!("\"{t}\" is not a date-time like 2026-02-26 10:00"),
    })
}

/// The forms a local date-time is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocalForm {
    /// `2026-02-26 10:00`: the envelope API's ticket dates, to the minute.
    Minutes,
    /// `2026-02-26 10:00:07`: to the second, WHMCS's `Y-m-d H:i:s`.
    Seconds,
    /// `2026-02-26T10:00:07`: ISO 8601 to the second, as the JavaScript package answers.
    Iso,
}

/// `t` written in `form`, the inverse of [`parse_local`] for years 0000–9999.
///
/// # Example: a ticket date, and the same instant for WHMCS and for JavaScript
/// ```
/// use helpdesk_core::time::{LocalForm, format_local, parse_local};
/// let t = parse_local("created_at", "2026-02-26 10:00:07").unwrap();
/// assert_eq!(format_local(t, LocalForm::Minutes), "2026-02-26 10:00");
/// assert_eq!(format_local(t, LocalForm::Seconds), "2026-02-26 10:00:07");
/// assert_eq!(format_local(t, LocalForm::Iso), "2026-02-26T10:00:07");
/// ```
#[must_use]
pub fn format_local(t: NaiveDateTime, form: LocalForm) -> String {
    let (year, month, day) = (t.year(), t.month(), t.day());
    let (hour, minute, second) = (t.hour(), t.minute(), t.second());
    if let Ok(four_digits @ 0..=9999) = u32::try_from(year) {
        // Byte by byte into a buffer: what `format!` writes, without its machinery (a quarter
        // of the time in the wasm, where a page of due dates is written at once).
        let mut text = *b"0000-00-00T00:00:00";
        if form != LocalForm::Iso {
            text[10] = b' ';
        }
        for (at, width, value) in
            [(0, 4, four_digits), (5, 2, month), (8, 2, day), (11, 2, hour), (14, 2, minute), (17, 2, second)]
        {
            put_digits(&mut text[at..at + width], value);
        }
        let len = if form == LocalForm::Minutes { 16 } else { 19 };
        return text.get(..len).and_then(|t| std::str::from_utf8(t).ok()).unwrap_or_default().to_owned();
    }
    match form {
        LocalForm::Minutes => format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}"),
        LocalForm::Seconds => format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}:{second:02}"),
        LocalForm::Iso => format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}"),
    }
}

/// `value`'s last decimal digits into `digits`, zero-padded.
fn put_digits(digits: &mut [u8], mut value: u32) {
    for digit in digits.iter_mut().rev() {
        *digit = b'0' + u8::try_from(value % 10).unwrap_or_default();
        value /= 10;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_four_forms_of_a_local_date_time() {
        let want = NaiveDate::from_ymd_opt(2026, 2, 26).and_then(|d| d.and_hms_opt(10, 0, 7));
        assert_eq!(parse_local("d", "2026-02-26 10:00:07").ok(), want);
        assert_eq!(parse_local("d", " 2026-02-26T10:00:07 ").ok(), want);
        let minute = NaiveDate::from_ymd_opt(2026, 2, 26).and_then(|d| d.and_hms_opt(10, 0, 0));
        assert_eq!(parse_local("d", "2026-02-26 10:00").ok(), minute);
        assert_eq!(parse_local("d", "2026-02-26T10:00").ok(), minute);
    }

    #[test]
    fn every_form_reads_back() {
        let t = NaiveDate::from_ymd_opt(7, 1, 2).and_then(|d| d.and_hms_opt(3, 4, 5)).expect("valid");
        assert_eq!(format_local(t, LocalForm::Iso), "0007-01-02T03:04:05");
        for form in [LocalForm::Seconds, LocalForm::Iso] {
            assert_eq!(parse_local("d", &format_local(t, form)).ok(), Some(t), "{form:?}");
        }
        let minute = t.with_second(0).expect("valid");
        assert_eq!(parse_local("d", &format_local(t, LocalForm::Minutes)).ok(), Some(minute));
    }

    #[test]
    fn anything_else_names_the_field() {
        for bad in [
            "",
            "2026-02-26",
            "2026-02-26 ",
            "2026-02-26 10",
            "2026-02-26 10:00:07.5",
            "2026-02-26t10:00",
            "2026-02-26  10:00",
            "2026-02-30 10:00",
            "2026-02-26 24:00",
            "2026-02-26 10:60",
            "2026-02-26 23:59:60",
            "2026-2-26 10:00",
            "+2026-02-26 10:00",
            "2026-02-26 10:0a",
            "２０２６-02-26 10:00",
        ] {
            match parse_local("created_at", bad) {
                Err(ParseError::InvalidField { field, .. }) => assert_eq!(field, "created_at", "{bad}"),
                other => panic!("{bad:?}: {other:?}"),
            }
        }
    }
}
