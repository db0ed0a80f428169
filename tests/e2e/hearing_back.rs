//! Hearing back, in both browsers: the portal's launcher counts the tickets staff answered
//! since the subscriber last looked, the list marks them, reading one clears its mark, and a
//! new staff answer brings the count back — axe-core clean with the badge shown.

use std::io::{Read, Write};

use crate::support::{Browser, DemoServer, PageSetup, Session};

/// The launcher's count as shown, empty while it is hidden.
const BADGE: &str = "const b = root.querySelector('.hd-launcher__unread'); \
                     return b.hidden ? '' : b.querySelector('.hd-launcher__count').textContent";

/// POST `body` to `path` as staff; the answer's status line and body.
pub(crate) async fn staff_post(server: &DemoServer, path: &str, body: &str) -> String {
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {}\r\nX-API-Key: e2e-staff-key\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        server.addr,
        body.len()
    );
    let addr = server.addr;
    tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(addr).expect("connect");
        stream.write_all(request.as_bytes()).expect("send");
        let mut answer = String::new();
        stream.read_to_string(&mut answer).expect("answer");
        answer
    })
    .await
    .expect("the staff request")
}

/// Post a staff answer to ticket `id`, as the back office's staff would.
async fn staff_answer(server: &DemoServer, id: u64, text: &str) {
    let body = serde_json::json!({ "message": text, "admin": "Elena" }).to_string();
    let answer = staff_post(server, &format!("/api/v1/tickets/{id}/answers"), &body).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

async fn wait_badge(s: &Session, wanted: &str) {
    for _ in 0..300 {
        if s.widget_script(BADGE).await == wanted {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("{}: the badge never showed {wanted:?} (shows {})", s.browser.name(), s.widget_script(BADGE).await);
}

async fn the_launcher_counts_new_answers_and_the_list_marks_them(browser: Browser) {
    let server = DemoServer::start(PageSetup::default()).await;
    let s = Session::start(browser).await;
    s.client.goto(&server.page("portal.html")).await.expect("portal");
    // The demo's tickets with a staff answer have not been read yet: three.
    wait_badge(&s, "3").await;
    let name = s.widget_script("return root.querySelector('.hd-launcher').textContent").await;
    assert_eq!(name, "Soporte3, 3 con respuesta nueva", "{browser:?}: the launcher says it in words");
    s.screenshot("launcher-unread").await;
    s.script("document.querySelector('helpdesk-widget').open()").await;
    s.wait_texts(".hd-ticket", 4).await;
    let marked = s.wait_texts(".hd-ticket__new", 3).await;
    assert_eq!(marked, ["Novedad"; 3], "{browser:?}");
    let id = s.widget_script("return root.querySelector('.hd-ticket:has(.hd-ticket__new)').dataset.ticketId").await;
    let id: u64 = id.as_str().and_then(|i| i.parse().ok()).expect("a marked ticket's id");
    s.click(&format!("[data-ticket-id='{id}']")).await;
    s.wait_texts(".hd-message__text", 2).await;
    // Read: closing the dialog asks again.
    s.script("document.querySelector('helpdesk-widget').close()").await;
    wait_badge(&s, "2").await;
    staff_answer(&server, id, "Pasamos mañana a revisar la antena.").await;
    s.script("const w = document.querySelector('helpdesk-widget'); w.open(); w.close();").await;
    wait_badge(&s, "3").await;
    assert!(s.page_errors().await.is_empty(), "{browser:?}: {:?}", s.page_errors().await);
    s.close().await;
}
in_both_browsers!(the_launcher_counts_new_answers_and_the_list_marks_them);
