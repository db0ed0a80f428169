//! The widget as an ISP embeds it: the demo portal under a strict CSP, lazy loading, the
//! JavaScript API and its events, token refresh, each failure mode of a back end, drafts and
//! languages. Each in Chromium and in Firefox.

use std::time::Duration;

use fantoccini::Locator;
use fantoccini::key::Key;
use serde_json::Value;

use crate::keyboard::{focused, press};
use crate::support::{Browser, DemoServer, Fault, PageSetup, Session};

const LIST: &str = "GET /api/v1/tickets";
const CREATE: &str = "POST /api/v1/tickets";

async fn wasm_fetched(s: &Session) -> bool {
    s.script("return performance.getEntriesByType('resource').some(e => e.name.endsWith('.wasm'))").await
        == Value::Bool(true)
}

/// Fill the new-ticket form with a catalog subject and a description.
async fn fill_form(s: &Session, subject: &str) {
    s.click(".hd-tab--primary").await;
    s.choose("#hd-subject", subject).await;
    s.type_into("#hd-description", "Desde ayer no hay señal en la casa.").await;
}

async fn portal_runs_under_a_strict_csp_and_fetches_the_wasm_on_first_open(browser: Browser) {
    let server = DemoServer::start(PageSetup::default()).await;
    let s = Session::start(browser).await;
    s.client.goto(&server.page("portal.html")).await.expect("portal");
    s.wait_texts(".hd-launcher", 1).await;
    let label = s.widget_script("return root.querySelector('.hd-launcher').firstChild.textContent").await;
    assert_eq!(label, "Soporte", "{browser:?}: the launcher's label (its unread count follows it)");
    let policy = s
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             fetch('/portal.html').then(r => done(r.headers.get('content-security-policy')));",
            vec![],
        )
        .await
        .expect("fetch");
    assert_eq!(policy, Value::String(helpdesk_server::WIDGET_CSP.to_owned()));
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(!wasm_fetched(&s).await, "{browser:?}: the wasm is fetched only when the widget opens");
    s.screenshot("portal-launcher").await;

    // The portal's own button opens the widget through the JavaScript API.
    s.client.find(Locator::Css("#open-support")).await.expect("button").click().await.expect("click");
    assert_eq!(s.wait_texts(".hd-ticket__subject", 4).await.len(), 4);
    assert!(wasm_fetched(&s).await);
    // The wasm came as its precompressed copy: fewer bytes on the wire than it decodes to.
    let sizes = s
        .script(
            "const e = performance.getEntriesByType('resource').find(e => e.name.endsWith('.wasm')); \
             return [e.encodedBodySize, e.decodedBodySize];",
        )
        .await;
    let sizes: Vec<u64> = sizes.as_array().into_iter().flatten().filter_map(Value::as_u64).collect();
    assert!(matches!(sizes[..], [wire, wasm] if wire > 0 && wire * 2 < wasm), "{browser:?}: wasm sizes {sizes:?}");
    s.screenshot("portal-open").await;

    fill_form(&s, "Cable UTP Dañado").await;
    s.click("button[type=submit]").await;
    s.wait_texts(".hd-detail__subject", 1).await;
    let number = s.wait_texts(".hd-facts dd", 1).await.remove(0);
    s.wait_for_script(
        "the portal heard ticket-created",
        &format!("return document.getElementById('support-notice').textContent.startsWith('Ticket {number} creado')"),
    )
    .await;
    s.screenshot("portal-created").await;

    // Escape closes the dialog and focus returns to the launcher.
    press(&s, &[Key::Escape.into()]).await;
    assert!(focused(&s).await.starts_with("button.hd-launcher"), "{browser:?}: focus back on the launcher");
    assert_eq!(
        s.script("return document.querySelector('helpdesk-widget').shadowRoot.querySelector('[role=dialog]').hidden")
            .await,
        Value::Bool(true)
    );

    assert_eq!(s.csp_violations().await, Vec::<String>::new(), "{browser:?}: CSP violations");
    // The probe does hear violations: an inline style is refused and reported.
    s.script(
        "const st = document.createElement('style'); st.textContent = 'body { color: red }'; document.head.append(st);",
    )
    .await;
    s.wait_for_script("an inline style reported", "return window.__csp.length > 0").await;
    s.close().await;
}
in_both_browsers!(portal_runs_under_a_strict_csp_and_fetches_the_wasm_on_first_open);

