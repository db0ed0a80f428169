//! The back offices the gateway can sit in front of: what the gateway needs of any of them
//! ([`BackOffice`], in [`office`]), and the clients of their HTTP APIs — [`wisphub`] (its
//! answers read in [`wisphub_read`], the trait in [`wisphub_office`]) and [`whmcs`] (WHMCS
//! directly or through Keliweb) — over what they share ([`http`]). Their failures are
//! [`UpstreamError`]s, which say whether a call that changes something may have taken effect
//! ([`UpstreamError::outcome_unknown`]).

mod error;
pub mod http;
pub mod office;
pub mod whmcs;
pub mod whmcs_office;
pub mod whmcs_read;
pub mod wisphub;
pub mod wisphub_office;
pub mod wisphub_read;

pub use error::UpstreamError;
pub use office::{BackOffice, NO_TECHNICIAN};
