//! Promises of the notification half: every change a subscriber should hear of is an event
//! written with it, what staff did is unread until the subscriber opens the ticket, and each
//! event is delivered to each endpoint through leases taken by one instance at a time.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Duration, Utc};
use helpdesk_core::StatusKind;
use helpdesk_server::store::{
    Actor, Created, MessageKind, Page, Store, UpstreamAnswer, UpstreamTicket, WebhookDelivery,
};
use serde_json::Value;

use super::{each_store, new_ticket, noon, policy, seed};

const ENDPOINTS: [&str; 2] = ["http://127.0.0.1:9/a", "http://127.0.0.1:9/b"];

fn endpoints() -> Vec<String> {
    ENDPOINTS.iter().map(|e| (*e).to_owned()).collect()
}

/// Every delivery due now, leased (each at most once).
async fn lease_all(store: &Store) -> Vec<WebhookDelivery> {
    let now = Utc::now();
    store.lease_webhooks(now, now + Duration::minutes(1), 100).await.expect("lease")
}

async fn unread_of(store: &Store, service_id: i64) -> (Vec<u64>, u64) {
    let page = Page { number: 1, size: 10 };
    let (tickets, total) =
        store.list_tickets(Some(service_id), None, true, page, policy(10, 0)).await.expect("list unread");
    assert!(tickets.iter().all(|t| t.unread), "the unread list holds unread tickets only");
    (tickets.iter().map(|t| t.id).collect(), total)
}

#[tokio::test]
async fn what_staff_does_is_an_event_and_unread_until_the_subscriber_opens_it() {
    for under in each_store(1).await {
        let (store, name) = (under.store(), under.name);
        seed(store, 1, 2).await;
        let Created::Ticket(t) =
            store.create_ticket(new_ticket(101, "sin señal"), policy(10, 0), None).await.expect("create")
        else {
            panic!("{name}: not created")
        };
        assert_eq!(unread_of(store, 101).await, (vec![], 0), "{name}: its own ticket is nothing new to the subscriber");
        store.add_message(t.id, MessageKind::Note, "Elena".into(), "interna".into(), noon()).await.expect("note");
        store.add_message(t.id, MessageKind::Subscriber, "Abonado".into(), "¿y?".into(), noon()).await.expect("reply");
        assert_eq!(unread_of(store, 101).await.1, 0, "{name}: a note and the subscriber's own reply are not news");
        store
            .add_message(t.id, MessageKind::Staff, "Elena".into(), "Vamos en camino".into(), noon())
            .await
            .expect("answer");
        store.set_status(t.id, StatusKind::InProgress, Actor::Staff).await.expect("status");
        store.set_status(t.id, StatusKind::InProgress, Actor::Staff).await.expect("same status");
        assert_eq!(unread_of(store, 101).await, (vec![t.id], 1), "{name}: staff answered and moved it");
        assert_eq!(unread_of(store, 102).await.1, 0, "{name}: another subscriber's list is untouched");
        store.mark_seen(t.id).await.expect("seen");
        assert_eq!(unread_of(store, 101).await.1, 0, "{name}: seen");
        store.set_status(t.id, StatusKind::Closed, Actor::Subscriber).await.expect("close");
        assert_eq!(unread_of(store, 101).await.1, 0, "{name}: the subscriber's own close is not news");

        // Created, answered, in progress, closed: four events, none for the note, the reply
        // or the status set to what it was; each to both endpoints.
        assert_eq!(store.fan_out(endpoints(), Utc::now()).await.expect("fan out"), 4, "{name}");
        assert_eq!(store.fan_out(endpoints(), Utc::now()).await.expect("again"), 0, "{name}: fanned out once");
        let leased = lease_all(store).await;
        assert_eq!(leased.len(), 8, "{name}: {leased:?}");
        assert!(lease_all(store).await.is_empty(), "{name}: a leased delivery is not leased again");
        let mut by_endpoint: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        let mut ids: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for d in &leased {
            let body: Value = serde_json::from_str(&d.body).expect("json body");
            assert_eq!(
                (body["id"].as_str(), body["type"].as_str()),
                (Some(d.event_id.as_str()), Some(d.kind.as_str()))
            );
            assert_eq!(body["data"]["ticket"]["id"], t.id, "{name}");
            assert_eq!(body["data"]["ticket"]["service_id"], 101, "{name}");
            if d.kind == "ticket.answered" {
                assert_eq!(body["data"]["answer"]["body"], "Vamos en camino", "{name}");
            }
            by_endpoint.entry(d.endpoint.as_str()).or_default().push(d.kind.as_str());
            ids.entry(d.endpoint.as_str()).or_default().insert(d.event_id.as_str());
        }
        for e in ENDPOINTS {
            let mut kinds = by_endpoint[e].clone();
            kinds.sort_unstable();
            assert_eq!(
                kinds,
                ["ticket.answered", "ticket.created", "ticket.status_changed", "ticket.status_changed"],
                "{name}: {e}"
            );
        }
        assert_eq!(ids[ENDPOINTS[0]], ids[ENDPOINTS[1]], "{name}: one event, one id, at every endpoint");
        assert_eq!(ids[ENDPOINTS[0]].len(), 4, "{name}");

        // Acknowledged deliveries end; a failed one comes back when due, counted.
        let (failed, done) = leased.split_first().expect("one");
        for d in done {
            store.webhook_delivered(d.seq, d.endpoint.clone()).await.expect("delivered");
        }
        let retry = Utc::now() + Duration::seconds(2);
        store.webhook_failed(failed.seq, failed.endpoint.clone(), "answered 503".into(), retry).await.expect("failed");
        assert_eq!(store.webhooks_waiting().await.expect("waiting"), 1, "{name}");
        let later = retry + Duration::seconds(1);
        let again = store.lease_webhooks(later, later + Duration::minutes(1), 10).await.expect("lease");
        assert_eq!(again.len(), 1, "{name}");
        assert_eq!((again[0].event_id.as_str(), again[0].attempts), (failed.event_id.as_str(), 1), "{name}");
    }
}

