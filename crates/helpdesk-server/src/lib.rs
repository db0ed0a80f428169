//! # helpdesk-server
//!
//! The reference gateway of the helpdesk: the envelope ticket API of the source documents
//! over an embedded SQLite database, every rule decided by [`helpdesk_core`].
//!
//! [`app`] builds the whole router from an [`AppState`]; `main.rs` only parses the
//! [`Config`] and serves. Tests call `app(state).oneshot(request)`.

pub mod auth;
pub mod config;
pub mod demo;
pub mod error;
pub mod routes;
pub mod store;

use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::routing::any;
use chrono_tz::Tz;
use helpdesk_core::calendar::Calendar;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::trace::TraceLayer;

pub use config::Config;
pub use error::ApiError;
pub use store::Store;

/// The rules in force on this server: what helpdesk-core is asked to decide with.
#[derive(Debug, Clone)]
pub struct ServerPolicy {
    /// The ISP's timezone: ticket dates are written in its local time.
    pub timezone: Tz,
    /// Business days between opening and the estimated resolution.
    pub resolution_days: u32,
    /// The business calendar.
    pub calendar: Calendar,
    /// Labels of the status codes 1..=4, as the back office shows them.
    pub status_labels: [String; 4],
}

impl Default for ServerPolicy {
    fn default() -> Self {
        Self {
            timezone: chrono_tz::America::Bogota,
            resolution_days: 3,
            calendar: Calendar::colombia(),
            status_labels: ["Abierto", "En Progreso", "Resuelto", "Cerrado"].map(str::to_owned),
        }
    }
}

/// Everything a handler needs, cheap to clone.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The ticket store.
    pub store: Store,
    /// The rules in force.
    pub policy: Arc<ServerPolicy>,
    /// The staff/integration key accepted in `X-API-Key`, if any.
    pub staff_key: Option<Arc<str>>,
    /// Demo mode: the documented demo subscriber token is accepted.
    pub demo: bool,
}

/// The whole HTTP application.
///
/// `static_dir`, when given, is served for every path outside `/api/` (the widget bundle
/// built by `trunk build`), with `index.html` as the fallback.
pub fn app(state: AppState, static_dir: Option<PathBuf>) -> Router {
    let api = Router::new()
        .merge(routes::tickets::router())
        .route("/api", any(routes::api_not_found))
        .route("/api/{*rest}", any(routes::api_not_found));
    let router = match static_dir {
        Some(dir) => {
            let index = ServeFile::new(dir.join("index.html"));
            api.fallback_service(ServeDir::new(dir).fallback(index))
        }
        None => api.fallback(routes::api_not_found),
    };
    router.with_state(state).layer(TraceLayer::new_for_http())
}
