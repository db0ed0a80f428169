//! The fault-injecting layer in front of the real server: per route, an HTML 502, a 500,
//! garbage, a hang, a dropped connection or a `Retry-After`, and a record of every request.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What a test back end does to one request instead of (or after) answering it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fault {
    /// A proxy's HTML error page with status 502.
    Html502,
    /// A bare 500.
    Status500,
    /// 200 with a body that is not JSON.
    Garbage,
    /// No answer for 30 s (longer than the widget waits).
    Hang,
    /// The connection drops in the middle of the answer. Browsers may resend such a
    /// request by themselves at once, so tests queue this fault more than once.
    Drop,
    /// 503 asking to come back in this many seconds.
    RetryAfter(u32),
    /// The real server handles the request (and commits), then the connection drops.
    DropAfterHandling,
}

/// Faults queued per route (`"GET /api/v1/tickets"`), and every API request seen.
#[derive(Debug, Default)]
pub(crate) struct Faults {
    queued: Mutex<Vec<(String, Fault)>>,
    pub(crate) seen: Mutex<Vec<(Instant, String)>>,
}

impl Faults {
    /// Answer the next `times` requests to `route` (method and path, no query) with `fault`.
    pub(crate) fn inject(&self, route: &str, fault: Fault, times: usize) {
        let mut q = self.queued.lock().expect("faults");
        q.extend(std::iter::repeat_n((route.to_owned(), fault), times));
    }

    /// Forget the queued faults: the back end answers normally again.
    pub(crate) fn clear(&self) {
        self.queued.lock().expect("faults").clear();
    }

    /// When each request to `route` arrived.
    pub(crate) fn arrivals(&self, route: &str) -> Vec<Instant> {
        self.seen.lock().expect("seen").iter().filter(|(_, r)| r == route).map(|(t, _)| *t).collect()
    }

    fn take(&self, route: &str) -> Option<Fault> {
        let mut q = self.queued.lock().expect("faults");
        let i = q.iter().position(|(r, _)| r == route)?;
        Some(q.remove(i).1)
    }
}

fn dropping_body() -> axum::body::Body {
    axum::body::Body::from_stream(futures_util::stream::iter([
        Ok(axum::body::Bytes::from_static(b"{\"ok\":tr")),
        Err(std::io::Error::other("connection dropped by the test back end")),
    ]))
}

pub(crate) async fn faulty(
    axum::extract::State(faults): axum::extract::State<Arc<Faults>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::http::{StatusCode, header};
    use axum::response::IntoResponse;
    let route = format!("{} {}", request.method(), request.uri().path());
    if !request.uri().path().starts_with("/api/") {
        return next.run(request).await;
    }
    faults.seen.lock().expect("seen").push((Instant::now(), route.clone()));
    match faults.take(&route) {
        None => next.run(request).await,
        Some(Fault::Html502) => (
            StatusCode::BAD_GATEWAY,
            [(header::CONTENT_TYPE, "text/html")],
            "<html><body><h1>502 Bad Gateway</h1></body></html>",
        )
            .into_response(),
        Some(Fault::Status500) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        Some(Fault::Garbage) => ([(header::CONTENT_TYPE, "application/json")], "{\"ok\": tru").into_response(),
        Some(Fault::Hang) => {
            tokio::time::sleep(Duration::from_secs(30)).await;
            next.run(request).await
        }
        Some(Fault::Drop) => (StatusCode::OK, dropping_body()).into_response(),
        Some(Fault::RetryAfter(seconds)) => {
            (StatusCode::SERVICE_UNAVAILABLE, [(header::RETRY_AFTER, seconds.to_string())], "busy").into_response()
        }
        Some(Fault::DropAfterHandling) => {
            let answer = next.run(request).await;
            (answer.status(), dropping_body()).into_response()
        }
    }
}
