//! Parsers of the other back-office dialects, into the same normalised model.
//!
//! - [`whmcs`]: WHMCS/Keliweb `get-ticket` (seed 002): one ticket with its reply thread;
//!   staff notes come back apart, typed so that they cannot end up in a subscriber's view.
//! - [`crm`]: the ISP-CRM subscriber list (seed 003), `{success, data}`.
//!
//! The envelope dialect (seeds 000/001) lives in [`crate::envelope`].

pub mod crm;
pub mod whmcs;