async fn a_portal_on_plain_http_opens_a_ticket_at_every_submit(browser: Browser) {
    let server = DemoServer::start(PageSetup { max_tickets: Some(10), ..PageSetup::default() }).await;
    let s = Session::start(browser).await;
    s.client.goto(&server.plain_http_page("portal.html")).await.expect("portal");
    assert_eq!(
        s.script("return [location.hostname, window.isSecureContext]").await,
        serde_json::json!(["portal.test", false]),
        "{browser:?}: the portal is not a secure context"
    );
    s.client.find(Locator::Css("#open-support")).await.expect("button").click().await.expect("click");
    s.wait_texts(".hd-ticket__subject", 4).await;
    let before = server.ticket_count().await;
    for subject in ["Cable UTP Dañado", "Antena Dañada"] {
        fill_form(&s, subject).await;
        s.click("button[type=submit]").await;
        s.wait_for_script(
            "the ticket or an error",
            "return window.__errors.length > 0 || document.querySelector('helpdesk-widget').shadowRoot.querySelector('.hd-detail__subject') !== null",
        )
        .await;
        assert_eq!(s.page_errors().await, Vec::<String>::new(), "{browser:?}: errors in the page at {subject}");
        s.wait_until(".hd-detail__subject", |t| t == [subject]).await;
        let number = s.wait_texts(".hd-facts dd", 1).await.remove(0);
        s.wait_for_script(
            "the portal heard ticket-created",
            &format!(
                "return document.getElementById('support-notice').textContent.startsWith('Ticket {number} creado')"
            ),
        )
        .await;
    }
    assert_eq!(server.ticket_count().await, before + 2, "{browser:?}: two submits, two tickets");
    assert_eq!(s.csp_violations().await, Vec::<String>::new(), "{browser:?}: CSP violations");
    s.close().await;
}
in_both_browsers!(a_portal_on_plain_http_opens_a_ticket_at_every_submit);

async fn below_the_fold_the_wasm_waits_until_the_widget_is_scrolled_into_view(browser: Browser) {
    let server = DemoServer::start(PageSetup::default()).await;
    let s = Session::start(browser).await;
    s.client.goto(&server.page("host.html?scenario=below-the-fold")).await.expect("host page");
    s.wait_for_script("the loader ran", "return customElements.get('helpdesk-widget') !== undefined").await;
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert!(!wasm_fetched(&s).await, "{browser:?}: nothing fetched for a widget out of view");
    s.script("document.querySelector('helpdesk-widget').scrollIntoView()").await;
    assert_eq!(s.wait_texts(".hd-ticket__subject", 4).await.len(), 4);
    assert!(wasm_fetched(&s).await);
    assert_eq!(s.csp_violations().await, Vec::<String>::new());
    s.close().await;
}
in_both_browsers!(below_the_fold_the_wasm_waits_until_the_widget_is_scrolled_into_view);

async fn a_refused_token_is_refreshed_once_and_events_reach_the_host(browser: Browser) {
    let server = DemoServer::start(PageSetup::default()).await;
    let s = Session::start(browser).await;
    s.client.goto(&server.page("host.html?scenario=expired-first")).await.expect("host page");
    assert_eq!(s.wait_texts(".hd-ticket__subject", 4).await.len(), 4, "{browser:?}: loaded after one refresh");
    assert_eq!(s.script("return window.__tokenCalls").await, serde_json::json!([false, true]));
    assert_eq!(s.script("return window.__events.map(e => e.name)").await, serde_json::json!(["ready"]));
    fill_form(&s, "Cable UTP Dañado").await;
    s.click("button[type=submit]").await;
    let number = s.wait_texts(".hd-facts dd", 1).await.remove(0);
    s.wait_for_script("ticket-created", "return window.__events.some(e => e.name === 'ticket-created')").await;
    let id = s.script("return window.__events.find(e => e.name === 'ticket-created').detail.id").await;
    assert_eq!(format!("#{id}"), number, "{browser:?}: the event carries the new ticket's id");
    assert_eq!(s.csp_violations().await, Vec::<String>::new());
    s.close().await;
}
in_both_browsers!(a_refused_token_is_refreshed_once_and_events_reach_the_host);

