//! Promises of one store: the directory written all or nothing, a thread paged newest page
//! first with notes apart, lists by status group, a reply written with its delivery, and the
//! mirror (linked by reference, answers stored once, closed only after two complete lists
//! without it).

use chrono::{Duration, Utc};
use helpdesk_core::{Author, StatusGroup, StatusKind};
use helpdesk_server::store::{
    Actor, Created, Directory, MessageKind, Page, Saved, ServiceRecord, UpstreamAnswer, UpstreamTicket, Zone,
};

use super::{each_store, new_ticket, noon, policy, seed};

#[tokio::test]
async fn a_directory_batch_with_one_bad_service_writes_nothing() {
    for under in each_store(1).await {
        let store = under.store();
        seed(store, 1, 1).await;
        let batch = Directory {
            zones: vec![Zone { id: 9, name: "Nueva".into() }],
            technicians: vec![],
            services: vec![ServiceRecord { id: 901, zone_id: 9, technician_id: 55, subscriber_name: "X".into() }],
        };
        assert!(matches!(store.save_directory(batch).await.expect("save"), Saved::Refused(_)), "{}", under.name);
        assert!(!store.zone_exists(9).await.expect("zone"), "{}: nothing written", under.name);
        let renamed = Directory { zones: vec![Zone { id: 1, name: "Centro".into() }], ..Directory::default() };
        let Saved::Done { zones, .. } = store.save_directory(renamed).await.expect("save") else { panic!("refused") };
        assert_eq!((zones.created, zones.updated), (0, 1), "{}", under.name);
        assert_eq!(store.zones().await.expect("zones")[0].name, "Centro");
    }
}

#[tokio::test]
async fn a_thread_is_paged_newest_page_first_with_notes_apart() {
    for under in each_store(1).await {
        let store = under.store();
        seed(store, 1, 1).await;
        let policy = policy(10, 0);
        let Created::Ticket(t) =
            store.create_ticket(new_ticket(101, "apertura"), policy.clone(), None).await.expect("create")
        else {
            panic!("not created")
        };
        for i in 1..=4 {
            let at = noon() + Duration::minutes(i);
            store
                .add_message(t.id, MessageKind::Staff, "Elena".into(), format!("respuesta {i}"), at)
                .await
                .expect("add");
        }
        store.add_message(t.id, MessageKind::Note, "Elena".into(), "nota interna".into(), noon()).await.expect("note");
        let first = store.messages(t.id, false, Page { number: 1, size: 2 }).await.expect("page");
        let texts: Vec<&str> = first.messages.iter().map(|m| m.text.as_str()).collect();
        assert_eq!((texts, first.total), (vec!["respuesta 3", "respuesta 4"], 5), "{}", under.name);
        assert!(first.notes.is_empty(), "{}: no notes unless asked", under.name);
        let last = store.messages(t.id, true, Page { number: 3, size: 2 }).await.expect("page");
        assert_eq!(last.messages.len(), 1);
        assert_eq!((last.messages[0].author, last.messages[0].text.as_str()), (Author::Subscriber, "apertura"));
        let notes = store.messages(t.id, true, Page { number: 1, size: 2 }).await.expect("page").notes;
        assert_eq!(notes.iter().map(|n| n.text.as_str()).collect::<Vec<_>>(), ["nota interna"], "{}", under.name);
        let stored = store.ticket(t.id, policy).await.expect("read").expect("there");
        assert_eq!(stored.ticket.answer.as_deref(), Some("respuesta 4"), "{}: the latest staff answer", under.name);
    }
}

#[tokio::test]
async fn lists_filter_by_status_group_newest_first() {
    for under in each_store(1).await {
        let store = under.store();
        seed(store, 1, 2).await;
        let policy = policy(10, 0);
        let mut ids = Vec::new();
        for i in 0..3 {
            if let Created::Ticket(t) =
                store.create_ticket(new_ticket(101, &format!("t{i}")), policy.clone(), None).await.expect("create")
            {
                ids.push(t.id);
            }
        }
        store.set_status(ids[0], StatusKind::Resolved, Actor::Staff).await.expect("status");
        let page = Page { number: 1, size: 10 };
        let (open, total) =
            store.list_tickets(Some(101), Some(StatusGroup::Open), false, page, policy.clone()).await.expect("list");
        assert_eq!((open.iter().map(|t| t.id).collect::<Vec<_>>(), total), (vec![ids[2], ids[1]], 2), "{}", under.name);
        let (closed, _) =
            store.list_tickets(None, Some(StatusGroup::Closed), false, page, policy.clone()).await.expect("list");
        assert_eq!(closed.iter().map(|t| t.id).collect::<Vec<_>>(), [ids[0]], "{}", under.name);
        assert_eq!(store.list_tickets(Some(102), None, false, page, policy).await.expect("list").1, 0);
    }
}

