//! # helpdesk-server
//!
//! The reference gateway of the helpdesk: the envelope ticket API of the source documents
//! over an embedded SQLite database, every rule decided by [`helpdesk_core`].
//!
//! [`app`] builds the whole router from an [`AppState`]; `main.rs` only parses the
//! [`Config`] and serves. Tests call `app(state).oneshot(request)`.
//!
//! - [`routes`]: one module per resource; each handler returns
//!   `Result<`[`ApiResponse`]`, `[`ApiError`]`>`;
//! - [`auth`]: who is calling; [`extract`]: reading bodies and path ids;
//! - [`store`]: the [`store::Backend`] trait and its SQLite implementation;
//! - [`clock`], [`secret`]: local times and UTC text; tokens and digests;
//! - [`upstream`]: clients of the back offices; [`delivery`]: the outbox to them;
//!   [`mirror`]: their directory and tickets copied in; [`metrics`]: Prometheus;
//! - [`demo`]: the demo data; [`config`]: the command line.

pub mod auth;
pub mod clock;
pub mod config;
pub mod delivery;
pub mod demo;
pub mod demo_inbox;
pub mod error;
pub mod extract;
pub mod import;
pub mod limit;
pub mod metrics;
pub mod mirror;
pub mod photos;
pub mod response;
pub mod routes;
pub mod secret;
pub mod store;
pub mod upstream;
pub mod webhooks;

use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::routing::any;
use chrono_tz::Tz;
use helpdesk_core::calendar::BusinessDays;
use helpdesk_core::policy::{Policy, UnknownTimezone};
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

pub use clock::TzClock;
pub use config::Config;
pub use error::ApiError;
pub use response::ApiResponse;
pub use store::Store;

/// The rules in force on this server: helpdesk-core's [`Policy`], its timezone resolved
/// once, and the back office's status labels.
#[derive(Debug, Clone)]
pub struct ServerPolicy {
    /// The rules, exactly as the widget receives them.
    pub rules: Policy,
    /// [`Policy::timezone`], parsed.
    pub timezone: Tz,
    /// Labels of the status codes 1..=4, as the back office shows them.
    pub status_labels: [String; 4],
    /// [`Policy::calendar`], compiled: every estimate is counted on it.
    pub business_days: BusinessDays,
}

impl ServerPolicy {
    /// The server's policy for `rules`.
    ///
    /// # Errors
    /// When the rules name a timezone the IANA database does not know.
    pub fn new(mut rules: Policy) -> Result<Self, UnknownTimezone> {
        let timezone = rules.timezone.parse().map_err(|_| UnknownTimezone(rules.timezone.clone()))?;
        rules.catalog = std::mem::take(&mut rules.catalog).with_builtin_wording();
        Ok(Self {
            business_days: BusinessDays::new(&rules.calendar),
            rules,
            timezone,
            status_labels: ["Abierto", "En Progreso", "Resuelto", "Cerrado"].map(str::to_owned),
        })
    }

    /// The ISP's local wall-clock time now.
    #[must_use]
    pub fn local_now(&self) -> chrono::NaiveDateTime {
        chrono::Utc::now().with_timezone(&self.timezone).naive_local()
    }
}

