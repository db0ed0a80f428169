//! A known outage, in both browsers: declared by staff, the loader shows it above the widget
//! with what is known and the estimate; "the same happens to me" records the subscriber (kept across a
//! reload); the zone-limit message points to it; ended, it is gone — axe-core clean throughout.

use crate::accessibility::assert_accessible;
use crate::hearing_back::staff_post;
use crate::support::{Browser, DemoServer, PageSetup, Session};

async fn a_declared_outage_is_shown_first_and_joined_instead_of_a_ticket(browser: Browser) {
    let server = DemoServer::start(PageSetup::default()).await;
    let declare = serde_json::json!({"zone_id": 2, "message": "Corte de fibra en la troncal norte: una cuadrilla ya trabaja en ello.",
        "estimated_end": "2030-01-15 18:00"});
    let answer = staff_post(&server, "/api/v1/outages", &declare.to_string()).await;
    assert!(answer.starts_with("HTTP/1.1 201"), "{answer}");
    let s = Session::start(browser).await;
    s.client.goto(&server.url()).await.expect("page");
    assert_eq!(s.wait_texts(".hd-outage h2", 1).await, ["Falla conocida en su zona"]);
    let texts = s.wait_texts(".hd-outage p", 2).await;
    assert!(texts[0].starts_with("Corte de fibra"), "{texts:?}");
    assert!(
        texts[1].starts_with("Desde ") && texts[1].contains("se estima que vuelva") && texts[1].contains("2030"),
        "{texts:?}"
    );
    let first = s
        .widget_script(
            "return root.querySelector('.hd-outage').compareDocumentPosition(root.querySelector('.hd-panel')) & 4",
        )
        .await;
    assert_eq!(first, 4, "{browser:?}: the outage comes before the view");
    s.wait_texts(".hd-ticket", 4).await;
    assert_accessible(&s, "outage notice").await;
    s.screenshot("outage").await;
    s.click(".hd-outage button").await;
    s.wait_until(".hd-outage [role=status]", |t| t.iter().any(|x| x.starts_with("Anotado"))).await;
    let gone = s.widget_script("return root.querySelector('.hd-outage button').hidden").await;
    assert_eq!(gone, true, "{browser:?}: reported once, the button goes");
    assert_accessible(&s, "outage reported").await;
    s.client.refresh().await.expect("reload");
    s.wait_until(".hd-outage [role=status]", |t| t.iter().any(|x| x.starts_with("Anotado"))).await;

    // The zone fills: its message points to the outage.
    s.click(".hd-tab--primary").await;
    s.wait_texts("#hd-subject", 1).await;
    s.choose("#hd-subject", "No Tiene Internet").await;
    s.type_into("#hd-description", "Sin servicio desde la mañana.").await;
    s.click("button[type=submit]").await;
    s.wait_texts(".hd-detail__subject", 1).await;
    s.click(".hd-tab--primary").await;
    let full = s.wait_texts(".hd-zone-full p", 1).await;
    assert!(full[0].contains("falla conocida"), "{browser:?}: {full:?}");
    assert_accessible(&s, "zone limit with an outage").await;

    let end = staff_post(&server, "/api/v1/outages/1/end", "").await;
    assert!(end.starts_with("HTTP/1.1 200"), "{end}");
    s.client.refresh().await.expect("reload");
    s.wait_texts(".hd-ticket", 4).await;
    assert!(s.find_all(".hd-outage").await.is_empty(), "{browser:?}: an ended outage is not shown");
    assert!(s.page_errors().await.is_empty(), "{:?}", s.page_errors().await);
    s.close().await;
}
in_both_browsers!(a_declared_outage_is_shown_first_and_joined_instead_of_a_ticket);
