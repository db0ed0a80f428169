//! On a phone, in both browsers: at 320 px (in Firefox, whose windows stop at 500 px, the page
//! in a frame that wide) the list with an outage and new answers, a ticket whose facts take
//! two lines, the new-ticket form with its search and the zone-limit message scroll nowhere
//! sideways and pass axe-core.

use crate::accessibility::assert_accessible;
use crate::hearing_back::staff_post;
use crate::support::{Browser, DemoServer, PageSetup, Session};

impl Session {
    /// Open `url` as a phone `width` × `height` CSS px shows it. Chromium's window takes that
    /// size; Firefox keeps its windows at least 500 px wide, so there the page is opened in a
    /// same-origin frame of that size and the session works inside it.
    pub(crate) async fn open_as_phone(&self, url: &str, width: u32, height: u32) {
        if self.browser == Browser::Chromium {
            self.client.set_window_size(width, height).await.expect("resize");
            self.client.goto(url).await.expect("page");
            return;
        }
        self.client.goto(url).await.expect("page");
        let frame = format!(
            "const f = document.createElement('iframe'); f.src = location.href; f.width = {width}; f.height = {height};
             f.title = 'phone'; document.body.replaceChildren(f);"
        );
        self.script(&frame).await;
        self.wait_for_script(
            "the phone frame loaded",
            "return document.querySelector('iframe')?.contentDocument?.readyState === 'complete'",
        )
        .await;
        self.client.enter_frame(0).await.expect("into the phone frame");
    }

    /// Make the phone [`Session::open_as_phone`] opened `width` CSS px wide.
    pub(crate) async fn phone_width(&self, width: u32) {
        if self.browser == Browser::Chromium {
            self.client.set_window_size(width, 800).await.expect("resize");
        } else {
            self.client.enter_parent_frame().await.expect("out of the phone frame");
            self.script(&format!("document.querySelector('iframe').width = {width};")).await;
            self.client.enter_frame(0).await.expect("into the phone frame");
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}

/// How far the page scrolls sideways (0 when it does not), and the page's width.
async fn sideways(s: &Session) -> (f64, f64) {
    let measured =
        s.script("const d = document.documentElement; return [d.scrollWidth - d.clientWidth, innerWidth]").await;
    serde_json::from_value::<(f64, f64)>(measured).expect("measures")
}

/// How many lines of text the ticket's facts take.
async fn facts_lines(s: &Session) -> f64 {
    let measured = s
        .widget_script(
            "const facts = root.querySelector('.hd-facts'); const size = parseFloat(getComputedStyle(facts).fontSize);
             return facts.getBoundingClientRect().height / (1.5 * size);",
        )
        .await;
    measured.as_f64().expect("a measure")
}

async fn every_view_fits_a_phone_without_sideways_scroll(browser: Browser) {
    let server = DemoServer::start(PageSetup::default()).await;
    let declare =
        serde_json::json!({"zone_id": 2, "message": "Mantenimiento programado de la red de fibra del sector norte."});
    assert!(staff_post(&server, "/api/v1/outages", &declare.to_string()).await.starts_with("HTTP/1.1 201"));
    let s = Session::start(browser).await;
    s.open_as_phone(&server.url(), 320, 720).await;
    s.wait_texts(".hd-ticket", 4).await;
    s.wait_texts(".hd-outage h2", 1).await;
    for view in ["list", "detail", "form", "zone limit"] {
        match view {
            "detail" => {
                s.click(".hd-list li:nth-child(2) .hd-ticket").await;
                s.wait_texts(".hd-detail__subject", 1).await;
                // The facts take two lines at 390 px, not a screen.
                s.phone_width(390).await;
                assert!(
                    facts_lines(&s).await < 2.7,
                    "{browser:?}: the facts take {:.1} lines at 390 px",
                    facts_lines(&s).await
                );
                s.phone_width(320).await;
                assert!(
                    facts_lines(&s).await < 3.7,
                    "{browser:?}: the facts take {:.1} lines at 320 px",
                    facts_lines(&s).await
                );
            }
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
        s.phone_width(320).await;
        if view == "detail" {
            s.click(".hd-link").await;
            s.wait_texts(".hd-ticket", 4).await;
        }
    }
    s.close().await;
}
in_both_browsers!(every_view_fits_a_phone_without_sideways_scroll);
