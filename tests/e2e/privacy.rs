//! What stays with the widget: the subscriber's token (out of reach of the page's other
//! scripts, whichever way the portal hands it over), the widget's events (not forgeable
//! through the loader) and each subscriber's drafts (never shown to another subscriber of
//! the same browser, gone once the token is refused for good). Each in Chromium and Firefox.

use serde_json::{Value, json};

use crate::support::{Browser, DemoServer, PageSetup, Session};

/// Searches what a page script can reach for `token`: every global, every property of the
/// element and of its prototypes (and the result of calling each method the loader
/// defines), the loader module's exports; the paths where it was found.
const TOKEN_HUNT: &str = r#"
const [token, done] = [arguments[0], arguments[arguments.length - 1]];
const el = document.querySelector("helpdesk-widget");
const found = [];
const holds = (v) => { try { return typeof v === "string" ? v.includes(token) : JSON.stringify(v)?.includes(token); } catch { return false; } };
(async () => {
  for (const name of Object.getOwnPropertyNames(window)) {
    let v; try { v = window[name]; } catch { continue; }
    if (v !== window && typeof v !== "function" && holds(v)) found.push("window." + name);
  }
  for (let o = el; o; o = Object.getPrototypeOf(o)) {
    for (const name of Object.getOwnPropertyNames(o)) {
      let v; try { v = el[name]; } catch { continue; }
      if (holds(v)) found.push("element." + name);
    }
  }
  for (const name of Object.getOwnPropertyNames(customElements.get("helpdesk-widget").prototype)) {
    const d = Object.getOwnPropertyDescriptor(customElements.get("helpdesk-widget").prototype, name);
    if (name === "constructor" || typeof d.value !== "function") continue;
    for (const arg of [false, true, { refresh: false }]) {
      try { if (holds(await d.value.call(el, arg))) found.push("element." + name + "(" + JSON.stringify(arg) + ")"); } catch {}
    }
  }
  const loader = await import("./helpdesk.js");
  for (const name of Object.keys(loader)) if (holds(loader[name])) found.push("loader." + name);
  done(found);
})();
"#;

/// Tries to make the widget's listeners hear a `ticket-created` it never sent, through
/// anything the loader leaves reachable.
const FORGE: &str = r#"
const el = document.querySelector("helpdesk-widget");
const forged = { id: 999999, subject: "Forjado" };
for (const name of ["helpdeskEmit", "emit", "_emit"]) {
  try { el[name]?.("ticket-created", forged); } catch {}
}
el.dispatchEvent(new CustomEvent("ticket-created", { detail: forged, bubbles: true, composed: true }));
"#;

async fn hunt(s: &Session, token: &str) -> Value {
    s.client.execute_async(TOKEN_HUNT, vec![json!(token)]).await.expect("hunt")
}

async fn no_page_script_reaches_the_token_nor_forges_the_widgets_events(browser: Browser) {
    let server = DemoServer::start(PageSetup::default()).await;
    let s = Session::start(browser).await;
    // Handed over by mount() with a callback, and as a property set before the element was
    // defined (the loader, a module, runs after the page's classic scripts).
    for page in ["host.html", "early.html"] {
        s.client.goto(&server.page(page)).await.expect("page");
        assert_eq!(s.wait_texts(".hd-ticket__subject", 4).await.len(), 4, "{browser:?} {page}: the widget works");
        s.wait_for_script("ready", "return window.__events.some(e => e.name === 'ready')").await;
        assert_eq!(hunt(&s, "demo-subscriber-token").await, json!([]), "{browser:?} {page}: the token is reachable");
        s.script(FORGE).await;
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        assert_eq!(
            s.script("return window.__events.map(e => e.name)").await,
            json!(["ready"]),
            "{browser:?} {page}: a forged event reached the widget's listeners"
        );
        assert_eq!(s.page_errors().await, Vec::<String>::new(), "{browser:?} {page}");
    }
    s.close().await;
}
in_both_browsers!(no_page_script_reaches_the_token_nor_forges_the_widgets_events);

/// Open the widget of the deferred host page for the subscriber holding `token`, then its
/// new-ticket form; the subject and description it shows.
async fn open_form_as(s: &Session, server: &DemoServer, token: &str) -> (Value, Value) {
    s.client.goto(&server.page("host.html?scenario=deferred")).await.expect("host page");
    s.wait_for_script("the host page ran", "return typeof window.__mount === 'function'").await;
    s.client.execute("window.__mount(arguments[0])", vec![json!(token)]).await.expect("mount");
    s.wait_texts(".hd-ticket", 1).await;
    s.click(".hd-tab--primary").await;
    s.wait_texts("#hd-description", 1).await;
    let subject = s.widget_script("return root.querySelector('#hd-subject').value").await;
    let description = s.widget_script("return root.querySelector('#hd-description').value").await;
    (subject, description)
}

async fn each_subscriber_sees_only_its_own_draft_until_its_token_is_refused(browser: Browser) {
    let server = DemoServer::start(PageSetup::default()).await;
    let other = server.issue_token(101).await;
    let s = Session::start(browser).await;
    let text = "Borrador del abonado A";
    let stored = "return JSON.stringify(localStorage)";
    let kept = format!("return JSON.stringify(localStorage).includes('{text}')");

    assert_eq!(open_form_as(&s, &server, "demo-subscriber-token").await, (json!(""), json!("")));
    s.choose("#hd-subject", "Antena Dañada").await;
    s.type_into("#hd-description", text).await;
    s.wait_for_script("the draft kept", &kept).await;

    assert_eq!(
        open_form_as(&s, &server, &other).await,
        (json!(""), json!("")),
        "{browser:?}: another subscriber of this browser sees an empty form"
    );
    assert_eq!(s.script(&kept).await, json!(true), "{browser:?}: A's draft is kept for A");

    assert_eq!(
        open_form_as(&s, &server, "demo-subscriber-token").await,
        (json!("Antena Dañada"), json!(text)),
        "{browser:?}: A finds its draft again"
    );
    // The portal's session ends: the token it hands over is refused, also after a refresh.
    s.script("document.querySelector('helpdesk-widget').token = 'expired-token'").await;
    s.click(".hd-nav .hd-tab").await;
    s.wait_for_script("auth-expired", "return window.__events.some(e => e.name === 'auth-expired')").await;
    let left = s.script(stored).await.to_string();
    assert!(!left.contains(text) && !left.contains("Antena"), "{browser:?}: A's draft outlived its session: {left}");
    assert_eq!(s.page_errors().await, Vec::<String>::new(), "{browser:?}");
    s.close().await;
}
in_both_browsers!(each_subscriber_sees_only_its_own_draft_until_its_token_is_refused);