impl Default for ServerPolicy {
    fn default() -> Self {
        let mut rules = Policy::default();
        rules.catalog = rules.catalog.with_builtin_wording();
        Self {
            business_days: BusinessDays::new(&rules.calendar),
            rules,
            timezone: chrono_tz::America::Bogota,
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
    /// Origins whose pages may call the API from a browser (CORS); none when empty.
    pub cors_origins: Arc<[String]>,
    /// How long a claimed idempotency key with no answer holds off retries; after that its
    /// request is taken to have died and a retry runs (and replays, if it had committed).
    pub in_flight_stale: chrono::Duration,
    /// The rate limit of a subscriber's creates and replies.
    pub write_limit: limit::WriteLimit,
    /// The longest a request may take before it is answered 503 (a create's work still runs
    /// to its end).
    pub request_timeout: std::time::Duration,
    /// How many requests are served at once; more are answered 503 with `Retry-After`.
    pub max_concurrent_requests: usize,
    /// The back office in front of which the server runs, if any: new tickets are then
    /// delivered to it through the outbox ([`delivery`]), and reads come from its
    /// [`mirror`].
    pub upstream: Option<Arc<mirror::Gateway>>,
    /// Demo mode without the ISP's own webhooks: the receiver standing in for its notification
    /// sender ([`demo_inbox`]).
    pub demo_inbox: Option<Arc<demo_inbox::Inbox>>,
}

impl AppState {
    /// A state with no staff key, demo mode off, no CORS origins and no rate limit.
    #[must_use]
    pub fn new(store: Store, policy: Arc<ServerPolicy>) -> Self {
        Self {
            store,
            policy,
            staff_key: None,
            demo: false,
            cors_origins: Arc::from(Vec::new()),
            in_flight_stale: chrono::Duration::seconds(store::IN_FLIGHT_STALE_SECONDS),
            write_limit: limit::WriteLimit::default(),
            request_timeout: std::time::Duration::from_secs(30),
            max_concurrent_requests: 512,
            upstream: None,
            demo_inbox: None,
        }
    }
}

/// CORS for the configured origins only (`*` for any, as the browser test suites use): the
/// widget's requests (bearer token, JSON, idempotency key), never the staff key. No
/// credentials mode: the bearer token travels in a header, never in a cookie.
fn cors(origins: &[String]) -> Option<CorsLayer> {
    use axum::http::{HeaderName, Method};
    let allow = if origins.iter().any(|o| o.trim() == "*") {
        AllowOrigin::any()
    } else {
        let allowed: Vec<HeaderValue> = origins.iter().filter_map(|o| HeaderValue::from_str(o.trim()).ok()).collect();
        if allowed.is_empty() {
            return None;
        }
        AllowOrigin::list(allowed)
    };
    Some(
        CorsLayer::new()
            .allow_origin(allow)
            .allow_methods([Method::GET, Method::POST])
            .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE, HeaderName::from_static("idempotency-key")])
            .expose_headers([HeaderName::from_static("idempotent-replayed"), header::RETRY_AFTER])
            .max_age(std::time::Duration::from_secs(600)),
    )
}

/// The Content-Security-Policy the widget's pages are served with, and the one an ISP's
/// portal needs for the widget: no inline script or style, no `eval`; only compiling the
/// widget's WebAssembly (`'wasm-unsafe-eval'`).
pub const WIDGET_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

/// The whole HTTP application.
///
/// `static_dir`, when given, is served for every path outside `/api/` (the widget bundle
/// built by `trunk build`), with `index.html` as the fallback, under [`WIDGET_CSP`]. A
/// file's precompressed `<file>.gz` next to it (the release build writes them) is sent
/// instead to clients that accept gzip.
pub fn app(state: AppState, static_dir: Option<PathBuf>) -> Router {
    metrics::install();
    let api = Router::new()
        .merge(routes::tickets::router())
        .merge(routes::subjects::router())
        .merge(routes::thread::router())
        .merge(routes::access::router())
        .merge(routes::dialects::router())
        .merge(routes::directory::router())
        .merge(routes::health::router())
        .merge(routes::outages::router())
        .merge(routes::photos::router())
        .merge(metrics::router())
        .method_not_allowed_fallback(routes::method_not_allowed)
        .route("/api", any(routes::api_not_found))
        .route("/api/{*rest}", any(routes::api_not_found));
    let router = match static_dir {
        Some(dir) => {
            let index = ServeFile::new(dir.join("index.html")).precompressed_gzip();
            let site = tower::ServiceBuilder::new()
                .layer(SetResponseHeaderLayer::overriding(
                    header::CONTENT_SECURITY_POLICY,
                    HeaderValue::from_static(WIDGET_CSP),
                ))
                .service(ServeDir::new(dir).precompressed_gzip().fallback(index));
            api.fallback_service(site)
        }
        None => api.fallback(routes::api_not_found),
    };
    let cors = cors(&state.cors_origins);
    let bounded = tower::ServiceBuilder::new()
        .layer(axum::error_handling::HandleErrorLayer::new(limit::overloaded))
        .load_shed()
        // One semaphore for every route (axum layers each route apart).
        .layer(tower::limit::GlobalConcurrencyLimitLayer::new(state.max_concurrent_requests.max(1)))
        .timeout(state.request_timeout);
    let inbox = state.demo_inbox.clone();
    let router = router.with_state(state);
    let router = match inbox {
        Some(inbox) => router.merge(demo_inbox::router(inbox)),
        None => router,
    };
    router
        .layer(bounded)
        .layer(tower::util::option_layer(cors))
        .layer(axum::extract::DefaultBodyLimit::max(extract::BODY_LIMIT))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(axum::middleware::from_fn(metrics::track))
        .layer(TraceLayer::new_for_http())
}
