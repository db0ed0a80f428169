//! The site a test serves: the widget's release build, its pages configured for the test,
//! a probe of CSP violations and errors in every page, a host page embedding the widget with
//! `mount()` and one whose script sets the token before the loader defines the element.

use std::path::PathBuf;

use crate::support::workspace_root;

/// The widget bundle built by Trunk.
fn dist() -> PathBuf {
    let dir = std::env::var_os("HELPDESK_DIST")
        .map_or_else(|| workspace_root().join("target").join("dist-release"), PathBuf::from);
    assert!(
        dir.join("index.html").is_file(),
        "no widget build in {}: run `cargo xtask test`, which builds it with Trunk",
        dir.display()
    );
    dir
}

/// Records the Content-Security-Policy violations a page reports and its errors (uncaught
/// exceptions, unhandled rejections, `console.error`), from before any other script runs
/// (an external classic script, so the policy itself allows it).
const CSP_PROBE: &str = "window.__csp = [];\n\
document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));\n\
window.__errors = [];\n\
window.addEventListener('error', (e) => window.__errors.push('error: ' + e.message));\n\
window.addEventListener('unhandledrejection', (e) => window.__errors.push('unhandled rejection: ' + e.reason));\n\
const consoleError = console.error;\n\
console.error = (...args) => { window.__errors.push('console.error: ' + args.join(' ')); consoleError.apply(console, args); };\n";

/// A host page that embeds the widget with `mount()` and a token callback, recording the
/// widget's events and each token request. `?scenario=expired-first` hands out a refused
/// token first; `?scenario=always-expired` only refused ones; `?scenario=below-the-fold`
/// puts the widget far down the page, loading when scrolled into view; `?scenario=deferred`
/// mounts only when the test calls `window.__mount(token)`, with that subscriber's token.
const HOST_HTML: &str = r#"<!doctype html>
<html lang="es"><head><meta charset="utf-8"><title>Portal de pruebas</title>
<link rel="stylesheet" href="host.css">
<script src="csp-probe.js"></script><script type="module" src="host.js"></script></head>
<body><main><h1>Portal de pruebas</h1><div id="slot"></div></main></body></html>
"#;

const HOST_JS: &str = r#"import { mount } from "./helpdesk.js";
window.__events = [];
window.__tokenCalls = [];
const scenario = new URLSearchParams(location.search).get("scenario") || "valid";
const belowTheFold = scenario === "below-the-fold";
if (belowTheFold) document.getElementById("slot").classList.add("far");
function start(token) {
  const widget = mount(document.getElementById("slot"), {
    apiBase: "", locale: "es", mode: "inline", load: belowTheFold ? "visible" : "eager",
    token: async ({ refresh }) => {
      window.__tokenCalls.push(refresh);
      if (scenario === "always-expired") return "expired-token";
      if (scenario === "expired-first" && window.__tokenCalls.length === 1) return "expired-token";
      return token;
    },
  });
  for (const name of ["ready", "ticket-created", "auth-expired"]) {
    widget.on(name, (detail) => window.__events.push({ name, detail }));
  }
}
if (scenario === "deferred") window.__mount = start;
else start("demo-subscriber-token");
"#;

/// A page whose own classic script sets the widget's `token` property while the element is
/// still unknown (before the loader, a module, defines it), recording the widget's events.
const EARLY_HTML: &str = r#"<!doctype html>
<html lang="es"><head><meta charset="utf-8"><title>Portal de pruebas</title>
<script src="csp-probe.js"></script><script type="module" src="early.js"></script></head>
<body><main><h1>Portal de pruebas</h1>
<helpdesk-widget api-base="" locale="es" mode="inline" load="eager"></helpdesk-widget>
<script src="early-token.js"></script></main></body></html>
"#;

const EARLY_TOKEN_JS: &str = "document.querySelector('helpdesk-widget').token = 'demo-subscriber-token';\n";

const EARLY_JS: &str = r#"import "./helpdesk.js";
window.__events = [];
const widget = document.querySelector("helpdesk-widget");
for (const name of ["ready", "ticket-created", "auth-expired"]) {
  widget.on(name, (detail) => window.__events.push({ name, detail }));
}
"#;

/// How a test wants the widget's page set up.
#[derive(Debug, Clone)]
pub(crate) struct PageSetup {
    pub(crate) dialect: &'static str,
    pub(crate) token: &'static str,
    pub(crate) locale: &'static str,
    /// The widget's request timeout (ms), when not the default.
    pub(crate) timeout_ms: Option<u32>,
    /// The server's limit of active tickets per zone, when not the default (3, which the
    /// demo subscriber's zone reaches with one more ticket).
    pub(crate) max_tickets: Option<u32>,
    /// The server's limit of active tickets per service, when not the default (none).
    pub(crate) max_tickets_per_service: Option<u32>,
}

impl Default for PageSetup {
    fn default() -> Self {
        Self {
            dialect: "envelope",
            token: "demo-subscriber-token",
            locale: "es",
            timeout_ms: None,
            max_tickets: None,
            max_tickets_per_service: None,
        }
    }
}

/// Copy the widget bundle (with its precompressed copies) into `site`, configure its
/// standalone page, add the CSP probe to every page and the test host page.
pub(crate) fn prepare_site(site: &std::path::Path, setup: &PageSetup) {
    std::fs::create_dir_all(site).expect("site dir");
    for entry in std::fs::read_dir(dist()).expect("dist") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, site.join(path.file_name().expect("name"))).expect("copy");
    }
    let probe = r#"<script src="csp-probe.js"></script>"#;
    let index = std::fs::read_to_string(site.join("index.html")).expect("index");
    let timeout = setup.timeout_ms.map(|ms| format!(r#" timeout="{ms}""#)).unwrap_or_default();
    let configured = index.replace(
        r#"token="demo-subscriber-token">"#,
        &format!(r#"token="{}" dialect="{}" locale="{}"{timeout}>"#, setup.token, setup.dialect, setup.locale),
    );
    assert!(configured != index, "the page's widget element was not found");
    std::fs::write(site.join("index.html"), configured.replacen("<head>", &format!("<head>{probe}"), 1))
        .expect("index");
    let portal = std::fs::read_to_string(site.join("portal.html")).expect("portal");
    std::fs::write(site.join("portal.html"), portal.replacen("<head>", &format!("<head>{probe}"), 1)).expect("portal");
    // The pages were rewritten: their precompressed copies would be served instead, stale.
    // The wasm and the scripts keep theirs, so browsers get them gzipped as from production.
    for page in ["index.html.gz", "portal.html.gz"] {
        let _ = std::fs::remove_file(site.join(page));
    }
    std::fs::write(site.join("csp-probe.js"), CSP_PROBE).expect("probe");
    std::fs::write(site.join("host.html"), HOST_HTML).expect("host page");
    std::fs::write(site.join("host.js"), HOST_JS).expect("host script");
    std::fs::write(site.join("host.css"), ".far { margin-top: 4000px; }\n").expect("host style");
    std::fs::write(site.join("early.html"), EARLY_HTML).expect("early page");
    std::fs::write(site.join("early.js"), EARLY_JS).expect("early script");
    std::fs::write(site.join("early-token.js"), EARLY_TOKEN_JS).expect("early token script");
}
