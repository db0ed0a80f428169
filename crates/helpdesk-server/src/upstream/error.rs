//! How a call to a back office failed, precisely enough to log it, answer the subscriber,
//! and know whether a create may have happened anyway.

use std::fmt;

/// A failed call to a back office. Messages never contain the upstream key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UpstreamError {
    /// An HTML 403: the key or the base URL is wrong (WispHub's nginx answers so); WHMCS's
    /// `Authentication Failed`; Keliweb's refused OAuth2 client or user.
    Refused,
    /// The back office refuses this server's address: WHMCS's API IP allowlist
    /// (`Invalid IP …`), with what it said.
    AddressRefused(String),
    /// The resource does not exist (404).
    NotFound,
    /// The back office refused the request as malformed (4xx), with what it said.
    Rejected {
        /// The HTTP status.
        status: u16,
        /// Its answer, cut short.
        detail: String,
    },
    /// A 5xx: the back office failed, perhaps after doing the work.
    Failed(u16),
    /// No answer in time: perhaps after doing the work.
    Timeout,
    /// The connection failed or dropped: before or after the work, nobody knows.
    Connection(String),
    /// An answer that is not what the API answers (not JSON, missing fields).
    Malformed(String),
    /// A pagination link that does not point into the API.
    BadLink(String),
    /// The call waited longer than its timeout for its turn under the rate limit, and was
    /// not made.
    Throttled,
}

impl UpstreamError {
    /// Whether a call that changes something may have taken effect: the gateway must look
    /// before it sends it again.
    #[must_use]
    pub fn outcome_unknown(&self) -> bool {
        matches!(self, Self::Failed(_) | Self::Timeout | Self::Connection(_) | Self::Malformed(_))
    }
}

impl UpstreamError {
    /// A short name of the failure, for metrics and logs.
    #[must_use]
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Refused => "refused",
            Self::AddressRefused(_) => "address_refused",
            Self::NotFound => "not_found",
            Self::Rejected { .. } => "rejected",
            Self::Failed(_) => "failed",
            Self::Timeout => "timeout",
            Self::Connection(_) => "connection",
            Self::Malformed(_) => "malformed",
            Self::BadLink(_) => "bad_link",
            Self::Throttled => "throttled",
        }
    }
}

impl fmt::Display for UpstreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Refused => f.write_str(
                "the back office refused the credential or the URL (HTML 403, or Authentication Failed): check both",
            ),
            Self::AddressRefused(said) => {
                write!(f, "the back office refused this server's address ({said}): add it to its API IP allowlist")
            }
            Self::NotFound => f.write_str("the back office has no such record (404)"),
            Self::Rejected { status, detail } => write!(f, "the back office rejected the request ({status}): {detail}"),
            Self::Failed(status) => write!(f, "the back office failed ({status})"),
            Self::Timeout => f.write_str("the back office did not answer in time"),
            Self::Connection(e) => write!(f, "the connection to the back office failed: {e}"),
            Self::Malformed(e) => write!(f, "the back office answered something unreadable: {e}"),
            Self::BadLink(link) => write!(f, "the back office gave a link outside its API: {link}"),
            Self::Throttled => f.write_str("too many calls to the back office are waiting: this one was not made"),
        }
    }
}

impl std::error::Error for UpstreamError {}
