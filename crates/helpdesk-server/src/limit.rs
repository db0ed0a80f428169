//! Bounds on the work one caller can cause: the rate limit of a subscriber's writes
//! (creates and replies per service and minute, one GCRA bucket per service with
//! `governor`, so that a stolen token or a script cannot loop create-then-close; staff and
//! integrations are not limited), and the answer when the server is saturated or a request
//! takes too long ([`overloaded`], behind tower's timeout, concurrency limit and load shed).

use std::fmt;
use std::num::NonZeroU32;
use std::sync::Arc;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::auth::Caller;
use crate::error::ApiError;

/// Buckets kept before the full (idle) ones are dropped.
const MAX_BUCKETS: usize = 100_000;

/// Writes per service and minute, or none; cheap to clone.
#[derive(Clone, Default)]
pub struct WriteLimit(Option<Arc<DefaultKeyedRateLimiter<i64>>>);

impl fmt::Debug for WriteLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("WriteLimit").field(&self.0.as_ref().map(|l| l.len())).finish()
    }
}

impl WriteLimit {
    /// At most `per_minute` writes per service and minute (as a burst, then one every
    /// `60 / per_minute` seconds); 0 for no limit.
    #[must_use]
    pub fn per_minute(per_minute: u32) -> Self {
        Self(NonZeroU32::new(per_minute).map(|n| Arc::new(RateLimiter::keyed(Quota::per_minute(n)))))
    }

    /// Count one write of `caller`.
    ///
    /// # Errors
    /// [`ApiError::RateLimited`] with the seconds to wait, when the caller's service has
    /// used up its writes.
    pub fn check(&self, caller: Caller) -> Result<(), ApiError> {
        let (Some(limiter), Caller::Subscriber(service)) = (&self.0, caller) else {
            return Ok(());
        };
        if limiter.len() > MAX_BUCKETS {
            limiter.retain_recent();
        }
        limiter.check_key(&service.id).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            ApiError::RateLimited(wait.as_secs() + u64::from(wait.subsec_nanos() > 0))
        })
    }
}

/// The answer to a request tower's layers refused: it took longer than the request timeout,
/// or the server was already serving its maximum of requests at once.
pub async fn overloaded(error: tower::BoxError) -> ApiError {
    if error.is::<tower::timeout::error::Elapsed>() {
        ApiError::Unavailable("The server took too long to answer; try again in a moment.", 5)
    } else if error.is::<tower::load_shed::error::Overloaded>() {
        ApiError::Unavailable("The server is busy; try again in a moment.", 1)
    } else {
        ApiError::Internal(error.to_string())
    }
}
