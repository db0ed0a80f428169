//! Why a request failed ([`LoadError`]), in terms the UI can explain. Every status, body,
//! timeout and dropped connection ends here, never in a panic.

use crate::i18n::Texts;

/// Why a request failed, in terms the UI can explain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    /// The request got no response (DNS, CORS, connection dropped).
    Network(String),
    /// The browser is offline.
    Offline,
    /// No response within the configured time.
    Timeout,
    /// The credentials were refused (401/403).
    Unauthorized,
    /// The server failed (5xx) or sent something that is not the expected shape.
    Server(String),
    /// The server refused the change and said why.
    Refused(String),
}

impl LoadError {
    /// The message a subscriber reads.
    #[must_use]
    pub fn message(&self, t: &Texts) -> String {
        match self {
            Self::Network(_) => t.network_error.to_owned(),
            Self::Offline => t.offline_error.to_owned(),
            Self::Timeout => t.timeout_error.to_owned(),
            Self::Unauthorized => t.auth_error.to_owned(),
            Self::Server(_) => t.server_error.to_owned(),
            Self::Refused(why) => format!("{} {why}", t.refused),
        }
    }
}
