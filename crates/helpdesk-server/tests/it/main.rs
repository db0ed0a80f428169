//! Integration tests of helpdesk-server: one binary, one module per area.

mod access;
mod conformance;
mod create;
mod delivery;
mod dialects;
mod directory;
mod exactly_once;
mod gateway;
mod gateway_whmcs;
mod hostile;
mod isolation;
mod limits;
mod multi_instance;
mod openapi;
mod policy;
mod socket;
mod static_files;
mod subjects;
mod support;
mod thread;
mod tickets;
mod whmcs;
mod whmcs_lists;
mod whmcs_restarts;
mod wisphub;
mod wisphub_lists;
