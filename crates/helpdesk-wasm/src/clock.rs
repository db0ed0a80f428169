//! Timezone conversion by the JavaScript host's `Intl.DateTimeFormat`.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use helpdesk_core::policy::LocalClock;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Intl, js_name = DateTimeFormat)]
    type DateTimeFormat;

    /// Throws a `RangeError` for an unknown timezone: caught, never a trap.
    #[wasm_bindgen(constructor, catch, js_namespace = Intl, js_class = "DateTimeFormat")]
    fn new(locale: &str, options: &Object) -> Result<DateTimeFormat, JsValue>;

    #[wasm_bindgen(method, catch, js_name = formatToParts)]
    fn format_to_parts(this: &DateTimeFormat, date: &js_sys::Date) -> Result<Array, JsValue>;
}

/// A [`LocalClock`] backed by the browser's (or Node's) `Intl.DateTimeFormat`.
///
/// Example: `IntlClock.local_time("America/Bogota", 2026-02-26T15:00:00Z)` is
/// `2026-02-26 10:00:00`; an unknown zone gives `None` (the host's `RangeError` is caught).
#[derive(Debug, Clone, Copy, Default)]
pub struct IntlClock;

fn set(obj: &Object, key: &str, value: &str) -> Option<()> {
    Reflect::set(obj, &JsValue::from_str(key), &JsValue::from_str(value)).ok().map(|_| ())
}

impl LocalClock for IntlClock {
    fn local_time(&self, zone: &str, instant: DateTime<Utc>) -> Option<NaiveDateTime> {
        let options = Object::new();
        set(&options, "timeZone", zone)?;
        set(&options, "hourCycle", "h23")?;
        for key in ["year", "month", "day", "hour", "minute", "second"] {
            set(&options, key, "numeric")?;
        }
        let format = DateTimeFormat::new("en-US", &options).ok()?;
        #[allow(clippy::cast_precision_loss)] // milliseconds since 1970 fit an f64 exactly
        let date = js_sys::Date::new(&JsValue::from_f64(instant.timestamp_millis() as f64));
        let parts = format.format_to_parts(&date).ok()?;
        let mut fields = [0_u32; 6];
        for part in parts.iter() {
            let kind = Reflect::get(&part, &JsValue::from_str("type")).ok()?.as_string()?;
            let value = Reflect::get(&part, &JsValue::from_str("value")).ok()?.as_string()?;
            let slot = match kind.as_str() {
                "year" => 0,
                "month" => 1,
                "day" => 2,
                "hour" => 3,
                "minute" => 4,
                "second" => 5,
                _ => continue,
            };
            fields[slot] = value.parse().ok()?;
        }
        let [year, month, day, hour, minute, second] = fields;
        NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?.and_hms_opt(hour % 24, minute, second)
    }
}
