//! The back offices the gateway can sit in front of, as clients of their HTTP APIs:
//! [`wisphub`] (and [`wisphub_read`], its answers read), [`whmcs`] (WHMCS directly or through
//! Keliweb), over what they share ([`http`]). Their failures are [`UpstreamError`]s, which say whether a call that changes
//! something may have taken effect ([`UpstreamError::outcome_unknown`]).

mod error;
pub mod http;
pub mod whmcs;
pub mod wisphub;
pub mod wisphub_read;

pub use error::UpstreamError;