fn upstream(status: u8, answers: Vec<UpstreamAnswer>) -> UpstreamTicket {
    UpstreamTicket {
        upstream_id: 70,
        number: None,
        service_id: 101,
        technician_id: None,
        subject: "Internet Lento".into(),
        description: "abierto en el back office".into(),
        status,
        priority: 2,
        created_at: Some(noon()),
        end_date: None,
        answers: Some(answers),
    }
}

fn answer(id: i64, body: &str) -> UpstreamAnswer {
    UpstreamAnswer {
        upstream_id: id,
        author: "Elena".into(),
        body: body.into(),
        at: noon(),
        by_staff: true,
        opening: false,
    }
}

#[tokio::test]
async fn the_mirror_tells_what_changed_on_known_tickets_not_the_history_of_new_ones() {
    for under in each_store(1).await {
        let (store, name) = (under.store(), under.name);
        seed(store, 1, 1).await;
        let now = Utc::now();
        // First seen with two old answers: its history, not news.
        store
            .mirror(vec![upstream(1, vec![answer(1, "viejo"), answer(2, "más viejo")])], true, now, noon())
            .await
            .expect("mirror");
        assert_eq!(store.fan_out(endpoints(), now).await.expect("fan out"), 0, "{name}: nothing to tell");
        assert_eq!(unread_of(store, 101).await.1, 0, "{name}");
        // Then a new answer and a status change in the back office: both told, unread.
        let again = upstream(2, vec![answer(1, "viejo"), answer(2, "más viejo"), answer(3, "Revisamos la antena")]);
        store.mirror(vec![again.clone()], true, now, noon()).await.expect("mirror");
        store.mirror(vec![again], true, now, noon()).await.expect("the same picture again");
        assert_eq!(store.fan_out(vec![ENDPOINTS[0].to_owned()], now).await.expect("fan out"), 2, "{name}");
        let kinds: BTreeSet<String> = lease_all(store).await.into_iter().map(|d| d.kind).collect();
        assert_eq!(kinds, BTreeSet::from(["ticket.answered".to_owned(), "ticket.status_changed".to_owned()]), "{name}");
        assert_eq!(unread_of(store, 101).await.1, 1, "{name}");
        // Gone from two complete lists running: closed, and told.
        store.mirror(vec![], true, now, noon()).await.expect("mirror");
        store.mirror(vec![], true, now, noon()).await.expect("mirror");
        assert_eq!(store.fan_out(vec![ENDPOINTS[0].to_owned()], now).await.expect("fan out"), 1, "{name}: closed");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_instance_fans_out_and_leases_each_delivery_once() {
    for under in each_store(3).await {
        let name = under.name;
        seed(under.store(), 1, 30).await;
        for s in 1..=30 {
            under.store().create_ticket(new_ticket(100 + s, "x"), policy(100, 0), None).await.expect("create");
        }
        let mut passes = tokio::task::JoinSet::new();
        for store in under.instances.clone() {
            passes.spawn(async move {
                let fanned = store.fan_out(endpoints(), Utc::now()).await.expect("fan out");
                let mut leased = Vec::new();
                loop {
                    let now = Utc::now();
                    let batch = store.lease_webhooks(now, now + Duration::minutes(1), 3).await.expect("lease");
                    if batch.is_empty() {
                        break (fanned, leased);
                    }
                    leased.extend(batch.into_iter().map(|d| (d.event_id, d.endpoint)));
                }
            });
        }
        let (mut fanned, mut leased) = (0, Vec::new());
        while let Some(pass) = passes.join_next().await {
            let (f, l) = pass.expect("task");
            fanned += f;
            leased.extend(l);
        }
        assert_eq!(fanned, 30, "{name}: each event fanned out by one instance");
        let unique: BTreeSet<_> = leased.iter().cloned().collect();
        assert_eq!((leased.len(), unique.len()), (60, 60), "{name}: every delivery leased once, by one instance");
    }
}
