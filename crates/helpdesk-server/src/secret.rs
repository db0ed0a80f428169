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

/// The shortest staff key the server accepts.
pub const MIN_STAFF_KEY_CHARS: usize = 16;

/// Whether `given` is `expected`: their digests compared in constant time, so that neither
/// where two keys differ nor their lengths show in the time taken. An empty secret is never
/// the same as anything.
#[must_use]
pub fn same_secret(given: &str, expected: &str) -> bool {
    use subtle::ConstantTimeEq;
    let same = Sha256::digest(given.as_bytes()).ct_eq(&Sha256::digest(expected.as_bytes()));
    !given.is_empty() && !expected.is_empty() && bool::from(same)
}

/// A staff key as given on the command line: refused when empty or short, since the key
/// opens every ticket.
///
/// # Errors
/// A message saying what a usable key is.
pub fn staff_key(given: &str) -> Result<String, String> {
    let key = given.trim();
    if key.chars().count() < MIN_STAFF_KEY_CHARS || key.chars().any(|c| !c.is_ascii_graphic()) {
        return Err(format!(
            "the staff key must be at least {MIN_STAFF_KEY_CHARS} visible ASCII characters (for instance \
             `openssl rand -hex 32`); an empty or short key would let anyone act as staff"
        ));
    }
    Ok(key.to_owned())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
