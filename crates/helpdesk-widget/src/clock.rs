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

/// A fresh idempotency key: a version-4 UUID from `crypto.getRandomValues`, which every
/// page has (`crypto.randomUUID` exists only in secure contexts, and a portal may be served
/// over plain HTTP). Where Web Crypto fails, `Math.random` fills the bytes.
#[must_use]
pub fn new_key() -> String {
    let mut bytes = [0_u8; 16];
    let crypto = web_sys::window().and_then(|w| w.crypto().ok());
    if crypto.is_none_or(|c| c.get_random_values_with_u8_array(&mut bytes).is_err()) {
        for byte in &mut bytes {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // in 0..256
            let random = (js_sys::Math::random() * 256.0) as u8;
            *byte = random;
        }
    }
    uuid_v4(bytes)
}

/// Sixteen random bytes as a version-4 UUID, `xxxxxxxx-xxxx-4xxx-Nxxx-xxxxxxxxxxxx` (the
/// version and variant bits set, lowercase hex).
#[must_use]
pub fn uuid_v4(mut bytes: [u8; 16]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let mut text = String::with_capacity(36);
    for (i, byte) in bytes.into_iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            text.push('-');
        }
        text.push(char::from(HEX[usize::from(byte >> 4)]));
        text.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::uuid_v4;

    #[test]
    fn random_bytes_become_a_version_4_uuid() {
        assert_eq!(uuid_v4([0; 16]), "00000000-0000-4000-8000-000000000000");
        assert_eq!(uuid_v4([0xff; 16]), "ffffffff-ffff-4fff-bfff-ffffffffffff");
        let bytes = [0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef];
        assert_eq!(uuid_v4(bytes), "12345678-9abc-4ef0-8123-456789abcdef");
    }
}
