//! Component tests in a real browser: mount, interact, assert on the DOM.
#![cfg(target_arch = "wasm32")]

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use helpdesk_core::envelope::ZoneStatus;
use helpdesk_core::policy::Policy;
use helpdesk_core::{Author, BackOffice, Message, Priority, PriorityLevel, Status, StatusGroup, Thread, Ticket};
use helpdesk_widget::api::{ApiClient, LoadError};
use helpdesk_widget::components::{LoadErrorView, NewTicketForm, StatusFilter, TicketDetail, TicketList};
use helpdesk_widget::config::WidgetConfig;
use helpdesk_widget::context::{ApiCtx, LocaleCtx};
use helpdesk_widget::format::Locale;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

mod common;

use common::{container, texts};

fn ticket(id: u64, subject: &str, status: &str, answer: Option<&str>) -> Ticket {
    Ticket {
        id,
        subject: subject.into(),
        status: Status::from_label(status),
        priority: Priority::of(PriorityLevel::High),
        created_at: "2026-02-26T10:00:00".parse().expect("date"),
        end_date: Some("2026-03-03T10:00:00".parse().expect("date")),
        answer: answer.map(str::to_owned),
        back_office: None,
        unread: false,
    }
}

#[wasm_bindgen_test]
async fn ticket_list_shows_each_ticket_and_opens_the_clicked_one() {
    let root = container();
    let opened = Arc::new(AtomicU64::new(0));
    let seen = opened.clone();
    let answered = Ticket { unread: true, ..ticket(7, "Internet Lento", "Abierto", None) };
    let tickets = vec![answered, ticket(3, "Antena Dañada", "Cerrado", None)];
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        view! { <TicketList tickets=tickets.clone() on_open=Callback::new(move |id| seen.store(id, Ordering::SeqCst)) /> }
    });
    leptos::task::tick().await;
    assert_eq!(texts(&root, ".hd-ticket__subject"), ["Internet Lento", "Antena Dañada"]);
    assert_eq!(texts(&root, ".hd-badge"), ["Abierto", "Cerrado"]);
    assert_eq!(texts(&root, "[data-ticket-id='7'] .hd-ticket__new"), ["Novedad"], "staff acted since it was opened");
    assert!(texts(&root, "[data-ticket-id='3'] .hd-ticket__new").is_empty());
    assert!(texts(&root, ".hd-ticket__meta").join("|").contains("Prioridad Alta"), "priority on each item");
    assert!(root.query_selector(".hd-badge--closed").expect("selector").is_some());
    let second: web_sys::HtmlElement =
        root.query_selector("[data-ticket-id='3']").expect("selector").expect("ticket 3").unchecked_into();
    second.click();
    leptos::task::tick().await;
    assert_eq!(opened.load(Ordering::SeqCst), 3);
}

#[wasm_bindgen_test]
async fn empty_list_shows_the_empty_state() {
    let root = container();
    let _handle = leptos::mount::mount_to(root.clone(), || {
        view! { <TicketList tickets=vec![] on_open=Callback::new(|_| ()) /> }
    });
    leptos::task::tick().await;
    assert_eq!(texts(&root, ".hd-empty"), ["Aún no tiene tickets de soporte."]);
    assert!(root.query_selector("li").expect("selector").is_none());
    let filtered = container();
    let _handle2 = leptos::mount::mount_to(filtered.clone(), || {
        view! { <TicketList tickets=vec![] on_open=Callback::new(|_| ()) filtered=true /> }
    });
    leptos::task::tick().await;
    assert_eq!(texts(&filtered, ".hd-empty"), ["No tiene tickets en este estado."]);
}

/// The same ticket read in English and in Italian: words, labels and date order follow the
/// locale; the back end's own status label stays available.
#[wasm_bindgen_test]
async fn english_and_italian_translate_labels_and_format_dates_per_locale() {
    for (tag, badge, opened, date) in [
        ("en-US", "In progress", "Opened", "02/26/2026, 10:00"),
        ("it-IT", "In lavorazione", "Aperto il", "26/02/2026, 10:00"),
    ] {
        let root = container();
        let tickets = vec![ticket(7, "Internet Lento", "En Progreso", None)];
        let _handle = leptos::mount::mount_to(root.clone(), move || {
            provide_context(LocaleCtx(Locale::new(tag)));
            view! { <TicketList tickets=tickets on_open=Callback::new(|_| ()) /> }
        });
        leptos::task::tick().await;
        assert_eq!(texts(&root, ".hd-badge"), [badge], "{tag}");
        let meta = texts(&root, ".hd-ticket__meta").join("|");
        assert!(meta.contains(&format!("{opened} {date}")), "{tag}: {meta}");
        let own = root.query_selector(".hd-badge").expect("selector").and_then(|b| b.get_attribute("title"));
        assert_eq!(own.as_deref(), Some("En Progreso"), "{tag}: the back end's label stays available");
    }
}

