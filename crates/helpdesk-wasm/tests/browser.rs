//! The helpdesk-wasm suite in a headless browser.
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod common;

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
