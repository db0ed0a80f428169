//! On a phone, in both browsers: at 320 px (Firefox's headless window stops at 450) the list
//! with an outage and new answers, the new-ticket form with its search and the zone-limit
//! message scroll nowhere sideways and pass axe-core.

use crate::accessibility::assert_accessible;
use crate::hearing_back::staff_post;
use crate::support::{Browser, DemoServer, PageSetup, Session};

/// How far the page scrolls sideways (0 when it does not), and the page's width.
async fn sideways(s: &Session) -> (f64, f64) {
    let measured =
        s.script("const d = document.documentElement; return [d.scrollWidth - d.clientWidth, innerWidth]").await;
    serde_json::from_value::<(f64, f64)>(measured).expect("measures")
}

async fn every_view_fits_a_phone_without_sideways_scroll(browser: Browser) {
    let server = DemoServer::start(PageSetup::default()).await;
    let declare =
        serde_json::json!({"zone_id": 2, "message": "Mantenimiento programado de la red de fibra del sector norte."});
    assert!(staff_post(&server, "/api/v1/outages", &declare.to_string()).await.starts_with("HTTP/1.1 201"));
    let s = Session::start(browser).await;
    s.client.set_window_size(320, 720).await.expect("resize");
    s.client.goto(&server.url()).await.expect("page");
    s.wait_texts(".hd-ticket", 4).await;
    s.wait_texts(".hd-outage h2", 1).await;
    for view in ["list", "form", "zone limit"] {
        match view {
            "form" => {
                s.click(".hd-tab--primary").await;
                s.wait_texts("#hd-subject", 1).await;
                s.type_into("#hd-subject-search", "no tengo internet").await;
            }
            "zone limit" => {
                s.choose("#hd-subject", "No Tiene Internet").await;
                s.type_into("#hd-description", "Sin servicio desde anoche en todo el edificio.").await;
                s.click("button[type=submit]").await;
                s.wait_texts(".hd-detail__subject", 1).await;
                s.click(".hd-tab--primary").await;
                s.wait_texts(".hd-zone-full", 1).await;
            }
            _ => {}
        }
        let (overflow, width) = sideways(&s).await;
        assert!(width <= 480.0 && overflow <= 0.0, "{browser:?}: {view} at {width} px scrolls {overflow} px sideways");
        assert_accessible(&s, &format!("{view} on a phone")).await;
        s.screenshot(&format!("phone-{}", view.replace(' ', "-"))).await;
        s.client.set_window_size(320, 720).await.expect("back to a phone");
    }
    s.close().await;
}
in_both_browsers!(every_view_fits_a_phone_without_sideways_scroll);
