//! Promises that hold across instances sharing one store: the zone and service limits exact
//! under concurrent creates spread over them, one idempotency key one ticket (also when the
//! instance that claimed it died), a revoked token refused by every instance at once, and
//! each delivery leased to one instance at a time, taken over once its lease ends; and
//! creates that arrive together (committed together, where the store does) fail one by one.

use std::collections::BTreeSet;

use chrono::{Duration, Utc};
use helpdesk_server::store::{Created, IdempotencyBegin, IdempotencyKey, Keyed, StoredAnswer, Tokens};

use super::{each_store, new_ticket, policy, seed};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_creates_over_every_instance_never_exceed_a_zones_limit() {
    for under in each_store(3).await {
        seed(under.store(), 4, 25).await;
        let policy = policy(3, 0);
        let mut creates = tokio::task::JoinSet::new();
        for i in 0..200_i64 {
            let store = under.instances[usize::try_from(i).expect("index") % under.instances.len()].clone();
            let (policy, service) = (policy.clone(), (i % 4 + 1) * 100 + i % 25 + 1);
            creates.spawn(async move { store.create_ticket(new_ticket(service, "carrera"), policy, None).await });
        }
        let mut created = 0;
        while let Some(outcome) = creates.join_next().await {
            match outcome.expect("task").expect("no store failure under concurrency") {
                Created::Ticket(_) => created += 1,
                Created::ZoneFull { max_tickets, .. } => assert_eq!(max_tickets, 3),
                other => panic!("{}: {other:?}", under.name),
            }
        }
        assert_eq!(created, 12, "{}: 3 in each of 4 zones", under.name);
        for zone in 1..=4 {
            let active = under.store().active_in_zone(zone, policy.clone()).await.expect("count");
            assert_eq!(active, 3, "{}: zone {zone}", under.name);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_services_own_limit_holds_under_concurrency() {
    for under in each_store(2).await {
        seed(under.store(), 1, 2).await;
        let policy = policy(10, 2);
        let mut creates = tokio::task::JoinSet::new();
        for i in 0..40 {
            let store = under.instances[i % 2].clone();
            let policy = policy.clone();
            creates.spawn(async move { store.create_ticket(new_ticket(101, "mismo abonado"), policy, None).await });
        }
        let mut created = 0;
        while let Some(outcome) = creates.join_next().await {
            if let Created::Ticket(_) = outcome.expect("task").expect("create") {
                created += 1;
            }
        }
        assert_eq!(created, 2, "{}", under.name);
    }
}

fn key(k: &str) -> IdempotencyKey {
    IdempotencyKey { scope: "service:101".into(), key: k.into(), request_hash: "h1".into() }
}

fn answer_of(outcome: &Created) -> Result<StoredAnswer, String> {
    match outcome {
        Created::Ticket(t) => Ok(StoredAnswer { status: 201, body: format!("ticket {}", t.id) }),
        other => Ok(StoredAnswer { status: 200, body: format!("{other:?}") }),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn among_creates_arriving_together_one_that_fails_fails_alone() {
    for under in each_store(2).await {
        seed(under.store(), 1, 40).await;
        let policy = policy(1000, 0);
        let mut creates = tokio::task::JoinSet::new();
        for i in 0..60_i64 {
            let store = under.instances[usize::try_from(i).expect("index") % 2].clone();
            // Every sixth names a service the store does not have: a store failure, its own.
            let service = if i % 6 == 5 { 9999 } else { 101 + i % 40 };
            let policy = policy.clone();
            creates.spawn(
                async move { (service, store.create_ticket(new_ticket(service, "juntos"), policy, None).await) },
            );
        }
        let (mut created, mut failed) = (0, 0);
        while let Some(outcome) = creates.join_next().await {
            match outcome.expect("task") {
                (9999, Err(_)) => failed += 1,
                (_, Ok(Created::Ticket(_))) => created += 1,
                (service, other) => panic!("{}: service {service}: {other:?}", under.name),
            }
        }
        assert_eq!((created, failed), (50, 10), "{}", under.name);
        let (_, total) = under.store().list_tickets(None, None, false, page(), policy.clone()).await.expect("list");
        assert_eq!(total, 50, "{}: every acknowledged ticket is there, and no other", under.name);
    }
}

#[tokio::test]
async fn one_key_opens_one_ticket_on_any_instance_even_after_its_first_died() {
    for under in each_store(2).await {
        let (a, b) = (&under.instances[0], &under.instances[1]);
        seed(a, 1, 2).await;
        let policy = policy(10, 0);
        let now = Utc::now();
        let stale = Duration::seconds(60);
        assert_eq!(a.idempotency_begin(key("k1"), now, stale).await.expect("begin"), IdempotencyBegin::Fresh);
        assert_eq!(b.idempotency_begin(key("k1"), now, stale).await.expect("begin"), IdempotencyBegin::InFlight);
        let mismatch = IdempotencyKey { request_hash: "other".into(), ..key("k1") };
        assert_eq!(b.idempotency_begin(mismatch, now, stale).await.expect("begin"), IdempotencyBegin::Mismatch);
        let keyed = Keyed { key: key("k1"), answer: Box::new(answer_of) };
        let Created::Ticket(t) =
            a.create_ticket(new_ticket(101, "con clave"), policy.clone(), Some(keyed)).await.expect("create")
        else {
            panic!("{}: not created", under.name)
        };
        let replay = b.idempotency_begin(key("k1"), now, stale).await.expect("begin");
        assert_eq!(replay, IdempotencyBegin::Replay(StoredAnswer { status: 201, body: format!("ticket {}", t.id) }));
        // Instance A claims k2 and dies before creating; once the claim is stale, B takes over,
        // and a late create under A's claim finds B's answer instead of opening a second.
        assert_eq!(a.idempotency_begin(key("k2"), now, stale).await.expect("begin"), IdempotencyBegin::Fresh);
        let later = now + Duration::seconds(61);
        assert_eq!(b.idempotency_begin(key("k2"), later, stale).await.expect("begin"), IdempotencyBegin::Fresh);
        let keyed = Keyed { key: key("k2"), answer: Box::new(answer_of) };
        assert!(matches!(
            b.create_ticket(new_ticket(101, "relevo"), policy.clone(), Some(keyed)).await.expect("create"),
            Created::Ticket(_)
        ));
        let keyed = Keyed { key: key("k2"), answer: Box::new(answer_of) };
        let late = a.create_ticket(new_ticket(101, "tardío"), policy.clone(), Some(keyed)).await.expect("create");
        assert!(matches!(late, Created::Replayed(_)), "{}: {late:?}", under.name);
        let (all, total) = a.list_tickets(Some(101), None, false, page(), policy).await.expect("list");
        assert_eq!((all.len(), total), (2, 2), "{}: one ticket per key", under.name);
    }
}

fn page() -> helpdesk_server::store::Page {
    helpdesk_server::store::Page { number: 1, size: 100 }
}

#[tokio::test]
async fn a_revoked_token_is_refused_by_every_instance_at_its_next_request() {
    for under in each_store(3).await {
        seed(under.store(), 1, 2).await;
        let expires = Utc::now() + Duration::hours(1);
        let hash = "ab".repeat(32);
        under.instances[0].insert_token(hash.clone(), 101, expires).await.expect("token");
        for store in &under.instances {
            assert!(store.service_for_token(hash.clone(), Utc::now()).await.expect("read").is_some(), "{}", under.name);
        }
        let revoked = under.instances[1].revoke_tokens(Tokens::Id(hash[..16].to_owned())).await.expect("revoke");
        assert_eq!(revoked, 1);
        for store in &under.instances {
            assert!(store.service_for_token(hash.clone(), Utc::now()).await.expect("read").is_none(), "{}", under.name);
        }
        assert!(under.store().service_for_token(hash, expires + Duration::seconds(1)).await.expect("read").is_none());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn each_delivery_is_leased_to_one_instance_and_taken_over_when_its_lease_ends() {
    for under in each_store(3).await {
        seed(under.store(), 1, 30).await;
        let policy = policy(100, 0);
        for i in 1..=30 {
            let t = helpdesk_server::store::NewTicket {
                deliver_as: Some(format!("[helpdesk ref{i}]")),
                ..new_ticket(100 + i, "x")
            };
            under.store().create_ticket(t, policy.clone(), None).await.expect("create");
        }
        let now = Utc::now();
        let lease_until = now + Duration::seconds(30);
        let mut leases = tokio::task::JoinSet::new();
        for round in 0..12 {
            let store = under.instances[round % 3].clone();
            leases.spawn(async move { store.lease_deliveries(now, lease_until, 4).await });
        }
        let mut leased = Vec::new();
        while let Some(batch) = leases.join_next().await {
            leased.extend(batch.expect("task").expect("lease").into_iter().map(|d| (d.ticket_id, d.attempts)));
        }
        let distinct: BTreeSet<i64> = leased.iter().map(|(id, _)| *id).collect();
        assert_eq!((leased.len(), distinct.len()), (30, 30), "{}: each once: {leased:?}", under.name);
        assert!(leased.iter().all(|(_, attempts)| *attempts == 0));
        // Nothing more while the leases hold; all of them again, as second attempts, once they end.
        assert!(under.instances[1].lease_deliveries(now, lease_until, 50).await.expect("lease").is_empty());
        let after = lease_until + Duration::seconds(1);
        let again = under.instances[2].lease_deliveries(after, after + Duration::seconds(30), 50).await.expect("lease");
        assert_eq!(again.len(), 30, "{}: taken over", under.name);
        assert!(again.iter().all(|d| d.attempts == 1), "{}: counted as attempts", under.name);
        let first = &again[0];
        under.instances[0].delivered(first.ticket_id, 9001).await.expect("delivered");
        let (waiting, _) = under.store().outbox_depth().await.expect("depth");
        assert_eq!(waiting, 29, "{}", under.name);
    }
}
