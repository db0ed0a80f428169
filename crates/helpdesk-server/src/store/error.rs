//! The store's one error type.

use std::fmt;

/// A store failure: answered as a 500 without detail, or, when [`StoreError::is_transient`]
/// (the database unreachable for a moment, its connections dropped, a pool with no free
/// connection in time), as a 503 with `Retry-After`.
#[derive(Debug)]
pub struct StoreError {
    message: String,
    transient: bool,
}

impl StoreError {
    /// A failure that a retry a moment later may not meet.
    #[must_use]
    pub fn transient(message: String) -> Self {
        Self { message, transient: true }
    }

    /// Whether a retry a moment later may succeed (not a bug, not corruption).
    #[must_use]
    pub fn is_transient(&self) -> bool {
        self.transient
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "store: {}", self.message)
    }
}

impl std::error::Error for StoreError {}

impl From<String> for StoreError {
    fn from(message: String) -> Self {
        Self { message, transient: false }
    }
}

impl From<&str> for StoreError {
    fn from(message: &str) -> Self {
        Self::from(message.to_owned())
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        let busy = e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy);
        Self { message: e.to_string(), transient: busy }
    }
}

impl From<rusqlite_migration::Error> for StoreError {
    fn from(e: rusqlite_migration::Error) -> Self {
        Self::from(e.to_string())
    }
}

impl From<tokio_postgres::Error> for StoreError {
    fn from(e: tokio_postgres::Error) -> Self {
        use tokio_postgres::error::SqlState;
        // With the server's own words (the constraint, the code), not only "db error".
        match (e.as_db_error(), std::error::Error::source(&e)) {
            (Some(db), _) => {
                let transient = [
                    SqlState::T_R_SERIALIZATION_FAILURE,
                    SqlState::T_R_DEADLOCK_DETECTED,
                    SqlState::TOO_MANY_CONNECTIONS,
                    SqlState::ADMIN_SHUTDOWN,
                    SqlState::CRASH_SHUTDOWN,
                    SqlState::CANNOT_CONNECT_NOW,
                ]
                .contains(db.code());
                Self { message: format!("{} ({})", db.message(), db.code().code()), transient }
            }
            // No answer of the server's: the connection failed or was closed.
            (None, source) => Self {
                message: source.map_or_else(|| e.to_string(), |s| format!("{e}: {s}")),
                transient: e.is_closed() || source.is_some_and(|s| s.is::<std::io::Error>()),
            },
        }
    }
}

impl From<deadpool_postgres::PoolError> for StoreError {
    fn from(e: deadpool_postgres::PoolError) -> Self {
        match e {
            deadpool_postgres::PoolError::Backend(e) => Self::from(e),
            deadpool_postgres::PoolError::Timeout(_) => Self::transient(format!("connection pool: {e}")),
            other => Self::from(format!("connection pool: {other}")),
        }
    }
}