fn thread(t: Ticket, messages: Vec<Message>) -> Thread {
    Thread { ticket: t, number: None, messages }
}

fn message(author: Author, text: &str) -> Message {
    Message { id: 0, author, name: "Ana".into(), date: "2026-02-26T11:00:00".parse().expect("date"), text: text.into() }
}

#[wasm_bindgen_test]
async fn detail_shows_dates_and_answer_as_text_never_html() {
    let root = container();
    let t = ticket(50, "No Tiene Internet", "En Progreso", Some("<img src=x onerror=alert(1)>Visita mañana"));
    let now = "2026-02-27T09:00:00".parse().expect("date");
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        view! { <TicketDetail thread=thread(t, vec![]) now=now on_back=Callback::new(|()| ()) /> }
    });
    leptos::task::tick().await;
    assert_eq!(texts(&root, ".hd-detail__subject"), ["No Tiene Internet"]);
    let facts = texts(&root, ".hd-facts dd").join("|");
    assert!(facts.contains("26/02/2026, 10:00"), "Spanish day/month order: {facts}");
    assert!(facts.contains("03/03/2026, 10:00"), "{facts}");
    let times = root.query_selector_all(".hd-facts time").expect("selector");
    let machine: Vec<String> = (0..times.length())
        .filter_map(|i| times.item(i))
        .filter_map(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(n).ok())
        .filter_map(|e| e.get_attribute("datetime"))
        .collect();
    assert_eq!(machine, ["2026-02-26T10:00", "2026-03-03T10:00"], "machine-readable dates");
    assert!(!facts.contains("vencida"), "not overdue yet: {facts}");
    assert!(facts.contains("Alta"), "priority 3 reads as its name: {facts}");
    assert_eq!(texts(&root, ".hd-answer__text"), ["<img src=x onerror=alert(1)>Visita mañana"]);
    assert!(root.query_selector("img").expect("selector").is_none(), "server text rendered as HTML");
}

#[wasm_bindgen_test]
async fn detail_says_a_ticket_is_on_its_way_then_shows_the_back_offices_number() {
    let now = "2026-02-27T09:00:00".parse().expect("date");
    let mut shown = Vec::new();
    for state in [None, Some(BackOffice::Pending), Some(BackOffice::Filed(812))] {
        let root = container();
        let mut t = ticket(52, "Internet Lento", "Abierto", None);
        t.back_office = state;
        let _handle = leptos::mount::mount_to(root.clone(), move || {
            view! { <TicketDetail thread=thread(t, vec![]) now=now on_back=Callback::new(|()| ()) /> }
        });
        leptos::task::tick().await;
        shown.push(texts(&root, ".hd-back-office"));
    }
    assert_eq!(shown, [vec![], vec!["En camino al equipo de soporte".to_owned()], vec!["#812".to_owned()]]);
}

#[wasm_bindgen_test]
async fn thread_tells_subscriber_and_staff_apart_in_order_and_marks_an_overdue_estimate() {
    let root = container();
    let t = ticket(51, "Internet Lento", "Abierto", Some("Revisamos su nodo"));
    let messages = vec![message(Author::Subscriber, "Va lento"), message(Author::Staff, "Revisamos su nodo")];
    let now = "2026-03-04T09:00:00".parse().expect("date");
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        view! { <TicketDetail thread=thread(t, messages) now=now on_back=Callback::new(|()| ()) /> }
    });
    leptos::task::tick().await;
    assert_eq!(texts(&root, ".hd-message__text"), ["Va lento", "Revisamos su nodo"]);
    assert!(root.query_selector(".hd-message--subscriber").expect("selector").is_some());
    assert!(root.query_selector(".hd-message--staff").expect("selector").is_some());
    assert!(texts(&root, ".hd-overdue").join("").contains("vencida"));
}

