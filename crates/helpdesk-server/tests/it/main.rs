//! Integration tests of helpdesk-server: one binary, one module per area.

mod policy;
mod support;
mod tickets;
