//! # helpdesk-core
//!
//! The rules of the helpdesk, written once and compiled both to WebAssembly (for the
//! subscriber's browser) and to native code (for the server), so that the widget's preview
//! and the server's decision never disagree.
//!
//! Sans-IO: every function takes values and returns values. Nothing here performs I/O or
//! reads the clock; callers pass "now".
//!
//! - [`ticket`]: the normalised [`Ticket`] with its [`Status`] and [`Priority`];
//! - [`envelope`]: the `{ok, type, action, data, message, meta}` wire format of the ticket
//!   API (seeds 000/001), its parser and its serialiser;
//! - [`dialect`]: the WHMCS/Keliweb and ISP-CRM parsers into the same model;
//! - [`catalog`]: the subject catalog, NFC-exact matching, priority by subject;
//! - [`zone`]: the per-zone limit of active tickets;
//! - [`calendar`]: business days, weekends and public holidays computed by rule;
//! - [`policy`]: all of the above as one value, and the resolution estimate;
//! - [`time`]: dates and local date-times in the fixed forms the back ends write, read and
//!   written by one reader and one writer;
//! - [`ParseError`]: what went wrong reading an answer, shared by every parser.
//!
//! What the wasm build borrows from its JavaScript host (`JSON.parse`, `normalize`, ...) is
//! chosen in one private module, `host`; nothing else in the crate depends on the target.
#![warn(missing_docs)]

pub mod calendar;
pub mod catalog;
pub mod dialect;
pub mod envelope;
mod error;
mod fields;
mod host;
pub mod policy;
pub mod ticket;
pub mod time;
mod unicode;
pub mod zone;

pub use envelope::{Action, Envelope, EnvelopeKind, TicketLookup, TicketPage};
pub use error::ParseError;
pub use ticket::{
    Author, BackOffice, Message, Priority, PriorityLevel, StaffNote, Status, StatusGroup, StatusKind, Thread, Ticket,
    TicketId,
};
