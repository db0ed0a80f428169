//! Fault injection per call: what the next calls of a route suffer, before or after the
//! simulated WispHub has done their work.

use std::collections::HashMap;
use std::sync::Mutex;

use serde::Deserialize;

/// One way a call goes wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fault {
    /// Nginx's HTML 403 (a wrong key or base URL), nothing done.
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
    /// The route, as `METHOD /path/` with `{id}` for a ticket id (`POST /api/tickets/`).
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