fn upstream(id: i64, service_id: i64, description: &str, answers: Option<Vec<UpstreamAnswer>>) -> UpstreamTicket {
    UpstreamTicket {
        upstream_id: id,
        number: Some(format!("T-{id}")),
        service_id,
        technician_id: None,
        subject: "Internet Lento".into(),
        description: description.into(),
        status: 2,
        priority: 2,
        created_at: Some(noon()),
        end_date: None,
        answers,
    }
}

#[tokio::test]
async fn the_mirror_links_by_reference_stores_answers_once_and_closes_after_two_lists() {
    for under in each_store(1).await {
        let store = under.store();
        seed(store, 1, 2).await;
        let policy = policy(10, 0);
        let ours =
            helpdesk_server::store::NewTicket { deliver_as: Some("[helpdesk r1]".into()), ..new_ticket(101, "mío") };
        let Created::Ticket(mine) = store.create_ticket(ours, policy.clone(), None).await.expect("create") else {
            panic!("not created")
        };
        let answer = UpstreamAnswer {
            upstream_id: 5,
            author: "Elena".into(),
            body: "en camino".into(),
            at: noon(),
            by_staff: true,
            opening: false,
        };
        let list = vec![
            upstream(70, 101, "mío\n\n[helpdesk r1]", Some(vec![answer.clone()])),
            upstream(71, 102, "abierto en el back office", None),
        ];
        let now = Utc::now();
        for _ in 0..2 {
            store.mirror(list.clone(), true, now, noon()).await.expect("mirror");
        }
        let copy = store.mirror_of(i64::try_from(mine.id).expect("id")).await.expect("copy").expect("linked");
        assert_eq!((copy.upstream_id, copy.number.as_deref()), (70, Some("T-70")), "{}", under.name);
        assert_eq!(store.outbox_depth().await.expect("depth").0, 0, "{}: linked, not delivered again", under.name);
        let thread = store.messages(mine.id, false, Page { number: 1, size: 10 }).await.expect("thread");
        assert_eq!(thread.total, 2, "{}: the opening and one answer, once", under.name);
        assert_eq!(store.ticket_by_number("T-71".into()).await.expect("by number").map(|_| ()), Some(()));
        // Missing from one complete list: kept; from the second running: closed.
        store.mirror(vec![list[0].clone()], true, now, noon()).await.expect("mirror");
        let (open, _) = store
            .list_tickets(Some(102), Some(StatusGroup::InProgress), false, Page { number: 1, size: 5 }, policy.clone())
            .await
            .expect("list");
        assert_eq!(open.len(), 1, "{}: one list may skip it", under.name);
        store.mirror(vec![list[0].clone()], true, now, noon()).await.expect("mirror");
        let (closed, _) = store
            .list_tickets(Some(102), Some(StatusGroup::Closed), false, Page { number: 1, size: 5 }, policy)
            .await
            .expect("list");
        assert_eq!(closed.len(), 1, "{}: gone from two lists running", under.name);
        assert_eq!(store.mirror_complete_at().await.expect("at").map(|t| t.timestamp()), Some(now.timestamp()));
    }
}

#[tokio::test]
async fn a_reply_waits_for_its_ticket_then_is_leased_and_delivered_once() {
    for under in each_store(1).await {
        let store = under.store();
        seed(store, 1, 1).await;
        let ours =
            helpdesk_server::store::NewTicket { deliver_as: Some("[helpdesk r2]".into()), ..new_ticket(101, "abrir") };
        let Created::Ticket(t) = store.create_ticket(ours, policy(10, 0), None).await.expect("create") else {
            panic!()
        };
        store
            .add_reply_to_deliver(t.id, "Abonado".into(), "más datos".into(), noon(), "[helpdesk m1]".into())
            .await
            .expect("reply");
        let now = Utc::now();
        let soon = now + Duration::seconds(30);
        assert!(
            store.lease_replies(now, soon, 5).await.expect("lease").is_empty(),
            "{}: its ticket is not there yet",
            under.name
        );
        let d = store.lease_deliveries(now, soon, 5).await.expect("lease").pop().expect("the ticket");
        store.delivered(d.ticket_id, 80).await.expect("delivered");
        let r = store.lease_replies(now, soon, 5).await.expect("lease").pop().expect("the reply");
        assert_eq!(
            (r.upstream_ticket, r.body.as_str(), r.reference.as_str()),
            (80, "más datos", "[helpdesk m1]"),
            "{}",
            under.name
        );
        store.reply_delivered(r.message_id, Some(12)).await.expect("delivered");
        assert_eq!(store.outbox_depth().await.expect("depth").0, 0, "{}", under.name);
    }
}
