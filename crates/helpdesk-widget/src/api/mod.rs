//! The one place that knows each back end's URLs and JSON. One adapter per [`Dialect`],
//! each declaring what it can do ([`Capabilities`]); everything else sees the normalised
//! model through [`ApiClient`].
//!
//! One file per job: `dialect` (what each back end can do; imports nothing of the crate),
//! `error` ([`LoadError`]), `read` (status and body to a result, sans-IO, tested natively),
//! `retry` (when and how long to wait, pure), `transport` (one request: fetch, abort on
//! timeout, offline) and `client` (the endpoints, tokens and the retry loop).

pub mod client;
pub mod dialect;
pub mod error;
pub mod read;
pub mod retry;
mod transport;

pub use client::ApiClient;
pub use dialect::{Capabilities, Dialect};
pub use error::LoadError;
pub use read::{read_create, read_crm_list, read_list, read_thread, read_ticket, read_whmcs_thread};
pub use retry::{
    BACKOFF_BASE_MS, BACKOFF_CAP_MS, RETRIES, RETRY_AFTER_MAX_MS, backoff_ms, retry_after_ms, retryable_status,
};
