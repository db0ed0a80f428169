//! Prometheus metrics: one recorder for the process (the `metrics` facade over
//! `metrics-exporter-prometheus`), every request counted by route and status, and
//! `GET /metrics` in Prometheus's text format for staff: the staff key in `X-API-Key`, or
//! as `Authorization: Bearer <staff key>` (what a Prometheus scrape config sends).
//!
//! Counters of the gateway: `helpdesk_http_requests_total`, `helpdesk_upstream_calls_total`
//! (by result), `helpdesk_deliveries_total` (sent, adopted, failed),
//! `helpdesk_mirror_sync_failures_total`, `helpdesk_mirror_stale_decisions_total`.

use std::sync::OnceLock;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};

use crate::AppState;
use crate::error::ApiError;
use crate::secret::same_secret;

/// The process's recorder, installed on first use.
fn handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let recorder = PrometheusBuilder::new().build_recorder();
        let handle = recorder.handle();
        if metrics::set_global_recorder(recorder).is_err() {
            tracing::warn!("another metrics recorder is installed; /metrics shows only what this one sees");
        }
        handle
    })
}

/// Install the recorder now (so that counts start with the server).
pub fn install() {
    handle();
}

/// The routes of this resource.
pub fn router() -> axum::Router<AppState> {
    axum::Router::new().route("/metrics", get(scrape))
}

/// Count every request by method, matched route (never the raw path: ids would explode the
/// series) and status.
pub async fn track(request: Request, next: Next) -> Response {
    // Any token is a method to HTTP: only the known ones are labels.
    let method: &'static str = match request.method().as_str() {
        "GET" => "GET",
        "POST" => "POST",
        "PUT" => "PUT",
        "PATCH" => "PATCH",
        "DELETE" => "DELETE",
        "HEAD" => "HEAD",
        "OPTIONS" => "OPTIONS",
        _ => "other",
    };
    let route = request.extensions().get::<MatchedPath>().map_or("unmatched", MatchedPath::as_str).to_owned();
    let started = std::time::Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::counter!("helpdesk_http_requests_total", "method" => method, "route" => route.clone(), "status" => status)
        .increment(1);
    metrics::histogram!("helpdesk_http_request_duration_seconds", "route" => route)
        .record(started.elapsed().as_secs_f64());
    response
}

/// `GET /metrics`.
async fn scrape(State(state): State<AppState>, headers: axum::http::HeaderMap) -> Result<Response, ApiError> {
    let given = headers
        .get("x-api-key")
        .and_then(|v| v.to_str().ok())
        .or_else(|| headers.get(header::AUTHORIZATION)?.to_str().ok()?.strip_prefix("Bearer ").map(str::trim));
    match (given, &state.staff_key) {
        (Some(given), Some(key)) if same_secret(given, key) => {}
        (None, _) => return Err(ApiError::Unauthorized("Metrics are for staff: send the staff key.")),
        _ => return Err(ApiError::Unauthorized("The staff key is not valid.")),
    }
    let handle = handle();
    handle.run_upkeep();
    let text = HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8");
    Ok((StatusCode::OK, [(header::CONTENT_TYPE, text)], handle.render()).into_response())
}
