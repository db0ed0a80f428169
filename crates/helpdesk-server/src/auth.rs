//! Who is calling: staff (by `X-API-Key`) or a subscriber (by a bearer token bound to one
//! service). Subscriber tokens are stored only as SHA-256 hashes.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use helpdesk_core::TicketId;

use crate::error::ApiError;
use crate::secret::{same_secret, sha256_hex};
use crate::store::{Service, StoredTicket};
use crate::{AppState, demo};

/// The authenticated caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caller {
    /// Staff or an integration holding the staff key: sees every ticket.
    Staff,
    /// A subscriber: sees only the tickets of this service.
    Subscriber(Service),
}

impl Caller {
    /// Whether the caller may see the tickets of `service_id`.
    #[must_use]
    pub fn may_see(self, service_id: i64) -> bool {
        match self {
            Self::Staff => true,
            Self::Subscriber(s) => s.id == service_id,
        }
    }

    /// Refuse anyone but staff.
    ///
    /// # Errors
    /// [`ApiError::Forbidden`] for a subscriber.
    pub fn require_staff(self) -> Result<(), ApiError> {
        match self {
            Self::Staff => Ok(()),
            Self::Subscriber(_) => Err(ApiError::Forbidden("Only staff (X-API-Key) may do this.".into())),
        }
    }

    /// Ticket `id`, if this caller may see it.
    ///
    /// # Errors
    /// [`ApiError::TicketNotFound`] when there is no such ticket or it is another service's
    /// (alike, so ids reveal nothing); a store failure. In front of a back office, a copy
    /// older than its bound is refreshed from it first.
    pub async fn visible_ticket(self, state: &AppState, id: TicketId) -> Result<StoredTicket, ApiError> {
        let found = state.store.ticket(id, state.policy.clone()).await?;
        let visible = found.filter(|t| self.may_see(t.service_id)).ok_or(ApiError::TicketNotFound(id))?;
        // In front of a back office: a copy older than its bound is read again first.
        if let (Some(gateway), Ok(local)) = (&state.upstream, i64::try_from(id))
            && gateway.refresh_ticket(&state.store, &state.policy, local).await?
        {
            // The back office may have moved it to another service: seen again as anew.
            let refreshed = state.store.ticket(id, state.policy.clone()).await?;
            return refreshed.filter(|t| self.may_see(t.service_id)).ok_or(ApiError::TicketNotFound(id));
        }
        Ok(visible)
    }
}

/// Hex SHA-256 of a token, the only form in which tokens are stored.
#[must_use]
pub fn token_hash(token: &str) -> String {
    sha256_hex(token.as_bytes())
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if let Some(key) = parts.headers.get("x-api-key") {
            // A key that is not text is no key; an empty one never matches (see same_secret).
            return match (key.to_str(), &state.staff_key) {
                (Ok(key), Some(expected)) if same_secret(key, expected) => Ok(Self::Staff),
                _ => Err(ApiError::Unauthorized("The X-API-Key is not valid.")),
            };
        }
        let Some(auth) = parts.headers.get(axum::http::header::AUTHORIZATION) else {
            return Err(ApiError::Unauthorized(
                "Authentication required: send X-API-Key (staff) or Authorization: Bearer <subscriber token>.",
            ));
        };
        let token = auth
            .to_str()
            .ok()
            .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or(ApiError::Unauthorized("The Authorization header must be 'Bearer <token>'."))?;
        let service = if state.demo && token == demo::DEMO_SUBSCRIBER_TOKEN {
            // In front of a back office, read from it the first time (as a token is issued).
            crate::routes::service(state, demo::DEMO_SERVICE_ID, false).await?
        } else {
            state.store.service_for_token(token_hash(token), chrono::Utc::now()).await?
        };
        service.map(Self::Subscriber).ok_or(ApiError::Unauthorized("The subscriber token is unknown or has expired."))
    }
}
