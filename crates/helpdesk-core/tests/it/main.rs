//! Integration tests of helpdesk-core: one binary, one module per area.

mod calendar;
mod envelope;
