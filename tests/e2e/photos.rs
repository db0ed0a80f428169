//! Photos, in both browsers, from a fixture camera-sized image larger than the server takes:
//! picked in the new-ticket form, shrunk in the browser, uploaded once the ticket is open and
//! shown on the ticket; refused by the server (the ticket is full), the photos stay picked
//! with a message saying so, and the same button sends them once the ticket takes them again —
//! axe-core clean in every state.

use std::path::Path;

use image::ImageEncoder;
use image::codecs::png::{CompressionType, FilterType, PngEncoder};

use crate::accessibility::assert_accessible;
use crate::support::{Browser, DemoServer, PageSetup, Session};

/// A 2400 × 1800 PNG of noise: a camera-sized photo that compresses badly, over the server's
/// 8 MiB a photo, so only the browser's shrinking lets it through.
fn camera_photo(path: &Path) {
    let (width, height) = (2400u32, 1800u32);
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let pixels: Vec<u8> = (0..width * height * 3)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect();
    let file = std::fs::File::create(path).expect("fixture");
    PngEncoder::new_with_quality(std::io::BufWriter::new(file), CompressionType::Fast, FilterType::NoFilter)
        .write_image(&pixels, width, height, image::ExtendedColorType::Rgb8)
        .expect("encode fixture");
    assert!(
        std::fs::metadata(path).expect("fixture").len() > 8 * 1024 * 1024,
        "the fixture is over the server's limit"
    );
}

/// How many photos the widget shows as the ticket's own.
async fn stored(s: &Session) -> usize {
    s.find_all(".hd-photos__stored li").await.len()
}

async fn a_photo_goes_with_a_new_ticket_shrunk_and_stays_picked_when_refused(browser: Browser) {
    let dir = tempfile::tempdir().expect("tempdir");
    let photo = dir.path().join("router-luces.png");
    camera_photo(&photo);
    let photo = photo.to_str().expect("utf-8 path");

    let server = DemoServer::start(PageSetup::default()).await;
    let s = Session::start(browser).await;
    s.client.goto(&server.url()).await.expect("page");
    s.wait_texts(".hd-ticket", 4).await;
    s.click(".hd-tab--primary").await;
    s.wait_texts("#hd-subject", 1).await;
    s.element("#hd-photos-new").await.send_keys(photo).await.expect("pick the photo");
    s.wait_texts(".hd-photos__list li", 1).await;
    let preview =
        s.widget_script("const c = root.querySelector('.hd-photos__list canvas'); return [c.width, c.height]").await;
    assert_eq!(preview, serde_json::json!([2048, 1536]), "{browser:?}: shrunk to 2048 px a side in the browser");
    assert_accessible(&s, "photo picked").await;

    s.choose("#hd-subject", "No Tiene Internet").await;
    s.type_into("#hd-description", "Las luces del router parpadean en rojo.").await;
    s.click("button[type=submit]").await;
    s.wait_texts(".hd-detail__subject", 1).await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while stored(&s).await < 1 {
        assert!(std::time::Instant::now() < deadline, "{browser:?}: the photo never showed on the ticket");
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    let sizes = server.photo_sizes().await;
    assert_eq!(sizes.len(), 1, "{browser:?}: one photo stored: {sizes:?}");
    let (ticket, width, height) = sizes[0];
    assert_eq!((width, height), (2048, 1536), "{browser:?}: kept at the size the browser sent");
    assert!(
        s.find_all(".hd-photos__list:not(.hd-photos__stored) li").await.is_empty(),
        "{browser:?}: nothing left picked"
    );
    s.screenshot("photos").await;
    assert_accessible(&s, "photo on the ticket").await;

    // The ticket is full (12 photos): a photo sent with a reply is refused and stays picked.
    server.execute(
        "INSERT INTO photos (ticket_id, content_type, bytes, width, height, added_at)
         SELECT ticket_id, content_type, bytes, width, height, added_at FROM photos, (SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3
         UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9
         UNION ALL SELECT 10 UNION ALL SELECT 11);",
    )
    .await;
    assert_eq!(server.photo_sizes().await.len(), 12);
    let picker = format!("#hd-photos-{ticket}");
    s.element(&picker).await.send_keys(photo).await.expect("pick again");
    s.wait_texts(".hd-photos__list:not(.hd-photos__stored) li", 1).await;
    s.click(".hd-reply button[type=submit]").await;
    let refused = s.wait_until(".hd-photos .hd-field-error", |t| t.iter().any(|x| x.contains("no se subieron"))).await;
    assert!(refused.iter().any(|x| x.contains("Este ticket ya no admite más fotos")), "{browser:?}: {refused:?}");
    assert_eq!(
        s.find_all(".hd-photos__list:not(.hd-photos__stored) li").await.len(),
        1,
        "{browser:?}: the photo stays picked"
    );
    let reply_error = s.widget_script("return root.querySelector('#hd-reply-error').textContent").await;
    assert_eq!(reply_error, "", "{browser:?}: photos alone are a reply, so no 'write something' error");
    s.screenshot("photos-refused").await;
    assert_accessible(&s, "photo refused").await;

    // Room again: the same button sends the photo kept.
    server.execute("DELETE FROM photos WHERE id > (SELECT MIN(id) FROM photos);").await;
    s.click(".hd-reply button[type=submit]").await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while server.photo_sizes().await.len() < 2 || stored(&s).await < 2 {
        assert!(std::time::Instant::now() < deadline, "{browser:?}: the kept photo never went up");
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert!(
        s.find_all(".hd-photos__list:not(.hd-photos__stored) li").await.is_empty(),
        "{browser:?}: sent, nothing left picked"
    );
    assert!(s.page_errors().await.is_empty(), "{:?}", s.page_errors().await);
    s.close().await;
}
in_both_browsers!(a_photo_goes_with_a_new_ticket_shrunk_and_stays_picked_when_refused);
