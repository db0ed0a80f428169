//! The store's one error type.

use std::fmt;

/// A store failure (I/O, corruption, a bug); answered as a 500 without detail.
#[derive(Debug)]
pub struct StoreError(String);

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "store: {}", self.0)
    }
}

impl std::error::Error for StoreError {}

impl From<String> for StoreError {
    fn from(message: String) -> Self {
        Self(message)
    }
}

impl From<&str> for StoreError {
    fn from(message: &str) -> Self {
        Self(message.to_owned())
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        Self(e.to_string())
    }
}

impl From<rusqlite_migration::Error> for StoreError {
    fn from(e: rusqlite_migration::Error) -> Self {
        Self(e.to_string())
    }
}

impl From<tokio_postgres::Error> for StoreError {
    fn from(e: tokio_postgres::Error) -> Self {
        // With the server's own words (the constraint, the code), not only "db error".
        Self(match (e.as_db_error(), std::error::Error::source(&e)) {
            (Some(db), _) => format!("{} ({})", db.message(), db.code().code()),
            (None, Some(source)) => format!("{e}: {source}"),
            (None, None) => e.to_string(),
        })
    }
}

impl From<deadpool_postgres::PoolError> for StoreError {
    fn from(e: deadpool_postgres::PoolError) -> Self {
        Self(format!("connection pool: {e}"))
    }
}
