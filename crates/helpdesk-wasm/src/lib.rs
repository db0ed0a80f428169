//! # helpdesk-wasm
//!
//! helpdesk-core for JavaScript: the helpdesk's rules in a WebAssembly package with
//! TypeScript types, usable from Node and from a browser without the UI. Build it with
//! `cargo xtask wasm-pkg`.
//!
//! Every function validates its input and throws a JS `Error` with a clear message on bad
//! input; none traps.
//!
//! [`IntlClock`] (always compiled) converts instants to an IANA timezone's wall-clock time
//! with the host's `Intl.DateTimeFormat`, so no timezone database ships in the wasm.

#[cfg(feature = "exports")]
pub mod business_calendar;
mod clock;
#[cfg(feature = "exports")]
pub mod exports;

pub use clock::IntlClock;
