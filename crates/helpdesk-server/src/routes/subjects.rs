//! `GET /api/v1/tickets/subjects`: the subject catalog, worded for the subscriber, and the
//! search of it by a subscriber's own words — the core's ranking, the same the widget and the
//! JavaScript package give.

use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::routing::get;
use helpdesk_core::Action;
use helpdesk_core::PriorityLevel::{High, Low, Normal, VeryHigh};
use helpdesk_core::catalog::Subject;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::AppState;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::response::ApiResponse;

/// The routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/tickets/subjects", get(subjects))
}

/// The longest search accepted, in characters.
const MAX_QUERY_CHARS: usize = 200;

/// Query of the catalog.
#[derive(Debug, Deserialize)]
struct SubjectsQuery {
    /// What the subscriber typed; the whole catalog when absent.
    q: Option<String>,
    /// The language of the labels and of the search (`es` when absent).
    lang: Option<String>,
}

/// One subject as a subscriber reads it in `lang`.
fn worded(s: &Subject, lang: &str) -> Value {
    let help = s.wording_in(lang).map(|w| w.help.as_str()).filter(|h| !h.is_empty());
    json!({ "name": s.name, "priority": s.priority, "label": s.label_in(lang), "help": help })
}

/// `GET /api/v1/tickets/subjects[?q=…][&lang=es|en|it]`: `subjects_listed`, `data: {
/// by_priority: {low, normal, high, very_high}, all: [...], lang, subjects: [{name, priority,
/// label, help}] }` — `subjects` in catalog order, or, with `q`, the subjects it describes,
/// best first (none when it describes none).
async fn subjects(
    State(state): State<AppState>,
    _caller: Caller,
    query: Result<Query<SubjectsQuery>, QueryRejection>,
) -> Result<ApiResponse, ApiError> {
    let Query(query) = query
        .map_err(|e| ApiError::Invalid(format!("Invalid query: {}. Use q=… and lang=es|en|it.", e.body_text())))?;
    let lang = query.lang.as_deref().unwrap_or("es");
    if !(2..=3).contains(&lang.len()) || !lang.bytes().all(|b| b.is_ascii_lowercase()) {
        return Err(ApiError::Invalid("lang must be a language code such as es, en or it.".into()));
    }
    if query.q.as_ref().is_some_and(|q| q.chars().count() > MAX_QUERY_CHARS) {
        return Err(ApiError::Invalid(format!("q must be at most {MAX_QUERY_CHARS} characters.")));
    }
    let catalog = &state.policy.rules.catalog;
    let listed: Vec<&Subject> = match &query.q {
        Some(q) => catalog.search(q, lang),
        None => catalog.subjects().iter().collect(),
    };
    let data = json!({
        "by_priority": {
            "low": catalog.names_of(Low),
            "normal": catalog.names_of(Normal),
            "high": catalog.names_of(High),
            "very_high": catalog.names_of(VeryHigh),
        },
        "all": catalog.subjects().iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
        "lang": lang,
        "subjects": listed.into_iter().map(|s| worded(s, lang)).collect::<Vec<_>>(),
    });
    Ok(ApiResponse::ok(Action::SubjectsListed, data))
}
