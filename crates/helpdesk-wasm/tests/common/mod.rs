//! The suite shared by the Node and the browser runs: each function is one test.

use helpdesk_wasm::exports::{
    add_business_days, estimate_resolution, holidays, parse_ticket, priority_of_subject, subject_catalog,
    validate_subject, zone_allows,
};
use js_sys::Reflect;
use wasm_bindgen::{JsError, JsValue};

/// Declare one `#[wasm_bindgen_test]` per shared test.
macro_rules! suite {
    ($($name:ident),* $(,)?) => {
        $(
            #[wasm_bindgen_test::wasm_bindgen_test]
            fn $name() {
                common::$name();
            }
        )*
    };
}
pub(crate) use suite;

/// Every shared test, declared once for each runner.
macro_rules! all {
    () => {
        common::suite!(
            catalog_lists_31_subjects_with_priorities,
            validate_subject_accepts_nfd_and_names_the_closest_on_error,
            holidays_by_country_and_year_as_iso_dates,
            add_business_days_matches_the_worked_examples,
            calendar_spec_objects_apply_extra_holidays,
            estimate_converts_utc_to_the_isp_timezone_with_intl,
            zone_allows_answers_with_max_tickets,
            parse_ticket_handles_each_dialect_and_refuses_garbage,
        );
    };
}
pub(crate) use all;

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).expect("property")
}

fn message(e: JsError) -> String {
    let value = JsValue::from(e);
    js_sys::Error::from(value).message().into()
}

fn json(value: &JsValue) -> String {
    js_sys::JSON::stringify(value).expect("stringify").into()
}

pub(crate) fn catalog_lists_31_subjects_with_priorities() {
    let c = subject_catalog().expect("catalog");
    let array = js_sys::Array::from(&c);
    assert_eq!(array.length(), 31);
    assert_eq!(get(&array.get(0), "name").as_string().as_deref(), Some("Cambio de Contraseña en Router Wifi"));
    assert_eq!(get(&array.get(0), "priority").as_string().as_deref(), Some("low"));
}

pub(crate) fn validate_subject_accepts_nfd_and_names_the_closest_on_error() {
    let ok = validate_subject("Antena Dan\u{0303}ada").expect("NFD matches");
    assert_eq!(get(&ok, "name").as_string().as_deref(), Some("Antena Dañada"));
    let err = message(validate_subject("antena danada").expect_err("inexact"));
    assert!(err.contains("Antena Dañada"), "{err}");
    assert_eq!(priority_of_subject("Troncal Dañado"), Some(4));
    assert_eq!(priority_of_subject("Falla Masiva"), None);
}

pub(crate) fn holidays_by_country_and_year_as_iso_dates() {
    let co = holidays("CO", 2026).expect("CO 2026");
    assert!(co.contains(&"2026-01-12".to_owned()) && co.contains(&"2026-07-13".to_owned()));
    let it = holidays("it", 2026).expect("IT 2026");
    assert!(it.contains(&"2026-10-04".to_owned()));
    assert!(message(holidays("XX", 2026).expect_err("country")).contains("unknown country"));
    assert!(message(holidays("CO", 1950).expect_err("year")).contains("1984"));
}

pub(crate) fn add_business_days_matches_the_worked_examples() {
    let co = || JsValue::from_str("CO");
    for (start, end) in [
        ("2026-02-26T10:00", "2026-03-03T10:00:00"),
        ("2026-04-01 10:00", "2026-04-08T10:00:00"),
        ("2025-06-26T10:00", "2025-07-02T10:00:00"),
        ("2025-12-31T10:00", "2026-01-06T10:00:00"),
        ("2026-07-09T10:00", "2026-07-15T10:00:00"),
        ("2026-02-28T10:00", "2026-03-04T10:00:00"),
    ] {
        assert_eq!(add_business_days(start, 3, co()).expect(start), end);
    }
    assert_eq!(add_business_days("2026-02-26T10:00", 3, JsValue::UNDEFINED).expect("default"), "2026-03-03T10:00:00");
    let err = message(add_business_days("26/02/2026", 3, co()).expect_err("bad date"));
    assert!(err.contains("not a local date-time"), "{err}");
}

