//! The envelope parsers (one ticket, a list) never panic, and what they accept survives a
//! round trip through the wire form.
#![no_main]

use helpdesk_core::envelope::{parse_ticket_list_response, parse_ticket_response, ticket_to_wire};
use helpdesk_core::TicketLookup;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(TicketLookup::Found(t)) = parse_ticket_response(text) {
        let body = serde_json::json!({"action": "ticket_found", "data": ticket_to_wire(&t)}).to_string();
        let again = parse_ticket_response(&body).expect("a parsed ticket re-parses");
        let TicketLookup::Found(again) = again else { panic!("round trip lost the ticket") };
        // Seconds are not part of the wire form.
        assert_eq!(again.id, t.id);
        assert_eq!(again.subject, t.subject);
    }
    let _ = parse_ticket_list_response(text);
});
