//! Sending one request: gloo-net's fetch with the bearer token, an abort after the
//! configured time, and the browser's view of why it failed (offline, timed out, network).
//! Retrying is the client's; reading the response is [`super::read`]'s.

use gloo_net::http::Request;
use wasm_bindgen::{JsCast, JsValue};

use super::error::LoadError;

/// A request body and its media type.
pub(super) struct Body<'a> {
    pub(super) content_type: &'a str,
    pub(super) text: &'a str,
}

/// A request to send, possibly more than once: a GET, or a POST of `post`.
pub(super) struct Call<'a> {
    pub(super) post: Option<Body<'a>>,
    pub(super) path: &'a str,
    /// The `Idempotency-Key`, if the server is to open at most one ticket for it.
    pub(super) key: Option<&'a str>,
}

impl Call<'_> {
    /// A retry can repeat nothing the server would do twice: GETs, and POSTs that carry
    /// their idempotency key.
    pub(super) fn may_retry(&self) -> bool {
        self.post.is_none() || self.key.is_some()
    }
}

/// One HTTP response: its status and body, what the readers see.
pub(super) struct HttpResponse {
    pub(super) status: u16,
    pub(super) body: String,
}

/// A response as received, with its `Retry-After` header (only the retry loop reads it).
pub(super) struct Received {
    pub(super) response: HttpResponse,
    pub(super) retry_after: Option<String>,
}

/// `navigator.onLine`, read when asked (not bound once at load, so it follows the page).
fn navigator_online() -> bool {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w.navigator(), &JsValue::from_str("onLine")).ok())
        .is_none_or(|v| v.as_bool() != Some(false))
}

/// Why a request got no response: offline, timed out (aborted) or the network failed.
fn failure(e: gloo_net::Error) -> LoadError {
    if !navigator_online() {
        return LoadError::Offline;
    }
    match e {
        gloo_net::Error::JsError(js) if js.name == "AbortError" => LoadError::Timeout,
        other => LoadError::Network(other.to_string()),
    }
}

/// The request's headers; `None` when the browser refuses one (a token with a line break or
/// a character beyond Latin-1 makes `Headers.set` throw, which here stays a value: gloo-net's
/// own `header` would turn it into an exception through the wasm).
fn headers(call: &Call<'_>, token: &str) -> Option<gloo_net::http::Headers> {
    let headers = web_sys::Headers::new().ok()?;
    headers.set("Accept", "application/json").ok()?;
    headers.set("Authorization", &format!("Bearer {token}")).ok()?;
    if let Some(key) = call.key {
        headers.set("Idempotency-Key", key).ok()?;
    }
    if let Some(body) = &call.post {
        headers.set("Content-Type", body.content_type).ok()?;
    }
    Some(gloo_net::http::Headers::from_raw(headers))
}

/// Send `call` once to `url` with `token`, giving up after `timeout_ms`. A token the browser
/// cannot send is refused as the server would refuse it.
pub(super) async fn send_once(url: &str, call: &Call<'_>, token: &str, timeout_ms: u32) -> Result<Received, LoadError> {
    let headers = headers(call, token).ok_or(LoadError::Unauthorized)?;
    let builder = match call.post {
        Some(_) => Request::post(url),
        None => Request::get(url),
    };
    let mut builder = builder.headers(headers);
    let controller = web_sys::AbortController::new().ok();
    builder = builder.abort_signal(controller.as_ref().map(web_sys::AbortController::signal).as_ref());
    let request = match &call.post {
        Some(body) => builder.body(body.text.to_owned()),
        None => builder.build(),
    };
    let timer = controller.and_then(|c| {
        let abort = wasm_bindgen::closure::Closure::once_into_js(move || c.abort());
        web_sys::window()?
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                abort.unchecked_ref(),
                i32::try_from(timeout_ms).unwrap_or(i32::MAX),
            )
            .ok()
    });
    let result = async {
        let response = request.map_err(failure)?.send().await.map_err(failure)?;
        let retry_after = response.headers().into_raw().get("retry-after").ok().flatten();
        let status = response.status();
        let body = response.text().await.map_err(failure)?;
        Ok(Received { response: HttpResponse { status, body }, retry_after })
    }
    .await;
    if let (Some(t), Some(w)) = (timer, web_sys::window()) {
        w.clear_timeout_with_handle(t);
    }
    result
}

/// Wait `ms` milliseconds (the browser's timer).
pub(super) async fn sleep(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, i32::try_from(ms).unwrap_or(i32::MAX));
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_gets_and_keyed_posts_may_be_repeated() {
        let json = || Some(Body { content_type: "application/json", text: "{}" });
        assert!(Call { post: None, path: "/x", key: None }.may_retry());
        assert!(Call { post: json(), path: "/x", key: Some("k") }.may_retry());
        assert!(!Call { post: json(), path: "/x", key: None }.may_retry());
    }
}
