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
    #[allow(clippy::cast_possible_truncation)] // an offset in minutes
    let offset = js_sys::Date::new_0().get_timezone_offset() as i64;
    now_utc().naive_utc() - chrono::Duration::minutes(offset)
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