async fn a_token_that_stays_refused_says_so_and_tells_the_host(browser: Browser) {
    let server = DemoServer::start(PageSetup::default()).await;
    let s = Session::start(browser).await;
    s.client.goto(&server.page("host.html?scenario=always-expired")).await.expect("host page");
    let alert = s.wait_texts("[role=alert] p", 1).await.remove(0);
    assert!(alert.contains("sesión no es válida"), "{alert}");
    s.wait_for_script("auth-expired", "return window.__events.some(e => e.name === 'auth-expired')").await;
    assert_eq!(s.script("return window.__tokenCalls").await, serde_json::json!([false, true]), "one refresh");
    assert_eq!(server.faults.arrivals(LIST).len(), 2, "{browser:?}: the request was retried once, not more");
    let stored = s.script("return JSON.stringify(localStorage) + JSON.stringify(sessionStorage) + location.href").await;
    assert!(!stored.to_string().contains("token"), "{browser:?}: a token left memory: {stored}");
    s.close().await;
}
in_both_browsers!(a_token_that_stays_refused_says_so_and_tells_the_host);

async fn each_failure_of_the_back_end_gives_a_message_and_a_retry(browser: Browser) {
    let server = DemoServer::start(PageSetup { timeout_ms: Some(1500), ..PageSetup::default() }).await;
    let s = Session::start(browser).await;
    let server_error = "El servidor no pudo responder";
    // (fault, queued, requests the widget makes, message)
    let cases = [
        (Fault::Drop, 40, None, "No pudimos conectar"),
        (Fault::Html502, 4, Some(4), server_error),
        (Fault::Status500, 4, Some(4), server_error),
        (Fault::Garbage, 1, Some(1), server_error),
        (Fault::Hang, 4, Some(4), "tardó demasiado"),
    ];
    for (fault, queued, attempts, message) in cases {
        let before = server.faults.arrivals(LIST).len();
        server.faults.inject(LIST, fault, queued);
        s.client.goto(&server.url()).await.expect("page");
        let alert = s.wait_texts(".hd-error[role=alert] p", 1).await.remove(0);
        assert!(alert.contains(message), "{browser:?} {fault:?}: {alert}");
        if let Some(attempts) = attempts {
            assert_eq!(
                server.faults.arrivals(LIST).len() - before,
                attempts,
                "{browser:?} {fault:?}: transient failures are retried 3 times, others not"
            );
        }
        server.faults.clear();
        if fault == Fault::Html502 {
            s.screenshot("error-server").await;
        }
        s.click(".hd-error button").await;
        assert_eq!(s.wait_texts(".hd-ticket__subject", 4).await.len(), 4, "{browser:?} {fault:?}: the retry works");
    }
    s.close().await;
}
in_both_browsers!(each_failure_of_the_back_end_gives_a_message_and_a_retry);

async fn transient_failures_recover_by_themselves_honouring_retry_after(browser: Browser) {
    let server = DemoServer::start(PageSetup::default()).await;
    server.faults.inject(LIST, Fault::Status500, 2);
    let s = Session::start(browser).await;
    s.client.goto(&server.url()).await.expect("page");
    assert_eq!(s.wait_texts(".hd-ticket__subject", 4).await.len(), 4);
    assert!(s.find_all(".hd-error").await.is_empty(), "no error shown for a failure a retry cured");
    assert_eq!(server.faults.arrivals(LIST).len(), 3);
    server.faults.inject(LIST, Fault::RetryAfter(2), 1);
    s.click(".hd-filter__option:nth-child(2)").await;
    s.wait_until(".hd-ticket__subject", |t| t.len() == 1).await;
    let arrivals = server.faults.arrivals(LIST);
    let gap = arrivals[arrivals.len() - 1] - arrivals[arrivals.len() - 2];
    assert!(gap >= Duration::from_millis(1900), "{browser:?}: Retry-After: 2 waited {gap:?}");
    s.close().await;
}
in_both_browsers!(transient_failures_recover_by_themselves_honouring_retry_after);

