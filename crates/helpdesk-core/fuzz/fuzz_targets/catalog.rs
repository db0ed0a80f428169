//! Subject validation never panics; a match is a catalog entry; a miss suggests only
//! catalog subjects.
#![no_main]

use helpdesk_core::catalog::Catalog;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let catalog = Catalog::default();
    match catalog.validate(text) {
        Ok(s) => assert!(catalog.subjects().contains(s)),
        Err(e) => assert!(e.closest.iter().all(|c| catalog.validate(c).is_ok())),
    }
});
