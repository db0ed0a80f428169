//! Promises of the outage half: a report is kept once per service and never counts against
//! the zone's limit, only a subscriber of the outage's zone may report it, and an outage ends
//! once — with one event naming every reporting service — whatever the number of instances.

use chrono::Utc;
use helpdesk_server::store::{Created, Ended, Joined, Service};
use serde_json::Value;

use super::{each_store, new_ticket, noon, policy, seed};

fn service(id: i64) -> Service {
    Service { id, zone_id: id / 100, technician_id: 7 }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_outage_is_reported_once_per_service_outside_the_zone_limit_and_ends_once() {
    for under in each_store(2).await {
        let (store, name) = (under.store(), under.name);
        seed(store, 2, 3).await;
        let full = policy(1, 0);
        assert!(matches!(
            store.create_ticket(new_ticket(101, "sin servicio"), full.clone(), None).await.expect("create"),
            Created::Ticket(_)
        ));
        let declared =
            store.declare_outage(1, "Corte de fibra en la troncal".into(), None, noon()).await.expect("declare");
        assert_eq!((declared.zone_id, declared.reports, declared.ended_at), (1, 0, None), "{name}");
        let id = i64::try_from(declared.id).expect("id");
        for s in [102, 103, 102, 102] {
            assert!(
                matches!(store.join_outage(id, service(s), noon()).await.expect("join"), Joined::Joined(_)),
                "{name}"
            );
        }
        assert_eq!(
            store.join_outage(id, service(201), noon()).await.expect("join"),
            Joined::NotFound,
            "{name}: another zone's"
        );
        let seen = store.outages(Some(1), Some(102)).await.expect("list");
        assert_eq!((seen.len(), seen[0].reports, seen[0].joined), (1, 2, true), "{name}: two services, once each");
        assert!(!store.outages(Some(1), Some(101)).await.expect("list")[0].joined, "{name}");
        assert!(store.outages(Some(2), None).await.expect("list").is_empty(), "{name}");
        // Reports are no tickets: the zone is as full as before, no fuller.
        assert_eq!(store.active_in_zone(1, full.clone()).await.expect("count"), 1, "{name}");
        // The full zone's refusal names the outage, as the service that reported it sees it.
        match store.create_ticket(new_ticket(102, "sin servicio"), full.clone(), None).await.expect("create") {
            Created::ZoneFull { max_tickets: 1, outage: Some(o) } => {
                assert_eq!((o.id, o.reports, o.joined), (declared.id, 2, true), "{name}");
            }
            other => panic!("{name}: {other:?}"),
        }

        // Two instances end it at once: one ends it, the other finds it ended.
        let (a, b) = (under.instances[0].clone(), under.instances[1].clone());
        let (x, y) = tokio::join!(a.end_outage(id, noon()), b.end_outage(id, noon()));
        let outcomes = [x.expect("end"), y.expect("end")];
        let ended: Vec<&Vec<i64>> = outcomes
            .iter()
            .filter_map(|o| if let Ended::Ended { services, .. } = o { Some(services) } else { None })
            .collect();
        assert_eq!(ended, [&vec![102, 103]], "{name}: ended once, naming who reported it");
        assert!(outcomes.iter().any(|o| matches!(o, Ended::Already(_))), "{name}");
        assert!(store.outages(Some(1), None).await.expect("list").is_empty(), "{name}: ended outages are not listed");
        assert!(matches!(store.join_outage(id, service(101), noon()).await.expect("join"), Joined::Ended(_)), "{name}");
        assert_eq!(store.end_outage(999, noon()).await.expect("end"), Ended::NotFound, "{name}");

        store.fan_out(vec!["http://127.0.0.1:9/a".into()], Utc::now()).await.expect("fan out");
        let now = Utc::now();
        let leased = store.lease_webhooks(now, now + chrono::Duration::minutes(1), 100).await.expect("lease");
        let kinds: Vec<&str> = leased.iter().map(|d| d.kind.as_str()).filter(|k| k.starts_with("outage.")).collect();
        assert_eq!(kinds, ["outage.declared", "outage.ended"], "{name}");
        let ended = leased.iter().find(|d| d.kind == "outage.ended").expect("the end");
        let body: Value = serde_json::from_str(&ended.body).expect("json");
        assert_eq!(body["data"]["services"], serde_json::json!([102, 103]), "{name}");
        assert_eq!(body["data"]["outage"]["message"], "Corte de fibra en la troncal", "{name}");
    }
}

#[tokio::test]
async fn the_back_offices_outages_are_declared_once_and_ended_when_it_stops_reporting_them() {
    for under in each_store(1).await {
        let (store, name) = (under.store(), under.name);
        seed(store, 2, 1).await;
        let staffs = store.declare_outage(1, "Mantenimiento".into(), None, noon()).await.expect("declare");
        let reported =
            vec![(1, "Falla del nodo".to_owned()), (2, "Falla del nodo".to_owned()), (9, "sin zona".to_owned())];
        for _ in 0..2 {
            store.back_office_outages(reported.clone(), noon()).await.expect("sync");
        }
        let messages = |o: Vec<helpdesk_core::envelope::Outage>| o.into_iter().map(|o| o.message).collect::<Vec<_>>();
        assert_eq!(
            messages(store.outages(Some(1), None).await.expect("list")),
            ["Falla del nodo", "Mantenimiento"],
            "{name}"
        );
        assert_eq!(
            messages(store.outages(None, None).await.expect("list")).len(),
            3,
            "{name}: once each, none for an unknown zone"
        );
        store.back_office_outages(vec![(2, "Falla del nodo".to_owned())], noon()).await.expect("sync");
        assert_eq!(
            messages(store.outages(Some(1), None).await.expect("list")),
            ["Mantenimiento"],
            "{name}: staff's stays"
        );
        store.back_office_outages(vec![], noon()).await.expect("sync");
        let left: Vec<u64> = store.outages(None, None).await.expect("list").into_iter().map(|o| o.id).collect();
        assert_eq!(left, [staffs.id], "{name}");
    }
}