async fn a_lost_answer_to_a_create_is_retried_with_its_key_and_a_reply_is_not(browser: Browser) {
    let server = DemoServer::start(PageSetup::default()).await;
    let s = Session::start(browser).await;
    s.client.goto(&server.url()).await.expect("page");
    s.wait_texts(".hd-ticket", 4).await;
    let before = server.ticket_count().await;
    server.faults.inject(CREATE, Fault::DropAfterHandling, 1);
    fill_form(&s, "Antena Dañada").await;
    s.click("button[type=submit]").await;
    assert_eq!(s.wait_texts(".hd-detail__subject", 1).await, ["Antena Dañada"]);
    assert!(server.faults.arrivals(CREATE).len() >= 2, "{browser:?}: the create was sent again");
    assert_eq!(server.ticket_count().await, before + 1, "{browser:?}: one ticket for one submit");

    s.click(".hd-link").await;
    s.click(".hd-list li:nth-child(2) .hd-ticket").await;
    s.wait_texts(".hd-detail__subject", 1).await;
    let id = s.widget_script("return root.querySelector('.hd-detail').dataset.ticketId").await;
    let replies = format!("POST /api/v1/tickets/{}/replies", id.as_str().expect("id"));
    server.faults.inject(&replies, Fault::Status500, 1);
    s.type_into("#hd-reply-text", "¿Alguna novedad?").await;
    s.click(".hd-reply button[type=submit]").await;
    let error = s.wait_until("#hd-reply-error", |t| t.iter().any(|e| !e.is_empty())).await.remove(0);
    assert!(error.contains("El servidor no pudo responder"), "{error}");
    assert_eq!(server.faults.arrivals(&replies).len(), 1, "{browser:?}: a reply has no key, so no retry");
    assert_eq!(s.widget_script("return root.querySelector('#hd-reply-text').value").await, "¿Alguna novedad?");
    s.close().await;
}
in_both_browsers!(a_lost_answer_to_a_create_is_retried_with_its_key_and_a_reply_is_not);

async fn a_draft_survives_going_offline_and_a_reload(browser: Browser) {
    let server = DemoServer::start(PageSetup::default()).await;
    let s = Session::start(browser).await;
    s.client.goto(&server.url()).await.expect("page");
    s.wait_texts(".hd-ticket", 4).await;
    assert_eq!(
        s.script("return document.querySelector('helpdesk-widget').hasAttribute('token')").await,
        Value::Bool(false),
        "the token leaves the DOM"
    );
    fill_form(&s, "Cable UTP Dañado").await;
    // The connection goes: the browser says it is offline and requests fail.
    s.script("Object.defineProperty(Navigator.prototype, 'onLine', { get: () => false, configurable: true }); window.dispatchEvent(new Event('offline'));").await;
    server.faults.inject(CREATE, Fault::Drop, 40);
    s.click("button[type=submit]").await;
    let alert = s.wait_until(".hd-new [role=alert]", |t| !t.is_empty()).await.remove(0);
    assert!(alert.contains("no tiene conexión"), "{browser:?}: {alert}");
    s.screenshot("offline").await;

    s.client.refresh().await.expect("reload");
    s.wait_texts(".hd-ticket", 4).await;
    s.click(".hd-tab--primary").await;
    s.wait_texts("#hd-description", 1).await;
    assert_eq!(s.widget_script("return root.querySelector('#hd-subject').value").await, "Cable UTP Dañado");
    assert_eq!(
        s.widget_script("return root.querySelector('#hd-description').value").await,
        "Desde ayer no hay señal en la casa."
    );
    let stored = s.script("return JSON.stringify(localStorage)").await.to_string();
    assert!(stored.contains("Desde ayer") && !stored.contains("token"), "{stored}");

    server.faults.clear();
    s.click("button[type=submit]").await;
    assert_eq!(s.wait_texts(".hd-detail__subject", 1).await, ["Cable UTP Dañado"]);
    assert_eq!(s.script("return localStorage.length").await, serde_json::json!(0), "the draft goes once sent");
    s.close().await;
}
in_both_browsers!(a_draft_survives_going_offline_and_a_reload);

async fn the_widget_speaks_english_and_italian(browser: Browser) {
    for (locale, title, badges) in [
        ("en", "Technical support", ["Open", "In progress", "Resolved", "Closed"]),
        ("it", "Assistenza tecnica", ["Aperto", "In lavorazione", "Risolto", "Chiuso"]),
    ] {
        let server = DemoServer::start(PageSetup { locale, ..PageSetup::default() }).await;
        let s = Session::start(browser).await;
        s.client.goto(&server.url()).await.expect("page");
        assert_eq!(s.wait_texts(".hd-title", 1).await, [title]);
        assert_eq!(s.wait_texts(".hd-badge", 4).await, badges, "{browser:?} {locale}");
        let lang = s.widget_script("return root.querySelector('.hd-widget').lang").await;
        assert_eq!(lang, locale);
        s.screenshot(&format!("list-{locale}")).await;
        s.close().await;
    }
}
in_both_browsers!(the_widget_speaks_english_and_italian);
