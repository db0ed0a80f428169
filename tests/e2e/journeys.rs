//! Subscriber journeys through the real page.

use fantoccini::Locator;

use crate::support::{Browser, DemoServer, Session};

/// The demo subscriber's tickets, newest first.
const DEMO_SUBJECTS: [&str; 4] =
    ["Internet Lento", "No Responde la Antena", "Antena Desalineada", "Cambio de Contraseña en Router Wifi"];

async fn list_then_open_a_ticket(browser: Browser) {
    let server = DemoServer::start().await;
    let s = Session::start(browser).await;
    s.client.goto(&server.url()).await.expect("open the page");

    let subjects = s.wait_texts(".hd-ticket__subject", DEMO_SUBJECTS.len()).await;
    assert_eq!(subjects, DEMO_SUBJECTS, "{browser:?}: the demo subscriber's tickets, newest first");
    let badges = s.wait_texts(".hd-badge", 4).await;
    assert_eq!(badges, ["Abierto", "En Progreso", "Resuelto", "Cerrado"]);
    s.screenshot("list").await;

    let buttons = s.client.find_all(Locator::Css(".hd-ticket")).await.expect("tickets");
    buttons[1].click().await.expect("open the ticket");

    let heading = s.wait_texts(".hd-detail__subject", 1).await;
    assert_eq!(heading, ["No Responde la Antena"]);
    let answer = s.wait_texts(".hd-answer__text", 1).await;
    assert_eq!(answer, ["Un técnico visitará su domicilio mañana entre 8:00 y 12:00."]);
    s.screenshot("detail").await;

    s.client.find(Locator::Css(".hd-link")).await.expect("back link").click().await.expect("back");
    let again = s.wait_texts(".hd-ticket__subject", DEMO_SUBJECTS.len()).await;
    assert_eq!(again, DEMO_SUBJECTS);
    s.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_lists_the_demo_tickets_and_opens_one() {
    list_then_open_a_ticket(Browser::Chromium).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn firefox_lists_the_demo_tickets_and_opens_one() {
    list_then_open_a_ticket(Browser::Firefox).await;
}
