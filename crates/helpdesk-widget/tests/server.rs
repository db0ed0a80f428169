//! The whole widget in a real browser against a real helpdesk-server (demo data), which
//! `cargo xtask test` starts on 127.0.0.1:18787 before these suites. Read-only journeys, so
//! the Chromium and Firefox runs see the same data.
#![cfg(target_arch = "wasm32")]

use helpdesk_widget::api::Dialect;
use helpdesk_widget::app::App;
use helpdesk_widget::config::WidgetConfig;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

mod common;

use common::{container, texts};

const SERVER: &str = "http://127.0.0.1:18787";

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .expect("window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .expect("timeout");
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.expect("sleep");
}

/// Wait (up to 10 s) until `selector` matches `n` elements; their texts.
async fn wait_for(root: &web_sys::HtmlElement, selector: &str, n: usize) -> Vec<String> {
    for _ in 0..200 {
        leptos::task::tick().await;
        let found = texts(root, selector);
        if found.len() >= n {
            return found;
        }
        sleep(50).await;
    }
    panic!("no {n} × {selector}; the page holds {:?}", root.text_content());
}

fn mount(token: &str, dialect: Dialect) -> (web_sys::HtmlElement, impl Drop) {
    let root = container();
    let config = WidgetConfig {
        api_base: SERVER.into(),
        token: token.into(),
        dialect,
        locale: "es".into(),
        ..WidgetConfig::default()
    };
    let handle = leptos::mount::mount_to(root.clone(), move || view! { <App config=config /> });
    (root, handle)
}

fn click(root: &web_sys::HtmlElement, selector: &str) {
    let el: web_sys::HtmlElement = root.query_selector(selector).expect("selector").expect("element").unchecked_into();
    el.click();
}

#[wasm_bindgen_test]
async fn the_list_loads_from_the_server_and_a_ticket_opens_with_its_thread() {
    let (root, _handle) = mount("demo-subscriber-token", Dialect::Envelope);
    assert!(texts(&root, ".hd-loading").len() == 1, "a loading state first");
    let subjects = wait_for(&root, ".hd-ticket__subject", 4).await;
    assert_eq!(subjects[0], "Internet Lento");
    click(&root, ".hd-list li:nth-child(2) .hd-ticket");
    let messages = wait_for(&root, ".hd-message__text", 2).await;
    assert!(messages[1].contains("Un técnico visitará"), "{messages:?}");
}

#[wasm_bindgen_test]
async fn a_refused_token_shows_a_message_and_a_retry_never_a_blank_widget() {
    let (root, _handle) = mount("not-a-token", Dialect::Envelope);
    let alert = wait_for(&root, "[role=alert] p", 1).await;
    assert!(alert[0].contains("sesión no es válida"), "{alert:?}");
    assert!(root.query_selector("[role=alert] button").expect("selector").is_some(), "a retry");
}

#[wasm_bindgen_test]
async fn the_form_loads_the_servers_policy_and_zone() {
    let (root, _handle) = mount("demo-subscriber-token", Dialect::Envelope);
    wait_for(&root, ".hd-tab--primary", 1).await;
    click(&root, ".hd-tab--primary");
    assert_eq!(wait_for(&root, "optgroup", 4).await.len(), 4);
    assert!(texts(&root, ".hd-estimate").join("").contains("Resolución estimada"));
}

#[wasm_bindgen_test]
async fn the_crm_adapter_lists_and_filters_from_the_servers_crm_endpoint() {
    let (root, _handle) = mount("demo-subscriber-token", Dialect::Crm);
    assert_eq!(wait_for(&root, ".hd-ticket__subject", 4).await.len(), 4);
    assert_eq!(texts(&root, ".hd-nav .hd-tab"), ["Mis tickets"]);
    click(&root, ".hd-filter__option:nth-child(3)");
    assert_eq!(wait_for(&root, ".hd-empty", 1).await, ["No tiene tickets en este estado."]);
}