#[wasm_bindgen_test]
async fn status_filter_marks_and_sets_the_chosen_group() {
    let root = container();
    let selected = RwSignal::new(None::<StatusGroup>);
    let _handle = leptos::mount::mount_to(root.clone(), move || view! { <StatusFilter selected=selected /> });
    leptos::task::tick().await;
    assert_eq!(texts(&root, "button"), ["Todos", "Abierto", "En progreso", "Cerrado"]);
    let closed: web_sys::HtmlElement =
        root.query_selector_all("button").expect("buttons").item(3).expect("closed").unchecked_into();
    closed.click();
    leptos::task::tick().await;
    assert_eq!(selected.get_untracked(), Some(StatusGroup::Closed));
    assert_eq!(closed.get_attribute("aria-pressed").as_deref(), Some("true"));
}

fn api_ctx() -> ApiCtx {
    ApiCtx(ApiClient::new(&WidgetConfig::default()))
}

#[wasm_bindgen_test]
async fn new_ticket_form_offers_the_catalog_by_priority_searchable_with_a_live_estimate() {
    let root = container();
    let _handle = leptos::mount::mount_to(root.clone(), || {
        provide_context(api_ctx());
        view! { <NewTicketForm policy=Policy::default() zone=Some(ZoneStatus { is_blocked: false, max_tickets: 3, outage: false }) on_created=Callback::new(|_| ()) /> }
    });
    leptos::task::tick().await;
    let groups = root.query_selector_all("optgroup").expect("groups");
    assert_eq!(groups.length(), 4);
    assert_eq!(root.query_selector_all("option").expect("options").length(), 32, "31 subjects and the empty choice");
    assert!(texts(&root, ".hd-estimate").join("").contains("Resolución estimada"));
    let search: web_sys::HtmlInputElement =
        root.query_selector("#hd-subject-search").expect("s").expect("search").unchecked_into();
    search.set_value("danad");
    search.dispatch_event(&web_sys::Event::new("input").expect("event")).expect("dispatch");
    leptos::task::tick().await;
    let shown = texts(&root, "option");
    assert!(shown.iter().skip(1).all(|s| s.contains("Dañad")), "{shown:?}");
    assert!(shown.len() > 5, "{shown:?}");
    // Submitting empty explains both fields and sends nothing.
    let form: web_sys::HtmlFormElement = root.query_selector("form").expect("f").expect("form").unchecked_into();
    form.request_submit().expect("submit");
    leptos::task::tick().await;
    assert_eq!(texts(&root, "#hd-subject-error"), ["Elija un asunto de la lista."]);
    assert_eq!(texts(&root, "#hd-description-error"), ["Describa el problema."]);
}

#[wasm_bindgen_test]
async fn the_subject_is_chosen_in_the_subscribers_words_searched_in_the_cores_order() {
    for (tag, typed, first_label) in
        [("es", "no tengo internet", "No tengo internet"), ("en", "slow at night", "My internet is slow")]
    {
        let root = container();
        let policy =
            Policy { catalog: helpdesk_core::catalog::Catalog::default().with_builtin_wording(), ..Policy::default() };
        let expected: Vec<String> = policy.catalog.search(typed, tag).iter().map(|s| s.name.clone()).collect();
        let _handle = leptos::mount::mount_to(root.clone(), move || {
            provide_context(api_ctx());
            provide_context(LocaleCtx(Locale::new(tag)));
            view! { <NewTicketForm policy=policy zone=None on_created=Callback::new(|_| ()) /> }
        });
        leptos::task::tick().await;
        let poe = root.query_selector("option[value='PoE Dañado']").expect("q").expect("PoE offered");
        assert_ne!(poe.text_content().unwrap_or_default(), "PoE Dañado", "{tag}: worded, not the back office's name");
        let search: web_sys::HtmlInputElement =
            root.query_selector("#hd-subject-search").expect("s").expect("search").unchecked_into();
        search.set_value(typed);
        search.dispatch_event(&web_sys::Event::new("input").expect("event")).expect("dispatch");
        leptos::task::tick().await;
        let options = root.query_selector_all("#hd-subject option").expect("options");
        let values: Vec<String> = (1..options.length())
            .filter_map(|i| options.item(i))
            .filter_map(|o| o.unchecked_into::<web_sys::Element>().get_attribute("value"))
            .collect();
        assert_eq!(values, expected, "{tag} {typed:?}: the core's ranking, the catalog's names as values");
        assert_eq!(texts(&root, "#hd-subject option").get(1).map(String::as_str), Some(first_label));
        // Chosen: its help text shows, and describes the field.
        let select: web_sys::HtmlSelectElement =
            root.query_selector("#hd-subject").expect("s").expect("select").unchecked_into();
        select.set_value(&expected[0]);
        select.dispatch_event(&web_sys::Event::new("change").expect("event")).expect("dispatch");
        leptos::task::tick().await;
        let help = texts(&root, "#hd-subject-help").join("");
        assert!(!help.is_empty(), "{tag}: the chosen subject's help");
        assert!(select.get_attribute("aria-describedby").unwrap_or_default().contains("hd-subject-help"));
    }
}

