//! Keliweb's API over WHMCS (seed 002): `POST /oauth/token` (OAuth2 password grant and
//! refresh-token grant, Laravel Passport's answers) and `POST /api/v2/keliweb/<method>` with
//! `Authorization: Bearer <access token>`, form data (URL-encoded or multipart). An expired
//! or unknown token answers 401 `{"message": "Unauthenticated."}`. The methods are WHMCS's
//! actions: `get-ticket`, `open-ticket`, `add-ticket-reply` (seed 002 names these) and, named
//! the same way, `get-tickets`, `update-ticket`, `get-clients-details`.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::extract::{Form, FromRequest, Multipart, Path, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::json;

use crate::Sim;

/// Keliweb's OAuth2 client, its user, and the tokens it has issued.
#[derive(Debug)]
pub struct Keliweb {
    client_id: String,
    client_secret: String,
    username: String,
    password: String,
    /// How long an access token lives (an hour at Keliweb; tests make it short).
    pub access_ttl: Mutex<Duration>,
    access: Mutex<HashMap<String, Instant>>,
    refresh: Mutex<HashMap<String, Instant>>,
    issued: AtomicU64,
}

/// How long a refresh token lives (ten days at Keliweb).
const REFRESH_TTL: Duration = Duration::from_secs(10 * 24 * 3600);

impl Keliweb {
    /// Keliweb with one OAuth2 client and one user.
    #[must_use]
    pub fn new(client_id: &str, client_secret: &str, username: &str, password: &str) -> Self {
        Self {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            username: username.into(),
            password: password.into(),
            access_ttl: Mutex::new(Duration::from_secs(3600)),
            access: Mutex::default(),
            refresh: Mutex::default(),
            issued: AtomicU64::new(0),
        }
    }

    /// How many access tokens it has issued.
    #[must_use]
    pub fn issued(&self) -> u64 {
        self.issued.load(Ordering::SeqCst)
    }

    /// Make every access token issued so far expire now.
    pub fn expire_access_tokens(&self) {
        self.access.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clear();
    }

    fn token(&self, kind: &str) -> String {
        let n = self.issued.fetch_add(u64::from(kind == "access"), Ordering::SeqCst);
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_nanos();
        format!("{kind}-{nanos:x}-{n:x}")
    }

    /// A new access and refresh token pair, as Passport answers it.
    fn grant(&self) -> Response {
        let ttl = *self.access_ttl.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let (access, refresh) = (self.token("access"), self.token("refresh"));
        self.access
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(access.clone(), Instant::now() + ttl);
        self.refresh
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(refresh.clone(), Instant::now() + REFRESH_TTL);
        Json(json!({ "token_type": "Bearer", "expires_in": ttl.as_secs(), "access_token": access, "refresh_token": refresh }))
            .into_response()
    }

    /// Whether `token` is a live access token.
    fn accepts(&self, token: &str) -> bool {
        self.access
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(token)
            .is_some_and(|t| *t > Instant::now())
    }
}

pub(crate) fn router(sim: Sim) -> Router {
    Router::new()
        .route("/oauth/token", post(token))
        .route("/api/v2/keliweb/{method}", post(method))
        .layer(axum::extract::DefaultBodyLimit::max(32 * 1024 * 1024))
        .with_state(sim)
}

/// The text fields of a form, URL-encoded or multipart.
async fn fields(req: Request) -> Result<HashMap<String, String>, Response> {
    let multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/"));
    let bad = |e: String| (StatusCode::UNPROCESSABLE_ENTITY, Json(json!({ "message": e }))).into_response();
    if !multipart {
        return Form::<HashMap<String, String>>::from_request(req, &())
            .await
            .map(|Form(f)| f)
            .map_err(|e| bad(e.body_text()));
    }
    let mut form = Multipart::from_request(req, &()).await.map_err(|e| bad(e.body_text()))?;
    let mut fields = HashMap::new();
    while let Some(field) = form.next_field().await.map_err(|e| bad(e.body_text()))? {
        let name = field.name().unwrap_or_default().to_owned();
        fields.insert(name, field.text().await.map_err(|e| bad(e.body_text()))?);
    }
    Ok(fields)
}

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    (status, Json(json!({ "error": error, "error_description": description, "message": description }))).into_response()
}

/// `POST /oauth/token`.
async fn token(State(sim): State<Sim>, req: Request) -> Response {
    let fault = sim.faults.take("POST /oauth/token");
    let refused = || oauth_error(StatusCode::UNAUTHORIZED, "invalid_client", "Client authentication failed");
    let work = async {
        let form = match fields(req).await {
            Ok(form) => form,
            Err(bad) => return bad,
        };
        let kw = &sim.keliweb;
        let given = |k: &str| form.get(k).map_or("", String::as_str);
        if given("client_id") != kw.client_id || given("client_secret") != kw.client_secret {
            return refused();
        }
        match given("grant_type") {
            "password" if given("username") == kw.username && given("password") == kw.password => kw.grant(),
            "password" => oauth_error(StatusCode::BAD_REQUEST, "invalid_grant", "The user credentials were incorrect."),
            "refresh_token" => {
                let live =
                    kw.refresh.lock().unwrap_or_else(std::sync::PoisonError::into_inner).remove(given("refresh_token"));
                if live.is_some_and(|t| t > Instant::now()) {
                    kw.grant()
                } else {
                    oauth_error(StatusCode::UNAUTHORIZED, "invalid_request", "The refresh token is invalid.")
                }
            }
            _ => oauth_error(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                "The authorization grant type is not supported by the authorization server.",
            ),
        }
    };
    sim_faults::strike(fault, sim.hang, refused, b"{\"token_type\":", work).await
}

/// `POST /api/v2/keliweb/{method}`.
async fn method(State(sim): State<Sim>, Path(method): Path<String>, req: Request) -> Response {
    let bearer =
        req.headers().get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    let unauthenticated = || (StatusCode::UNAUTHORIZED, Json(json!({ "message": "Unauthenticated." }))).into_response();
    if !bearer.is_some_and(|t| sim.keliweb.accepts(t.trim())) {
        return unauthenticated();
    }
    let action = match method.as_str() {
        "get-ticket" => "GetTicket",
        "get-tickets" => "GetTickets",
        "open-ticket" => "OpenTicket",
        "add-ticket-reply" => "AddTicketReply",
        "update-ticket" => "UpdateTicket",
        "get-clients-details" => "GetClientsDetails",
        _ => return (StatusCode::NOT_FOUND, Json(json!({ "message": "Not Found" }))).into_response(),
    };
    let fault = sim.faults.take(&format!("POST /api/v2/keliweb/{method}"));
    let work = async {
        match fields(req).await {
            Ok(form) => Json(crate::actions::run(&sim, action, &form)).into_response(),
            Err(bad) => bad,
        }
    };
    sim_faults::strike(fault, sim.hang, unauthenticated, b"{\"result\":\"success\",", work).await
}