#[wasm_bindgen_test]
async fn the_whmcs_adapter_looks_a_ticket_up_on_the_servers_keliweb_endpoint() {
    let (root, _handle) = mount("demo-subscriber-token", Dialect::Whmcs);
    let input: web_sys::HtmlInputElement =
        root.query_selector("#hd-lookup").expect("s").expect("input").unchecked_into();
    input.set_value("3");
    input.dispatch_event(&web_sys::Event::new("input").expect("event")).expect("dispatch");
    let form: web_sys::HtmlFormElement = root.query_selector("form").expect("s").expect("form").unchecked_into();
    form.request_submit().expect("submit");
    assert_eq!(wait_for(&root, ".hd-detail__subject", 1).await, ["No Responde la Antena"]);
}

#[wasm_bindgen_test]
async fn server_field_errors_show_next_to_their_fields_and_keep_the_text() {
    use helpdesk_core::PriorityLevel;
    use helpdesk_core::catalog::{Catalog, Subject};
    use helpdesk_core::policy::Policy;
    use helpdesk_widget::api::ApiClient;
    use helpdesk_widget::components::NewTicketForm;
    use helpdesk_widget::context::ApiCtx;
    // A catalog the server does not share: its subject is refused by the server, not here.
    let catalog = Catalog::new(vec![Subject::new("Falla Masiva", PriorityLevel::High)]).expect("catalog");
    let policy = Policy { catalog, ..Policy::default() };
    let root = container();
    let config = WidgetConfig {
        api_base: SERVER.into(),
        token: "demo-subscriber-token".into(),
        locale: "es".into(),
        ..WidgetConfig::default()
    };
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(ApiCtx(ApiClient::new(&config)));
        view! { <NewTicketForm policy=policy zone=None on_created=Callback::new(|_| ()) /> }
    });
    leptos::task::tick().await;
    let select: web_sys::HtmlSelectElement =
        root.query_selector("#hd-subject").expect("s").expect("select").unchecked_into();
    select.set_value("Falla Masiva");
    select.dispatch_event(&web_sys::Event::new("change").expect("event")).expect("dispatch");
    let text: web_sys::HtmlTextAreaElement =
        root.query_selector("#hd-description").expect("s").expect("textarea").unchecked_into();
    text.set_value("Toda la zona sin servicio");
    text.dispatch_event(&web_sys::Event::new("input").expect("event")).expect("dispatch");
    let form: web_sys::HtmlFormElement = root.query_selector("form").expect("s").expect("form").unchecked_into();
    form.request_submit().expect("submit");
    for _ in 0..200 {
        if texts(&root, "#hd-subject-error").join("").contains("Falla Masiva") {
            break;
        }
        sleep(50).await;
    }
    let error = texts(&root, "#hd-subject-error").join("");
    assert!(error.contains("Falla Masiva"), "the server's reason next to the subject: {error:?}");
    assert_eq!(text.value(), "Toda la zona sin servicio", "nothing typed is lost");
}

/// A token the browser refuses to put in a header (a line break) is an answer, not an
/// exception through the wasm: the request says so, and the next ones still work.
#[wasm_bindgen_test]
async fn a_token_the_browser_cannot_send_is_refused_and_the_widget_lives_on() {
    use helpdesk_widget::api::{ApiClient, LoadError};
    let client = |token: &str| {
        ApiClient::new(&WidgetConfig { api_base: SERVER.into(), token: token.into(), ..WidgetConfig::default() })
    };
    let broken = client("línea\nrota");
    assert_eq!(broken.list(None).await.err(), Some(LoadError::Unauthorized));
    assert_eq!(broken.list(None).await.err(), Some(LoadError::Unauthorized), "again, the same answer");
    assert_eq!(client("demo-subscriber-token").list(None).await.map(|t| t.len()), Ok(4));
}