#[wasm_bindgen_test]
async fn a_zone_at_its_limit_says_so_and_disables_the_submit() {
    let root = container();
    let _handle = leptos::mount::mount_to(root.clone(), || {
        provide_context(api_ctx());
        view! { <NewTicketForm policy=Policy::default() zone=Some(ZoneStatus { is_blocked: true, max_tickets: 3, outage: false }) on_created=Callback::new(|_| ()) /> }
    });
    leptos::task::tick().await;
    assert!(texts(&root, ".hd-zone-full").join("").contains("máximo de 3 tickets activos"));
    let submit = root.query_selector("button[type=submit]").expect("s").expect("submit");
    assert!(submit.has_attribute("disabled"));
}

#[wasm_bindgen_test]
async fn the_description_stops_at_the_limit_the_server_enforces() {
    let root = container();
    let policy = Policy { max_text_chars: 42, ..Policy::default() };
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(api_ctx());
        view! { <NewTicketForm policy=policy zone=None on_created=Callback::new(|_| ()) /> }
    });
    leptos::task::tick().await;
    let field = root.query_selector("#hd-description").expect("d").expect("description");
    assert_eq!(field.get_attribute("maxlength").as_deref(), Some("42"));
}

#[wasm_bindgen_test]
async fn load_error_explains_and_retries() {
    let root = container();
    let retried = Arc::new(AtomicBool::new(false));
    let flag = retried.clone();
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <LoadErrorView error=LoadError::Network("down".into()) on_retry=Callback::new(move |()| flag.store(true, Ordering::SeqCst)) />
        }
    });
    leptos::task::tick().await;
    let alert = texts(&root, "[role=alert] p").join("");
    assert!(alert.contains("No pudimos conectar"), "{alert}");
    let button: web_sys::HtmlElement =
        root.query_selector("button").expect("selector").expect("button").unchecked_into();
    button.click();
    assert!(retried.load(Ordering::SeqCst));
}

/// In the browser the core folds search keys with the JavaScript host (no Unicode tables in
/// the wasm); the results must be those the server computes natively.
#[wasm_bindgen_test]
fn subject_search_ignores_case_accents_and_punctuation_as_natively() {
    use helpdesk_core::catalog::Catalog;
    assert!(Catalog::matches_search("Cambio A Fibra Óptica", "  FIBRA   optica"));
    assert!(Catalog::matches_search("Antena Dañada", "danad"));
    assert!(Catalog::matches_search("Router Wifi Reseteado (Valores de Fabrica)", "reseteado valores"));
    assert!(Catalog::matches_search("Ñandú, Nº 2", "nandu nº 2"));
    assert!(Catalog::matches_search("ΟΔΟΣ ΣΑ", "οδος σα"));
    assert!(Catalog::matches_search("Internet Lento", "?!"), "a query of punctuation only is empty");
    assert!(!Catalog::matches_search("Internet Lento", "antena"));
    assert!(!Catalog::matches_search("ΟΔΟΣ", "οδοσ"), "a final sigma stays final, as natively");
    assert_eq!(Catalog::default().closest("router reseteado", 1), ["Router Wifi Reseteado (Valores de Fabrica)"]);
}

