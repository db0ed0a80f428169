//! The WHMCS get-ticket parser never panics and never lets a staff note into the thread.
#![no_main]

use helpdesk_core::dialect::whmcs::parse_get_ticket;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(t) = parse_get_ticket(text) {
        for note in &t.staff_notes {
            assert!(t.thread.messages.iter().all(|m| m.date != note.date || m.text != note.text || m.id != note.id || note.text.is_empty()));
        }
    }
});
