//! Subscriber journeys through the real page, each in Chromium and in Firefox.

use chrono::NaiveDateTime;
use helpdesk_core::calendar::Calendar;

use crate::support::{Browser, DemoServer, PageSetup, Session};

/// The demo subscriber's tickets, newest first.
const DEMO_SUBJECTS: [&str; 4] =
    ["Internet Lento", "No Responde la Antena", "Antena Desalineada", "Cambio de Contraseña en Router Wifi"];

async fn open_page(browser: Browser, dialect: &'static str) -> (DemoServer, Session) {
    let server = DemoServer::start_with_dialect(dialect).await;
    let s = Session::start(browser).await;
    s.client.goto(&server.url()).await.expect("open the page");
    (server, s)
}

async fn list_then_open_a_ticket(browser: Browser) {
    let (_server, s) = open_page(browser, "envelope").await;
    let subjects = s.wait_texts(".hd-ticket__subject", DEMO_SUBJECTS.len()).await;
    assert_eq!(subjects, DEMO_SUBJECTS, "{browser:?}: the demo subscriber's tickets, newest first");
    assert_eq!(s.wait_texts(".hd-badge", 4).await, ["Abierto", "En progreso", "Resuelto", "Cerrado"]);
    s.screenshot("list").await;
    s.click(".hd-filter__option:nth-child(4)").await;
    s.wait_until(".hd-ticket__subject", |t| t.len() == 2).await;
    s.screenshot("list-closed").await;
    s.click(".hd-filter__option:nth-child(1)").await;
    s.wait_until(".hd-ticket__subject", |t| t.len() == 4).await;
    s.click(".hd-list li:nth-child(2) .hd-ticket").await;
    assert_eq!(s.wait_texts(".hd-detail__subject", 1).await, ["No Responde la Antena"]);
    let messages = s.wait_texts(".hd-message__text", 2).await;
    assert_eq!(messages[1], "Un técnico visitará su domicilio mañana entre 8:00 y 12:00.");
    assert_eq!(s.wait_texts(".hd-message--staff", 1).await.len(), 1);
    s.screenshot("detail").await;
    s.click(".hd-link").await;
    assert_eq!(s.wait_texts(".hd-ticket__subject", 4).await, DEMO_SUBJECTS);
    s.close().await;
}
in_both_browsers!(list_then_open_a_ticket);

/// Fill the form with a catalog subject and a description.
async fn fill_form(s: &Session, subject: &str) {
    s.click(".hd-tab--primary").await;
    s.choose("#hd-subject", subject).await;
    s.type_into("#hd-description", "Desde ayer no hay señal en la casa.").await;
}

async fn open_a_ticket_and_see_it_listed_with_its_resolution_date(browser: Browser) {
    let (server, s) = open_page(browser, "envelope").await;
    s.wait_texts(".hd-ticket", 4).await;
    fill_form(&s, "Cable UTP Dañado").await;
    let estimate = s.wait_texts(".hd-estimate", 1).await.remove(0);
    assert!(estimate.starts_with("Resolución estimada si lo envía ahora:"), "{estimate}");
    s.screenshot("form").await;
    s.click("button[type=submit]").await;
    assert_eq!(s.wait_texts(".hd-detail__subject", 1).await, ["Cable UTP Dañado"]);
    let facts = s.wait_texts(".hd-facts dd", 5).await;
    // Facts: number, status, priority, opened, estimated resolution; dates as <time>.
    let times = s
        .widget_script("return [...root.querySelectorAll('.hd-facts time')].map(t => t.getAttribute('datetime'))")
        .await;
    let times: Vec<String> = serde_json::from_value(times).expect("datetimes");
    let created = NaiveDateTime::parse_from_str(&times[0], "%Y-%m-%dT%H:%M").expect("created date");
    let end = Calendar::colombia().add_business_days(created, 3).format("%Y-%m-%dT%H:%M").to_string();
    assert_eq!(times[1], end, "{browser:?}: estimate for a ticket opened {}", times[0]);
    assert!(facts[3].contains(&created.format("%d/%m/%Y").to_string()), "Spanish date order: {}", facts[3]);
    assert_eq!(facts[2], "Alta", "priority from the subject");
    s.screenshot("created").await;
    s.click(".hd-nav .hd-tab").await;
    let listed = s.wait_texts(".hd-ticket__subject", 5).await;
    assert_eq!(listed[0], "Cable UTP Dañado", "the new ticket is listed first");
    assert_eq!(server.ticket_count().await, 7);
    s.close().await;
}
in_both_browsers!(open_a_ticket_and_see_it_listed_with_its_resolution_date);

