//! The WispHub client against answers the simulator does not give: ids as strings, a list
//! that changes while it is read (an item repeated or skipped), and base URLs that would put
//! the key at risk. Served by a stub on loopback that answers fixed pages.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::extract::{Query, State};
use helpdesk_server::upstream::UpstreamError;
use helpdesk_server::upstream::wisphub::WispHub;
use serde_json::{Value, json};

/// A stub WispHub whose ticket list is `pages` (by `offset / 300`), each read counted.
async fn stub(pages: Vec<Value>) -> (String, Arc<AtomicUsize>) {
    let reads = Arc::new(AtomicUsize::new(0));
    let state = (Arc::new(pages), reads.clone());
    let router = axum::Router::new()
        .route(
            "/api/tickets/",
            axum::routing::get(
                |State((pages, reads)): State<(Arc<Vec<Value>>, Arc<AtomicUsize>)>,
                 Query(q): Query<std::collections::HashMap<String, usize>>| async move {
                    reads.fetch_add(1, Ordering::SeqCst);
                    let page = q.get("offset").copied().unwrap_or(0) / 300;
                    axum::Json(pages.get(page).cloned().unwrap_or(Value::Null))
                },
            ),
        )
        .with_state(state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, router).await });
    (base, reads)
}

fn page(results: Value, count: u64, next: Option<&str>) -> Value {
    json!({ "count": count, "next": next, "previous": null, "results": results })
}

fn client(base: &str) -> WispHub {
    WispHub::new(base, "stub-key-0123456789", Duration::from_secs(2)).expect("client")
}

#[tokio::test]
async fn a_ticket_whose_id_is_a_string_is_found_by_its_reference() {
    let list = json!([{ "id_ticket": "41", "descripcion": "Lento\n\n[helpdesk 0a1b]" }]);
    let (base, _) = stub(vec![page(list, 1, None)]).await;
    assert_eq!(client(&base).find_by_reference("[helpdesk 0a1b]").await, Ok(Some(41)));
    let unreadable = json!([{ "id_ticket": null, "descripcion": "Lento\n\n[helpdesk 0a1b]" }]);
    let (base, _) = stub(vec![page(unreadable, 1, None)]).await;
    let found = client(&base).find_by_reference("[helpdesk 0a1b]").await;
    assert!(matches!(&found, Err(e) if e.outcome_unknown()), "found but unreadable is not absent: {found:?}");
}

#[tokio::test]
async fn an_item_repeated_by_a_shifted_page_is_kept_once() {
    let next = "http://api.wisphub.net/api/tickets/?limit=300&offset=300";
    let first = page(json!([{ "id_ticket": 1 }, { "id_ticket": 2 }]), 3, Some(next));
    let second = page(json!([{ "id_ticket": "2" }, { "id_ticket": 3 }]), 3, None);
    let (base, _) = stub(vec![first, second]).await;
    let ids: Vec<Value> =
        client(&base).all("/tickets/").await.expect("a list").into_iter().map(|t| t["id_ticket"].clone()).collect();
    assert_eq!(ids, [json!(1), json!(2), json!(3)]);
}

#[tokio::test]
async fn a_list_that_skipped_an_item_is_read_again_then_refused() {
    // WispHub counts 3; the pages give 2 (one was skipped as the list moved under them).
    let next = "http://api.wisphub.net/api/tickets/?limit=300&offset=300";
    let first = page(json!([{ "id_ticket": 1 }]), 3, Some(next));
    let second = page(json!([{ "id_ticket": 3 }]), 3, None);
    let (base, reads) = stub(vec![first, second]).await;
    let read = client(&base).all("/tickets/").await;
    assert!(matches!(&read, Err(UpstreamError::Malformed(m)) if m.contains("changed while it was read")), "{read:?}");
    assert_eq!(reads.load(Ordering::SeqCst), 4, "read twice, two pages each");
    // And so a lookup by reference in it is of unknown outcome: no second send.
    assert!(client(&base).find_by_reference("[helpdesk x]").await.is_err_and(|e| e.outcome_unknown()));
}

#[test]
fn a_base_url_that_would_expose_the_key_is_refused() {
    let make = |url: &str| WispHub::new(url, "k", Duration::from_secs(1)).map(drop);
    assert!(make("http://api.wisphub.net/api/").is_err_and(|e| e.contains("https")), "clear text to another host");
    assert!(make("https://user:pass@api.wisphub.net/api/").is_err_and(|e| e.contains("user or password")));
    assert!(make("https://api.wisphub.net/api/").is_ok());
    assert!(make("http://127.0.0.1:8790/api/").is_ok() && make("http://localhost:8790").is_ok());
    assert!(make("http://[::1]:8790/api/").is_ok());
}
