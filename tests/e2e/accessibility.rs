//! Accessibility of the embedded widget: axe-core in every state with large enough targets
//! and text, and a keyboard-only journey. Each in Chromium and in Firefox.

use std::time::Duration;

use fantoccini::key::Key;

use crate::keyboard::{focused, press};
use crate::support::{Browser, DemoServer, PageSetup, Session};

/// axe-core's WCAG 2.2 AA rules on the whole page, the widget's shadow root included; and
/// every target at least 24×24 px and every text field at least 16 px.
pub(crate) async fn assert_accessible(s: &Session, state: &str) {
    let axe = std::fs::read_to_string(std::env::var("HELPDESK_AXE").expect("HELPDESK_AXE: run `cargo xtask test`"))
        .expect("axe-core");
    if s.script("return typeof window.axe").await != "object" {
        s.script(&axe).await;
    }
    let violations = s
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'] } })\
               .then(r => done(r.violations.map(v => v.id + ': ' + v.nodes.map(n => JSON.stringify(n.target)).join(' '))))\
               .catch(e => done(['axe failed: ' + e]));",
            vec![],
        )
        .await
        .expect("axe");
    assert_eq!(violations, serde_json::json!([]), "{}: axe violations in {state}", s.browser.name());
    let small = s
        .widget_script(
            "return [...root.querySelectorAll('button, a, input, select, textarea')]\
               .filter(e => e.getClientRects().length > 0)\
               .flatMap(e => { const r = e.getBoundingClientRect(); const f = parseFloat(getComputedStyle(e).fontSize); \
                 const out = []; if (r.width < 24 || r.height < 24) out.push(e.className + ' is ' + r.width + 'x' + r.height); \
                 if (['INPUT', 'SELECT', 'TEXTAREA'].includes(e.tagName) && f < 16) out.push(e.id + ' text ' + f + 'px'); return out; });",
        )
        .await;
    assert_eq!(small, serde_json::json!([]), "{}: small targets or text in {state}", s.browser.name());
}

async fn every_state_passes_axe_with_large_enough_targets(browser: Browser) {
    let server = DemoServer::start(PageSetup::default()).await;
    let s = Session::start(browser).await;
    s.client.goto(&server.page("portal.html")).await.expect("portal");
    s.wait_texts(".hd-launcher", 1).await;
    s.wait_for_script(
        "the launcher's badge",
        "return !document.querySelector('helpdesk-widget').shadowRoot.querySelector('.hd-launcher__unread').hidden",
    )
    .await;
    assert_accessible(&s, "launcher with its unread badge").await;

    s.client.goto(&server.url()).await.expect("page");
    s.wait_texts(".hd-ticket", 4).await;
    assert_accessible(&s, "list").await;
    s.click(".hd-list li:nth-child(2) .hd-ticket").await;
    s.wait_texts(".hd-message__text", 2).await;
    assert_accessible(&s, "detail").await;
    s.click(".hd-tab--primary").await;
    s.wait_texts("#hd-subject", 1).await;
    assert_accessible(&s, "form").await;
    s.click("button[type=submit]").await;
    s.wait_until("#hd-subject-error", |t| t.iter().any(|e| !e.is_empty())).await;
    assert_accessible(&s, "form with errors").await;
    s.choose("#hd-subject", "Internet Lento").await;
    s.type_into("#hd-description", "Muy lento desde ayer.").await;
    s.click("button[type=submit]").await;
    s.wait_texts(".hd-detail__subject", 1).await;
    s.click(".hd-tab--primary").await;
    s.wait_texts(".hd-zone-full", 1).await;
    assert_accessible(&s, "zone limit").await;
    let text_colour = "return getComputedStyle(root.querySelector('.hd-widget')).color";
    assert_eq!(s.widget_script(text_colour).await, "rgb(28, 36, 48)", "the light palette");
    s.script("document.querySelector('helpdesk-widget').setAttribute('theme', 'dark')").await;
    assert_eq!(s.widget_script(text_colour).await, "rgb(232, 236, 241)", "the dark palette");
    assert_accessible(&s, "zone limit, dark theme").await;
    s.screenshot("zone-full-dark").await;

    let crm = DemoServer::start(PageSetup { dialect: "crm", ..PageSetup::default() }).await;
    s.client.goto(&crm.url()).await.expect("page");
    s.wait_texts(".hd-ticket", 4).await;
    s.click(".hd-filter__option:nth-child(3)").await;
    s.wait_texts(".hd-empty", 1).await;
    assert_accessible(&s, "empty list").await;

    let refused = DemoServer::start(PageSetup { token: "expired-token", ..PageSetup::default() }).await;
    s.client.goto(&refused.url()).await.expect("page");
    s.wait_texts("[role=alert] button", 1).await;
    assert_accessible(&s, "error").await;
    s.close().await;
}
in_both_browsers!(every_state_passes_axe_with_large_enough_targets);

async fn a_keyboard_alone_opens_a_ticket_and_reads_the_result(browser: Browser) {
    let server = DemoServer::start(PageSetup::default()).await;
    let s = Session::start(browser).await;
    s.client.goto(&server.page("portal.html")).await.expect("portal");
    s.wait_texts(".hd-launcher", 1).await;
    let mut tabs = 0;
    while !focused(&s).await.starts_with("button.hd-launcher") {
        press(&s, &[Key::Tab.into()]).await;
        tabs += 1;
        assert!(tabs < 15, "{browser:?}: the launcher is never reached with Tab");
    }
    press(&s, &[Key::Enter.into()]).await;
    assert!(focused(&s).await.starts_with("button.hd-close"), "{browser:?}: focus moves into the dialog");
    s.wait_texts(".hd-ticket", 4).await;
    press(&s, &[Key::Tab.into(), Key::Tab.into()]).await;
    assert!(focused(&s).await.starts_with("button.hd-tab.hd-tab--primary"), "{}", focused(&s).await);
    press(&s, &[Key::Enter.into()]).await;
    s.wait_texts("#hd-subject", 1).await;
    s.wait_until(".hd-new h2", |t| !t.is_empty()).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(focused(&s).await, "h2.|Nuevo ticket", "{browser:?}: focus on the form's heading");
    press(&s, &[Key::Tab.into(), Key::Tab.into(), Key::Down.into()]).await;
    let subject = s.widget_script("return root.querySelector('#hd-subject').value").await;
    let subject = subject.as_str().unwrap_or_default().to_owned();
    assert!(!subject.is_empty(), "{browser:?}: the arrow key picks a subject");
    press(&s, &[Key::Tab.into()]).await;
    let mut text: Vec<char> = "Sin servicio desde anoche.".chars().collect();
    text.push(Key::Tab.into());
    press(&s, &text).await;
    let picker = s.widget_script("return root.activeElement?.id ?? ''").await;
    assert_eq!(picker, "hd-photos-new", "{browser:?}: the photo picker follows the description");
    press(&s, &[Key::Tab.into()]).await;
    assert!(focused(&s).await.starts_with("button.hd-button|Crear ticket"), "{}", focused(&s).await);
    press(&s, &[Key::Enter.into()]).await;
    s.wait_texts(".hd-detail__subject", 1).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(focused(&s).await, format!("h2.hd-detail__subject|{subject}"), "{browser:?}: focus on the result");
    press(&s, &[Key::Escape.into()]).await;
    assert!(focused(&s).await.starts_with("button.hd-launcher"));
    s.close().await;
}
in_both_browsers!(a_keyboard_alone_opens_a_ticket_and_reads_the_result);
