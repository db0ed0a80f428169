//! Integration tests of helpdesk-server: one binary, one module per area.

mod support;
mod tickets;
