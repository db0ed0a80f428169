//! When a failed request is tried again: which statuses, how long to wait (capped
//! exponential backoff with full jitter, or the server's `Retry-After`), how many times.
//! Pure, tested natively; the one host call, reading an HTTP date, is chosen by target.

use chrono::{DateTime, Utc};

/// How many times a failed GET (or a POST with an idempotency key) is tried again.
pub const RETRIES: u32 = 3;
/// The first backoff ceiling, doubled on each retry.
pub const BACKOFF_BASE_MS: u32 = 400;
/// The largest backoff ceiling.
pub const BACKOFF_CAP_MS: u32 = 5_000;
/// The longest `Retry-After` waited for; a longer one ends the retries.
pub const RETRY_AFTER_MAX_MS: u32 = 10_000;

/// Statuses worth trying again: the server was busy or failed in passing.
#[must_use]
pub fn retryable_status(status: u16) -> bool {
    matches!(status, 408 | 425 | 429 | 500 | 502 | 503 | 504)
}

/// The wait before retry number `attempt` (0-based): the server's `Retry-After` when it
/// gave one, else "full jitter" — uniform in `[0, min(cap, base · 2^attempt))`, `random`
/// being uniform in `[0, 1)`. `None`: do not retry (the server asked for too long a wait).
#[must_use]
pub fn backoff_ms(attempt: u32, retry_after_ms: Option<u32>, random: f64) -> Option<u32> {
    if let Some(wait) = retry_after_ms {
        return (wait <= RETRY_AFTER_MAX_MS).then_some(wait);
    }
    let ceiling = BACKOFF_BASE_MS.saturating_mul(1 << attempt.min(16)).min(BACKOFF_CAP_MS);
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // within [0, ceiling)
    Some((random.clamp(0.0, 1.0) * f64::from(ceiling)) as u32 % ceiling.max(1))
}

/// A `Retry-After` value in milliseconds: delay-seconds or an HTTP date (RFC 9110 §10.2.3).
#[must_use]
pub fn retry_after_ms(value: &str, now: DateTime<Utc>) -> Option<u32> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u32>() {
        return Some(seconds.saturating_mul(1000));
    }
    let at = http_date(value)?;
    u32::try_from((at - now).num_milliseconds().max(0)).ok()
}

/// An HTTP date (`Sun, 22 Nov 2026 10:00:05 GMT`). In the browser, `Date.parse`, which must
/// read the form `Date.prototype.toUTCString` writes (ECMA-262 §21.4.3.2), so the wasm
/// carries no date parser; natively, chrono's RFC 2822 reader.
#[cfg(target_arch = "wasm32")]
fn http_date(value: &str) -> Option<DateTime<Utc>> {
    let millis = js_sys::Date::parse(value);
    #[allow(clippy::cast_possible_truncation)] // a finite time value is within ±8.64e15 ms
    millis.is_finite().then(|| DateTime::from_timestamp_millis(millis as i64)).flatten()
}

#[cfg(not(target_arch = "wasm32"))]
fn http_date(value: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc2822(value).ok().map(|at| at.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_is_full_jitter_under_a_doubling_capped_ceiling() {
        for attempt in 0..8 {
            let ceiling = (BACKOFF_BASE_MS << attempt).min(BACKOFF_CAP_MS);
            assert_eq!(backoff_ms(attempt, None, 0.0), Some(0));
            let top = backoff_ms(attempt, None, 0.999_999).expect("a wait");
            assert!(top < ceiling && top + 10 >= ceiling, "attempt {attempt}: {top} vs {ceiling}");
            assert_eq!(backoff_ms(attempt, None, 0.5), Some(ceiling / 2));
        }
        assert_eq!(backoff_ms(40, None, 0.999), Some(BACKOFF_CAP_MS * 999 / 1000), "no overflow on many attempts");
    }

    #[test]
    fn retry_after_wins_when_short_and_stops_retries_when_long() {
        assert_eq!(backoff_ms(0, Some(2_000), 0.1), Some(2_000));
        assert_eq!(backoff_ms(0, Some(RETRY_AFTER_MAX_MS + 1), 0.1), None);
        let now = DateTime::parse_from_rfc3339("2026-11-22T10:00:00Z").expect("date").with_timezone(&Utc);
        assert_eq!(retry_after_ms("3", now), Some(3_000));
        assert_eq!(retry_after_ms("Sun, 22 Nov 2026 10:00:05 GMT", now), Some(5_000));
        assert_eq!(retry_after_ms(" Sun, 22 Nov 2026 10:01:00 GMT ", now), Some(60_000));
        assert_eq!(retry_after_ms("Sun, 22 Nov 2026 09:00:00 GMT", now), Some(0), "a past date: now");
        assert_eq!(retry_after_ms("soon", now), None);
    }

    #[test]
    fn only_transient_statuses_are_retried() {
        for s in [408, 429, 500, 502, 503, 504] {
            assert!(retryable_status(s), "{s}");
        }
        for s in [200, 201, 400, 401, 403, 404, 409, 422] {
            assert!(!retryable_status(s), "{s}");
        }
    }
}
