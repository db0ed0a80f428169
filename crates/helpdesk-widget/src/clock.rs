//! Time and randomness from the browser: "now", the ISP's local time (by `Intl`, so no
//! timezone database ships in the wasm) and idempotency keys.

use chrono::{DateTime, NaiveDateTime, Utc};
use helpdesk_core::policy::LocalClock;

/// Now, from the browser's clock.
#[must_use]
pub fn now_utc() -> DateTime<Utc> {
    #[allow(clippy::cast_possible_truncation)] // milliseconds since 1970
    let millis = js_sys::Date::now() as i64;
    DateTime::from_timestamp_millis(millis).unwrap_or_default()
}

/// The browser's own wall-clock time now.
#[must_use]
pub fn now_local() -> NaiveDateTime {
    browser_local(now_utc())
}

/// The browser's wall-clock time at a UTC instant (its own timezone, with the offset in
/// force at that instant).
#[must_use]
pub fn browser_local(t: DateTime<Utc>) -> NaiveDateTime {
    #[allow(clippy::cast_precision_loss)] // milliseconds since 1970 fit an f64 exactly
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(t.timestamp_millis() as f64));
    #[allow(clippy::cast_possible_truncation)] // an offset in minutes
    let offset = date.get_timezone_offset() as i64;
    t.naive_utc() - chrono::Duration::minutes(offset)
}

/// The ISP's timezone conversion for helpdesk-core, by the browser's `Intl`.
#[derive(Debug, Clone, Copy, Default)]
pub struct BrowserClock;

impl LocalClock for BrowserClock {
    fn local_time(&self, zone: &str, instant: DateTime<Utc>) -> Option<NaiveDateTime> {
        helpdesk_wasm::IntlClock.local_time(zone, instant)
    }
}

/// A fresh idempotency key (`crypto.randomUUID()`, or time and `Math.random` where the page
/// is not a secure context).
#[must_use]
pub fn new_key() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| format!("{}-{}", js_sys::Date::now().to_bits(), js_sys::Math::random().to_bits()))
}
