//! # sim-faults
//!
//! Fault injection for the back-office simulators (`wisphub-sim`, `whmcs-sim`): what the next
//! calls of a route suffer, before or after the simulated back office has done their work
//! ([`Faults`], [`Rule`]); what each fault does to an answer ([`strike`]); and the `/_sim/`
//! routes that set the rules and count the calls ([`router`]).

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Json;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::{Value, json};

/// One way a call goes wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fault {
    /// The back office refuses the credential (each simulator answers it its own way:
    /// WispHub's nginx HTML 403, WHMCS's "Invalid IP"), nothing done.
    Forbidden,
    /// 500 before the work: nothing done.
    Error500,
    /// The work is done, then 502: the caller cannot know it was.
    Error502AfterCommit,
    /// No answer for the hang time, nothing done.
    Hang,
    /// The work is done, then no answer for the hang time.
    HangAfterCommit,
    /// The work is done, then the connection drops mid-answer.
    DropAfterCommit,
    /// The work is done, then the answer is not JSON.
    GarbageAfterCommit,
}

impl Fault {
    /// Whether the call's work is done before the fault strikes.
    #[must_use]
    pub fn after_commit(self) -> bool {
        matches!(
            self,
            Self::Error502AfterCommit | Self::HangAfterCommit | Self::DropAfterCommit | Self::GarbageAfterCommit
        )
    }
}

/// A rule: `fault` on the next `times` calls of a route, or on every `every`-th call.
#[derive(Debug, Clone, Deserialize)]
pub struct Rule {
    /// The route, as the simulator names it (`POST /api/tickets/`, with `{id}` for an id;
    /// `POST /includes/api.php OpenTicket`).
    pub route: String,
    /// What happens.
    pub fault: Fault,
    /// How many next calls suffer it (once when neither this nor `every` is given).
    #[serde(default)]
    pub times: Option<u32>,
    /// Every this-many-th call suffers it, for ever (until cleared).
    #[serde(default)]
    pub every: Option<u32>,
}

/// The rules in force and the calls seen, per route.
#[derive(Debug, Default)]
pub struct Faults {
    rules: Mutex<Vec<Rule>>,
    calls: Mutex<HashMap<String, u64>>,
}

impl Faults {
    /// Add a rule.
    pub fn add(&self, rule: Rule) {
        self.rules.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(rule);
    }

    /// Drop every rule.
    pub fn clear(&self) {
        self.rules.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clear();
    }

    /// How many calls `route` has had.
    #[must_use]
    pub fn calls(&self, route: &str) -> u64 {
        self.calls.lock().unwrap_or_else(std::sync::PoisonError::into_inner).get(route).copied().unwrap_or(0)
    }

    /// Count a call of `route`; the fault it suffers, if any.
    pub fn take(&self, route: &str) -> Option<Fault> {
        let n = {
            let mut calls = self.calls.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            let n = calls.entry(route.to_owned()).or_default();
            *n += 1;
            *n
        };
        let mut rules = self.rules.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let i = rules
            .iter()
            .position(|r| r.route == route && r.every.is_none_or(|every| every > 0 && n % u64::from(every) == 0))?;
        let fault = rules[i].fault;
        if rules[i].every.is_none() {
            let left = rules[i].times.unwrap_or(1).saturating_sub(1);
            if left == 0 {
                rules.remove(i);
            } else {
                rules[i].times = Some(left);
            }
        }
        Some(fault)
    }
}

/// What `fault` does to a call whose work is `run` (`None`: the work, untouched). `refused`
/// is the simulator's own refusal; `hang` how long a hanging call hangs; `cut` the first bytes
/// of an answer dropped mid-way.
pub async fn strike(
    fault: Option<Fault>,
    hang: Duration,
    refused: impl FnOnce() -> Response,
    cut: &'static [u8],
    run: impl Future<Output = Response>,
) -> Response {
    let Some(fault) = fault else { return run.await };
    match fault {
        Fault::Forbidden => return refused(),
        Fault::Error500 => return (StatusCode::INTERNAL_SERVER_ERROR, "<h1>Server Error (500)</h1>").into_response(),
        Fault::Hang => {
            tokio::time::sleep(hang).await;
            return StatusCode::GATEWAY_TIMEOUT.into_response();
        }
        _ => {}
    }
    let done = run.await;
    match fault {
        Fault::HangAfterCommit => {
            tokio::time::sleep(hang).await;
            StatusCode::GATEWAY_TIMEOUT.into_response()
        }
        Fault::DropAfterCommit => {
            let chunks = [Ok(axum::body::Bytes::from_static(cut)), Err(std::io::Error::other("dropped"))];
            (done.status(), Body::from_stream(futures_util::stream::iter(chunks))).into_response()
        }
        Fault::GarbageAfterCommit => (StatusCode::OK, "<!doctype html><p>Mantenimiento").into_response(),
        _ => (StatusCode::BAD_GATEWAY, "<h1>502 Bad Gateway</h1>").into_response(),
    }
}

/// `POST /_sim/faults` (a [`Rule`]), `DELETE /_sim/faults`, `GET /_sim/calls?route=`: the
/// test-only routes over `faults`, no credential.
pub fn router(faults: Arc<Faults>) -> axum::Router {
    axum::Router::new()
        .route("/_sim/faults", post(add).delete(clear))
        .route("/_sim/calls", get(calls))
        .with_state(faults)
}

async fn add(State(faults): State<Arc<Faults>>, Json(rule): Json<Rule>) -> StatusCode {
    faults.add(rule);
    StatusCode::NO_CONTENT
}

async fn clear(State(faults): State<Arc<Faults>>) -> StatusCode {
    faults.clear();
    StatusCode::NO_CONTENT
}

async fn calls(State(faults): State<Arc<Faults>>, Query(query): Query<HashMap<String, String>>) -> Json<Value> {
    Json(json!({ "calls": faults.calls(query.get("route").map_or("", String::as_str)) }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(fault: Fault, times: Option<u32>, every: Option<u32>) -> Rule {
        Rule { route: "POST /api/tickets/".into(), fault, times, every }
    }

    #[test]
    fn times_counts_down_and_every_strikes_each_nth_call() {
        let faults = Faults::default();
        faults.add(rule(Fault::Error500, Some(2), None));
        let seen: Vec<_> = (0..3).map(|_| faults.take("POST /api/tickets/")).collect();
        assert_eq!(seen, [Some(Fault::Error500), Some(Fault::Error500), None]);
        faults.add(rule(Fault::DropAfterCommit, None, Some(3)));
        let seen: Vec<_> = (0..6).map(|_| faults.take("POST /api/tickets/").is_some()).collect();
        // Calls 4..=9: the 6th and 9th strike.
        assert_eq!(seen, [false, false, true, false, false, true]);
        assert_eq!(faults.take("GET /api/tickets/"), None, "other routes are untouched");
        assert_eq!(faults.calls("POST /api/tickets/"), 9);
    }
}