/// In the browser the core reads bodies with the host's `JSON.parse`; what it reads must be
/// what the server reads natively with serde_json (tests/it/envelope.rs holds the same).
#[wasm_bindgen_test]
fn bodies_read_through_the_browsers_json_parse_as_natively() {
    use helpdesk_core::ParseError;
    use helpdesk_core::envelope::parse_ticket_response;
    let body = |id: &str, subject: &str| {
        format!(
            r#"{{"ok": true, "type": "success", "action": "ticket_found", "data": {{"ticket_id": {id},
            "subject": "{subject}", "created_at": "2026-02-26 10:00", "status_ticket": "Abierto", "priority": 3,
            "answer_text": null, "extra": {{"nested": [1, 2.5, -3, true, null, {{}}]}}}}, "message": null, "meta": null}}"#
        )
    };
    let found = |b: &str| match parse_ticket_response(b) {
        Ok(helpdesk_core::TicketLookup::Found(t)) => t,
        other => panic!("expected a ticket, got {other:?}"),
    };
    let t = found(&body("50", "Antena Da\\u00f1ada \u{1F4E1}"));
    assert_eq!(
        (t.id, t.subject.as_str(), t.priority.level),
        (50, "Antena Dañada \u{1F4E1}", Some(PriorityLevel::High))
    );
    assert_eq!(found(&body("\"50\"", "x")).id, 50, "ids as text");
    let subject = |json: &str| found(&body("50", "x").replace("\"x\"", json)).subject;
    assert_eq!(
        [subject("12"), subject("-3"), subject("2.5"), subject("0.1"), subject("1e-7")],
        ["12", "-3", "2.5", "0.1", "1e-7"],
        "numbers where text belongs read as their text, as natively"
    );
    assert!(matches!(
        parse_ticket_response(&body("-5", "x")),
        Err(ParseError::InvalidField { field: "ticket_id", .. })
    ));
    assert!(
        matches!(parse_ticket_response(&body("9007199254740993", "x")), Err(ParseError::InvalidField { .. })),
        "an id a double cannot hold is refused, never rounded"
    );
    let nested = format!("{}{}", "[".repeat(200), "]".repeat(200));
    for hostile in ["", "<html><body>502 Bad Gateway</body></html>", "{\"action\":", "null", "[]", "{}", &nested] {
        assert!(parse_ticket_response(hostile).is_err(), "{hostile:.40}");
    }
    assert!(matches!(parse_ticket_response("<html>"), Err(ParseError::NotJson(_))));
    assert!(matches!(parse_ticket_response(&nested), Err(ParseError::NotJson(_))), "nested past serde_json's limit");
}

/// In the browser a `Retry-After` date is read by `Date.parse`; the waits must be those the
/// native build computes with chrono (the same cases as `api::retry::tests`).
#[wasm_bindgen_test]
fn retry_after_dates_read_by_the_browser_as_natively() {
    use helpdesk_widget::api::retry_after_ms;
    let now = chrono::DateTime::from_timestamp(1_795_341_600, 0).expect("2026-11-22T10:00:00Z");
    assert_eq!(retry_after_ms("3", now), Some(3_000));
    assert_eq!(retry_after_ms("Sun, 22 Nov 2026 10:00:05 GMT", now), Some(5_000));
    assert_eq!(retry_after_ms(" Sun, 22 Nov 2026 10:01:00 GMT ", now), Some(60_000));
    assert_eq!(retry_after_ms("Sun, 22 Nov 2026 09:00:00 GMT", now), Some(0), "a past date: now");
    assert_eq!(retry_after_ms("soon", now), None);
}

/// Idempotency keys come from `crypto.getRandomValues`, which every page has, secure or not.
#[wasm_bindgen_test]
fn idempotency_keys_are_fresh_version_4_uuids() {
    let (a, b) = (helpdesk_widget::clock::new_key(), helpdesk_widget::clock::new_key());
    assert_ne!(a, b);
    for key in [a, b] {
        let groups: Vec<&str> = key.split('-').collect();
        assert_eq!(groups.iter().map(|g| g.len()).collect::<Vec<_>>(), [8, 4, 4, 4, 12], "{key}");
        assert!(key.bytes().all(|c| c == b'-' || c.is_ascii_digit() || (b'a'..=b'f').contains(&c)), "{key}");
        assert!(groups[2].starts_with('4') && groups[3].starts_with(['8', '9', 'a', 'b']), "{key}");
    }
}
