//! Secrets and digests: new random tokens, SHA-256 in hex, comparisons that do not leak
//! where two secrets differ.

use sha2::{Digest, Sha256};

/// The SHA-256 of `bytes`, in lower-case hex.
///
/// # Example
/// ```
/// assert!(helpdesk_server::secret::sha256_hex(b"").starts_with("e3b0c442"));
/// ```
#[must_use]
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// A new secret of 32 random bytes, in hex (64 characters).
///
/// # Errors
/// When the operating system has no randomness to give.
pub fn random_token() -> Result<String, getrandom::Error> {
    let mut bytes = [0_u8; 32];
    getrandom::fill(&mut bytes)?;
    Ok(hex(&bytes))
}

/// Whether `given` is `expected`, comparing their digests so that the time taken does not
/// depend on where the two differ.
#[must_use]
pub fn same_secret(given: &str, expected: &str) -> bool {
    Sha256::digest(given.as_bytes()) == Sha256::digest(expected.as_bytes())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
