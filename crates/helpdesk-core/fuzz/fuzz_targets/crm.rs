//! The ISP-CRM list parser never panics.
#![no_main]

use helpdesk_core::dialect::crm::parse_customer_tickets;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = parse_customer_tickets(text, |t| t.naive_utc());
});