pub(crate) fn calendar_spec_objects_apply_extra_holidays() {
    let spec = js_sys::JSON::parse(r#"{"country":"CO","extra_holidays":["2026-03-02"]}"#).expect("json");
    assert_eq!(add_business_days("2026-02-26T10:00", 3, spec).expect("spec"), "2026-03-04T10:00:00");
    let bad = js_sys::JSON::parse(r#"{"country":"ZZ"}"#).expect("json");
    assert!(message(add_business_days("2026-02-26T10:00", 3, bad).expect_err("bad")).contains("invalid calendar"));
}

pub(crate) fn estimate_converts_utc_to_the_isp_timezone_with_intl() {
    // 03:30 UTC on 31 Dec is 22:30 on 30 Dec in Bogotá.
    let e = estimate_resolution("2025-12-31T03:30:00Z", JsValue::UNDEFINED).expect("estimate");
    assert_eq!(get(&e, "created_at").as_string().as_deref(), Some("2025-12-30T22:30:00"));
    assert_eq!(get(&e, "end_date").as_string().as_deref(), Some("2026-01-05T22:30:00"));
    let rome = js_sys::JSON::parse(r#"{"timezone":"Europe/Rome","calendar":{"country":"IT"}}"#).expect("json");
    let e = estimate_resolution("2026-07-01T08:00:00Z", rome).expect("Rome, summer time");
    assert_eq!(get(&e, "created_at").as_string().as_deref(), Some("2026-07-01T10:00:00"));
    let mars = js_sys::JSON::parse(r#"{"timezone":"Mars/Olympus"}"#).expect("json");
    assert!(message(estimate_resolution("2026-07-01T08:00:00Z", mars).expect_err("zone")).contains("Mars/Olympus"));
    assert!(estimate_resolution("yesterday", JsValue::UNDEFINED).is_err());
}

pub(crate) fn zone_allows_answers_with_max_tickets() {
    let blocked = zone_allows(3.0, JsValue::UNDEFINED).expect("decision");
    assert_eq!(json(&blocked), r#"{"decision":"blocked","max_tickets":3}"#);
    let allowed = zone_allows(1.0, JsValue::UNDEFINED).expect("decision");
    assert_eq!(json(&allowed), r#"{"decision":"allowed","remaining":2}"#);
    for bad in [-1.0, 1.5, f64::NAN, f64::INFINITY] {
        assert!(zone_allows(bad, JsValue::UNDEFINED).is_err(), "{bad}");
    }
}

pub(crate) fn parse_ticket_handles_each_dialect_and_refuses_garbage() {
    let found = r#"{"ok":true,"type":"success","action":"ticket_found","data":{"ticket_id":"50","subject":"Internet Lento",
        "created_at":"2026-02-26 10:00","end_date":"2026-03-03 10:00","status_ticket":"Abierto","priority":"2","answer_text":null}}"#;
    let t = parse_ticket(found, "envelope").expect("envelope");
    assert_eq!(get(&t, "id").as_f64(), Some(50.0));
    assert_eq!(get(&get(&t, "status"), "kind").as_string().as_deref(), Some("open"));
    let missing = r#"{"ok":true,"type":"info","action":"ticket_not_found","data":null}"#;
    assert!(parse_ticket(missing, "envelope").expect("not found").is_null());
    let whmcs = r#"{"result":"success","ticketid":"1","subject":"s","status":"Open","priority":"Low","date":"2016-01-01 06:26:29",
        "notes":{"note":[{"noteid":"1","date":"2016-01-01 06:26:42","message":"secret","admin":"A"}]}}"#;
    let w = parse_ticket(whmcs, "whmcs").expect("whmcs");
    assert!(!json(&get(&w, "thread")).contains("secret"));
    let crm = r#"{"success":true,"data":[{"ticket_id":101,"subject":"x","status":"Open","priority":"High","created_at":"2023-12-01T10:00:00Z"}]}"#;
    assert_eq!(js_sys::Array::from(&parse_ticket(crm, "crm").expect("crm")).length(), 1);
    for (body, dialect) in
        [("<html>", "envelope"), ("", "whmcs"), ("{}", "crm"), ("{}", "envelope-list"), ("{}", "soap")]
    {
        assert!(parse_ticket(body, dialect).is_err(), "{dialect}: {body}");
    }
}
