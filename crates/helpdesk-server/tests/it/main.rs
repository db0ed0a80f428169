//! Integration tests of helpdesk-server: one binary, one module per area.

mod create;
mod policy;
mod socket;
mod support;
mod tickets;
