//! `BusinessCalendar`: a calendar compiled once (each year's business days as bits) for
//! callers that ask many times — a list of tickets' due dates, a report — with the same
//! answers as `addBusinessDays` and without reading the calendar again on every call.

use helpdesk_core::calendar::BusinessDays;
use helpdesk_core::time;
use wasm_bindgen::prelude::*;

use crate::exports::{calendar_from, error, parse_local_iso};

/// A business calendar compiled for many questions.
#[wasm_bindgen]
#[derive(Debug)]
pub struct BusinessCalendar(BusinessDays);

#[wasm_bindgen]
impl BusinessCalendar {
    /// `calendar` (a country code, a `CalendarSpec`, or omitted for Colombia), compiled.
    ///
    /// # Errors
    /// A JS `Error` when `calendar` is not a calendar.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "CountryCode | CalendarSpec | undefined")] calendar: JsValue,
    ) -> Result<Self, JsError> {
        Ok(Self(BusinessDays::new(&calendar_from(calendar)?)))
    }

    /// `startLocalIso` plus `days` business days, as `addBusinessDays` answers.
    ///
    /// # Errors
    /// A JS `Error` when `startLocalIso` is not a local date-time.
    #[wasm_bindgen(js_name = addBusinessDays)]
    pub fn add_business_days(&self, start_local_iso: &str, days: u32) -> Result<String, JsError> {
        let start = parse_local_iso(start_local_iso)?;
        Ok(time::format_local(self.0.add_business_days(start, days), time::LocalForm::Iso))
    }

    /// Whether `date` (`YYYY-MM-DD`) is a business day.
    ///
    /// # Errors
    /// A JS `Error` when `date` is not a date.
    #[wasm_bindgen(js_name = isBusinessDay)]
    pub fn is_business_day(&self, date: &str) -> Result<bool, JsError> {
        let day =
            time::parse_date(date.trim()).ok_or_else(|| error(format!("{date:?} is not a date like 2026-02-26")))?;
        Ok(self.0.is_business_day(day))
    }
}
