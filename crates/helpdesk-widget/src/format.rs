//! Display formatting of model values, per locale, by the browser's `Intl` (no locale data
//! ships in the wasm).

use std::cell::RefCell;

use chrono::NaiveDateTime;
use js_sys::{Array, Intl, Object, Reflect};
use wasm_bindgen::prelude::*;

use crate::i18n::Texts;

/// The subscriber's language: the texts and the BCP 47 tag dates and numbers follow.
#[derive(Debug, Clone, Copy)]
pub struct Locale {
    /// The texts.
    pub t: &'static Texts,
    /// The tag (`es-CO`, `en-GB`…), leaked once per widget so the value stays `Copy`.
    pub tag: &'static str,
}

impl Locale {
    /// The locale for a tag; an empty tag means the browser's language.
    #[must_use]
    pub fn new(tag: &str) -> Self {
        let tag = if tag.trim().is_empty() {
            web_sys::window().and_then(|w| w.navigator().language()).unwrap_or_default()
        } else {
            tag.trim().to_owned()
        };
        let t = Texts::for_locale(&tag);
        Self { t, tag: Box::leak(format_tag(t, &tag).into_boxed_str()) }
    }
}

/// The tag dates and numbers are formatted with: the texts' language and, when the given
/// tag is of that language, its region (`es-CO`, `en-GB`, `es-419`). Anything else is
/// dropped, so `Intl` never sees a tag it would reject and dates never speak another
/// language than the words around them.
#[must_use]
pub fn format_tag(t: &Texts, tag: &str) -> String {
    let mut parts = tag.split(['-', '_']);
    let same_language = parts.next().is_some_and(|p| p.eq_ignore_ascii_case(t.lang));
    let region = parts.next().filter(|r| {
        (r.len() == 2 && r.bytes().all(|b| b.is_ascii_alphabetic()))
            || (r.len() == 3 && r.bytes().all(|b| b.is_ascii_digit()))
    });
    match region {
        Some(r) if same_language => format!("{}-{}", t.lang, r.to_ascii_uppercase()),
        _ => t.lang.to_owned(),
    }
}

#[wasm_bindgen]
extern "C" {
    /// `Intl.DateTimeFormat(locales, options)`; a `RangeError` is caught, never a trap.
    #[wasm_bindgen(catch, js_namespace = Intl, js_name = DateTimeFormat)]
    fn date_time_format(locales: &Array, options: &Object) -> Result<Intl::DateTimeFormat, JsValue>;

    /// `Intl.NumberFormat(locales)`; a `RangeError` is caught, never a trap.
    #[wasm_bindgen(catch, js_namespace = Intl, js_name = NumberFormat)]
    fn number_format(locales: &Array) -> Result<Intl::NumberFormat, JsValue>;
}

/// The bound `format` functions of one tag's formats: the full date-time, the short one (no
/// year), numbers. Taken once, so formatting a value is one call into JavaScript.
type Formats = (js_sys::Function, js_sys::Function, js_sys::Function);

thread_local! {
    /// Each tag's formats, made once and kept for the page's life (a page has a tag or two).
    static FORMATS: RefCell<Vec<(&'static str, &'static Formats)>> = const { RefCell::new(Vec::new()) };
}

fn options(pairs: &[(&str, &str)]) -> Object {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    o
}

/// The date and number formats of `tag`, made once; `None` if the host refuses them. Every
/// JavaScript call happens outside the cache's borrow.
fn formats(tag: &'static str) -> Option<&'static Formats> {
    let cached = FORMATS.with_borrow(|cache| cache.iter().find(|(t, _)| *t == tag).map(|(_, f)| *f));
    if cached.is_some() {
        return cached;
    }
    let locales = Array::of1(&JsValue::from_str(tag));
    // Local wall-clock times are formatted as UTC so the browser's zone never shifts them.
    // The full form has the year; the short one (a phone's line) not. The year is the first
    // option, so the short form's options are the full one's tail.
    const FULL: [(&str, &str); 7] = [
        ("year", "numeric"),
        ("month", "2-digit"),
        ("day", "2-digit"),
        ("hour", "2-digit"),
        ("minute", "2-digit"),
        ("hourCycle", "h23"),
        ("timeZone", "UTC"),
    ];
    let date = date_time_format(&locales, &options(&FULL)).ok()?.format();
    let short = date_time_format(&locales, &options(&FULL[1..])).ok()?.format();
    let number = number_format(&locales).ok()?.format();
    let made: &'static Formats = Box::leak(Box::new((date, short, number)));
    FORMATS.with_borrow_mut(|cache| cache.push((tag, made)));
    Some(made)
}

/// `value` by a bound `format` function; `None` if it throws or answers no text.
fn format_with(format: &js_sys::Function, value: f64) -> Option<String> {
    format.call1(&JsValue::UNDEFINED, &JsValue::from_f64(value)).ok()?.as_string()
}

/// `t` by `format` (a local wall-clock time, formatted as UTC). `Intl`'s `format` takes a
/// time as its milliseconds since 1970, as it would read them from a `Date`.
fn format_date(format: &js_sys::Function, t: NaiveDateTime) -> String {
    #[allow(clippy::cast_precision_loss)] // milliseconds since 1970 fit an f64 exactly
    format_with(format, t.and_utc().timestamp_millis() as f64).unwrap_or_default()
}

/// A local date-time as the subscriber reads it (`26/02/2026, 10:00` in Spanish).
#[must_use]
pub fn date_time(locale: Locale, t: NaiveDateTime) -> String {
    formats(locale.tag).map(|(date, ..)| format_date(date, t)).unwrap_or_default()
}

/// [`date_time`] and the same without the year (`26/02, 10:00`), where a phone has no room
/// for more.
#[must_use]
pub fn date_time_and_short(locale: Locale, t: NaiveDateTime) -> (String, String) {
    formats(locale.tag).map(|(date, short, _)| (format_date(date, t), format_date(short, t))).unwrap_or_default()
}

/// A local date-time in machine form, for `<time datetime>`: `2026-02-26T10:00`.
#[must_use]
pub fn iso(t: NaiveDateTime) -> String {
    use chrono::{Datelike, Timelike};
    format!("{:04}-{:02}-{:02}T{:02}:{:02}", t.year(), t.month(), t.day(), t.hour(), t.minute())
}

/// A count as the subscriber reads it (grouping per locale).
#[must_use]
pub fn number(locale: Locale, n: u64) -> String {
    #[allow(clippy::cast_precision_loss)] // counts far below 2^53
    formats(locale.tag).and_then(|(.., format)| format_with(format, n as f64)).unwrap_or_else(|| n.to_string())
}
