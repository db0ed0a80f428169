//! The widget bundle: served with the CSP, precompressed copies to clients that accept gzip.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use helpdesk_server::{WIDGET_CSP, app};
use http_body_util::BodyExt;
use tower::ServiceExt;

use crate::support::demo_state;

/// GET `uri`; status, `Content-Type`, `Content-Encoding`, CSP and body.
async fn get(dir: &std::path::Path, uri: &str, gzip: bool) -> (StatusCode, String, Option<String>, String, Vec<u8>) {
    let mut req = Request::builder().uri(uri);
    if gzip {
        req = req.header(header::ACCEPT_ENCODING, "gzip, deflate, br");
    }
    let response = app(demo_state().await.state, Some(dir.to_path_buf()))
        .oneshot(req.body(Body::empty()).expect("request"))
        .await
        .expect("response");
    let text = |name| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let (status, kind, encoding) = (response.status(), text(header::CONTENT_TYPE), text(header::CONTENT_ENCODING));
    let csp = text(header::CONTENT_SECURITY_POLICY).unwrap_or_default();
    let body = response.into_body().collect().await.expect("body").to_bytes().to_vec();
    (status, kind.unwrap_or_default(), encoding, csp, body)
}

#[tokio::test]
async fn assets_go_precompressed_to_clients_that_accept_gzip_and_plain_to_others() {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(dir.path().join("index.html"), "<!doctype html><title>helpdesk</title>").expect("write");
    std::fs::write(dir.path().join("index.html.gz"), b"gzipped index").expect("write");
    std::fs::write(dir.path().join("helpdesk-widget_bg.wasm"), b"\0asm plain").expect("write");
    std::fs::write(dir.path().join("helpdesk-widget_bg.wasm.gz"), b"gzipped wasm").expect("write");
    std::fs::write(dir.path().join("widget.css"), "p { color: red }").expect("write");

    let (status, kind, encoding, csp, body) = get(dir.path(), "/helpdesk-widget_bg.wasm", true).await;
    assert_eq!((status, kind.as_str(), encoding.as_deref()), (StatusCode::OK, "application/wasm", Some("gzip")));
    assert_eq!((csp.as_str(), body.as_slice()), (WIDGET_CSP, b"gzipped wasm".as_slice()));

    let (status, kind, encoding, _, body) = get(dir.path(), "/helpdesk-widget_bg.wasm", false).await;
    assert_eq!((status, kind.as_str(), encoding), (StatusCode::OK, "application/wasm", None));
    assert_eq!(body, b"\0asm plain");

    let (status, _, encoding, _, body) = get(dir.path(), "/widget.css", true).await;
    assert_eq!(
        (status, encoding, body.as_slice()),
        (StatusCode::OK, None, b"p { color: red }".as_slice()),
        "no copy: plain"
    );

    let (status, kind, encoding, csp, body) = get(dir.path(), "/portal/unknown", true).await;
    assert_eq!((status, kind.as_str(), encoding.as_deref()), (StatusCode::OK, "text/html", Some("gzip")), "the index");
    assert_eq!((csp.as_str(), body.as_slice()), (WIDGET_CSP, b"gzipped index".as_slice()));
}