async fn a_zone_at_its_limit_shows_the_message_and_creates_nothing(browser: Browser) {
    let (server, s) = open_page(browser, "envelope").await;
    // Zone 2 holds two open tickets; a third fills it.
    fill_form(&s, "Internet Lento").await;
    s.click("button[type=submit]").await;
    s.wait_texts(".hd-detail__subject", 1).await;
    let count = server.ticket_count().await;
    s.click(".hd-tab--primary").await;
    let message = s.wait_texts(".hd-zone-full", 1).await.remove(0);
    assert!(message.contains("máximo de 3 tickets activos"), "{message}");
    let disabled = s.widget_script("return root.querySelector('button[type=submit]').disabled").await;
    assert_eq!(disabled, serde_json::Value::Bool(true));
    s.screenshot("zone-full").await;
    assert_eq!(server.ticket_count().await, count);
    s.close().await;
}
in_both_browsers!(a_zone_at_its_limit_shows_the_message_and_creates_nothing);

async fn a_line_at_its_own_limit_is_told_so_and_creates_nothing(browser: Browser) {
    let setup = PageSetup { max_tickets: Some(100), max_tickets_per_service: Some(2), ..PageSetup::default() };
    let server = DemoServer::start(setup).await;
    let s = Session::start(browser).await;
    s.client.goto(&server.url()).await.expect("open the page");
    // The demo line holds one open ticket: one more fills it.
    fill_form(&s, "Internet Lento").await;
    s.click("button[type=submit]").await;
    s.wait_texts(".hd-detail__subject", 1).await;
    let count = server.ticket_count().await;
    fill_form(&s, "Antena Dañada").await;
    s.click("button[type=submit]").await;
    let message = s.wait_texts(".hd-zone-full", 1).await.remove(0);
    assert!(message.contains("Ya tiene 2 tickets activos"), "{message}");
    assert_eq!(server.ticket_count().await, count);
    s.close().await;
}
in_both_browsers!(a_line_at_its_own_limit_is_told_so_and_creates_nothing);

async fn a_double_click_creates_one_ticket(browser: Browser) {
    let (server, s) = open_page(browser, "envelope").await;
    let before = server.ticket_count().await;
    fill_form(&s, "Antena Dañada").await;
    s.widget_script("const b = root.querySelector('button[type=submit]'); b.click(); b.click(); b.click();").await;
    assert_eq!(s.wait_texts(".hd-detail__subject", 1).await, ["Antena Dañada"]);
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(server.ticket_count().await, before + 1, "{browser:?}: three clicks, one ticket");
    s.close().await;
}
in_both_browsers!(a_double_click_creates_one_ticket);

async fn a_subject_outside_the_catalog_cannot_be_sent(browser: Browser) {
    let (server, s) = open_page(browser, "envelope").await;
    let before = server.ticket_count().await;
    s.click(".hd-tab--primary").await;
    s.type_into("#hd-description", "Falla general").await;
    let value = s
        .widget_script("const sel = root.querySelector('#hd-subject'); sel.value = 'Falla Masiva'; sel.dispatchEvent(new Event('change')); return sel.value;")
        .await;
    assert_eq!(value, serde_json::Value::String(String::new()), "the select holds catalog subjects only");
    s.click("button[type=submit]").await;
    assert_eq!(s.wait_texts("#hd-subject-error", 1).await, ["Elija un asunto de la lista."]);
    assert_eq!(
        s.widget_script("return root.querySelector('#hd-description').value").await,
        "Falla general",
        "nothing typed is lost"
    );
    s.screenshot("form-errors").await;
    assert_eq!(server.ticket_count().await, before);
    s.close().await;
}
in_both_browsers!(a_subject_outside_the_catalog_cannot_be_sent);

