//! `POST /includes/api.php`: WHMCS's own API. Form data with `identifier`, `secret`,
//! `action`, `responsetype`; a wrong credential and a caller outside the IP allowlist are
//! refused as WHMCS refuses them (`result: "error"` at HTTP 200), then the action's faults,
//! then the action. Test-only `/_sim/` routes write staff replies and notes.

use std::collections::HashMap;

use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{Value, json};

use crate::Sim;

pub(crate) fn router(sim: Sim) -> Router {
    Router::new()
        .route("/includes/api.php", post(api))
        .route("/_sim/tickets", get(all_tickets))
        .route("/_sim/tickets/{id}/replies", post(staff_reply))
        .route("/_sim/tickets/{id}/notes", post(staff_note))
        // Attachments come base64 twice, inside the form: room for a large photo.
        .layer(axum::extract::DefaultBodyLimit::max(32 * 1024 * 1024))
        .with_state(sim)
}

/// The answer WHMCS gives a refused call.
pub(crate) fn refusal(message: &str) -> Response {
    Json(json!({ "result": "error", "message": message })).into_response()
}

/// The answer in the asked `responsetype`: JSON, or WHMCS's default XML (top-level fields).
fn answer(value: &Value, json: bool) -> Response {
    if json {
        return Json(value.clone()).into_response();
    }
    let fields: String = value
        .as_object()
        .into_iter()
        .flatten()
        .filter_map(|(k, v)| {
            v.as_str().map(|s| s.to_owned()).or_else(|| v.as_i64().map(|n| n.to_string())).map(|v| (k, v))
        })
        .map(|(k, v)| format!("<{k}>{v}</{k}>"))
        .collect();
    let xml = format!("<?xml version=\"1.0\" encoding=\"utf-8\"?><whmcsapi version=\"8.13.0\">{fields}</whmcsapi>");
    ([(axum::http::header::CONTENT_TYPE, "text/xml")], xml).into_response()
}

async fn api(State(sim): State<Sim>, Form(form): Form<HashMap<String, String>>) -> Response {
    let given = |k: &str| form.get(k).map_or("", String::as_str);
    if given("identifier") != &*sim.identifier || given("secret") != &*sim.secret {
        return refusal("Authentication Failed");
    }
    let refused_ip = || refusal("Invalid IP 127.0.0.1");
    if sim.ip_refused.load(std::sync::atomic::Ordering::SeqCst) {
        return refused_ip();
    }
    let action = given("action").to_owned();
    let json = given("responsetype").eq_ignore_ascii_case("json");
    let fault = sim.faults.take(&format!("POST /includes/api.php {action}"));
    let work = async { answer(&crate::actions::run(&sim, &action, &form), json) };
    sim_faults::strike(fault, sim.hang, refused_ip, b"{\"result\":\"success\",", work).await
}

/// `GET /_sim/tickets`: every ticket, with its replies and notes, as `GetTicket` shows them.
async fn all_tickets(State(sim): State<Sim>) -> Json<Value> {
    let s = sim.state();
    Json(json!(s.tickets.iter().map(|t| t.full(None, None, false)).collect::<Vec<_>>()))
}

/// `POST /_sim/tickets/{id}/replies` `{"admin", "message"}`: staff answer in WHMCS.
async fn staff_reply(State(sim): State<Sim>, Path(id): Path<i64>, Json(body): Json<Value>) -> StatusCode {
    let text = |k: &str| body.get(k).and_then(Value::as_str).unwrap_or_default().to_owned();
    if sim.state().reply(id, &text("admin"), &text("message")) { StatusCode::CREATED } else { StatusCode::NOT_FOUND }
}

/// `POST /_sim/tickets/{id}/notes` `{"admin", "message"}`: a staff-only note in WHMCS.
async fn staff_note(State(sim): State<Sim>, Path(id): Path<i64>, Json(body): Json<Value>) -> StatusCode {
    let text = |k: &str| body.get(k).and_then(Value::as_str).unwrap_or_default().to_owned();
    if sim.state().note(id, &text("admin"), &text("message")) { StatusCode::CREATED } else { StatusCode::NOT_FOUND }
}
