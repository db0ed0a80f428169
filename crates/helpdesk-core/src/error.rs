//! The error of reading a back end's answer: the leaf every parser imports, importing
//! nothing of theirs.

use std::fmt;

/// What went wrong reading a response. Never a panic.
///
/// # Example
/// ```
/// use helpdesk_core::{envelope::parse_ticket_response, ParseError};
/// assert!(matches!(parse_ticket_response("<html>"), Err(ParseError::NotJson(_))));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// The body is not JSON (an HTML error page, an empty body, truncated text...).
    NotJson(String),
    /// The body is JSON but not an envelope.
    NotAnEnvelope(&'static str),
    /// The server answered with an action that does not fit the request; its message is kept.
    Rejected {
        /// The action received.
        action: String,
        /// The server's message, if any.
        message: Option<String>,
    },
    /// A required field is missing or null.
    MissingField(&'static str),
    /// A field is present but unusable.
    InvalidField {
        /// The field's name.
        field: &'static str,
        /// Why it is unusable.
        reason: String,
    },
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotJson(e) => write!(f, "the response is not JSON: {e}"),
            Self::NotAnEnvelope(why) => write!(f, "the response is not an envelope: {why}"),
            Self::Rejected { action, message } => match message {
                Some(m) => write!(f, "the server answered {action}: {m}"),
                None => write!(f, "the server answered {action}"),
            },
            Self::MissingField(field) => write!(f, "the field {field} is missing"),
            Self::InvalidField { field, reason } => {
                write!(f, "the field {field} is invalid: {reason}")
            }
        }
    }
}

impl std::error::Error for ParseError {}