async fn reply_then_close(browser: Browser) {
    let (_server, s) = open_page(browser, "envelope").await;
    s.click(".hd-list li:nth-child(1) .hd-ticket").await;
    assert_eq!(s.wait_texts(".hd-detail__subject", 1).await, ["Internet Lento"]);
    s.type_into("#hd-reply-text", "Hoy sigue igual de lento.").await;
    s.click(".hd-reply button[type=submit]").await;
    let messages = s.wait_until(".hd-message--subscriber .hd-message__text", |t| t.len() == 2).await;
    assert_eq!(messages[1], "Hoy sigue igual de lento.");
    s.screenshot("replied").await;
    s.click(".hd-button--secondary").await;
    s.wait_until(".hd-detail .hd-badge", |t| t == ["Cerrado"]).await;
    let reply_forms = s.widget_script("return root.querySelectorAll('.hd-reply').length").await;
    assert_eq!(reply_forms, serde_json::json!(0), "a closed ticket takes no reply");
    s.screenshot("closed").await;
    s.close().await;
}
in_both_browsers!(reply_then_close);

async fn whmcs_dialect_looks_a_ticket_up_with_its_thread(browser: Browser) {
    let (_server, s) = open_page(browser, "whmcs").await;
    let tabs = s.wait_texts(".hd-nav .hd-tab", 1).await;
    assert_eq!(tabs, ["Consultar"], "no list and no form in this dialect");
    s.type_into("#hd-lookup", "3").await;
    s.click(".hd-form button[type=submit]").await;
    assert_eq!(s.wait_texts(".hd-detail__subject", 1).await, ["No Responde la Antena"]);
    assert_eq!(s.wait_texts(".hd-message__text", 2).await.len(), 2);
    assert_eq!(s.widget_script("return root.querySelectorAll('.hd-reply').length").await, serde_json::json!(0));
    s.screenshot("whmcs").await;
    s.close().await;
}
in_both_browsers!(whmcs_dialect_looks_a_ticket_up_with_its_thread);

async fn crm_dialect_lists_the_tickets(browser: Browser) {
    let (_server, s) = open_page(browser, "crm").await;
    let subjects = s.wait_texts(".hd-ticket__subject", 4).await;
    assert_eq!(subjects, DEMO_SUBJECTS);
    assert_eq!(s.wait_texts(".hd-nav .hd-tab", 1).await, ["Mis tickets"], "list only");
    s.click(".hd-filter__option:nth-child(4)").await;
    s.wait_until(".hd-ticket__subject", |t| t.len() == 2).await;
    s.screenshot("crm").await;
    s.click(".hd-filter__option:nth-child(3)").await;
    assert_eq!(s.wait_texts(".hd-empty", 1).await, ["No tiene tickets en este estado."]);
    s.screenshot("empty").await;
    s.close().await;
}
in_both_browsers!(crm_dialect_lists_the_tickets);

async fn a_refused_token_shows_a_message_with_a_retry(browser: Browser) {
    let server = DemoServer::start_with("envelope", "expired-token").await;
    let s = Session::start(browser).await;
    s.client.goto(&server.url()).await.expect("open the page");
    let alert = s.wait_texts("[role=alert] p", 1).await.remove(0);
    assert!(alert.contains("sesión no es válida"), "{alert}");
    assert_eq!(s.wait_texts("[role=alert] button", 1).await, ["Reintentar"]);
    s.screenshot("error").await;
    s.close().await;
}
in_both_browsers!(a_refused_token_shows_a_message_with_a_retry);
