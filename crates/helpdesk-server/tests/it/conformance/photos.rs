//! Promises of the photo half: photos are attached all or none under the ticket's cap, kept
//! byte for byte, and given only with the ticket they belong to; in front of a back office,
//! each one's forwarding waits for its ticket, is leased once at a time and counted, and ends
//! when delivered.

use chrono::{Duration, Utc};
use helpdesk_server::store::{Attached, Created, NewPhoto, NewTicket};

use super::{each_store, new_ticket, noon, policy, seed};

fn photo(fill: u8) -> NewPhoto {
    NewPhoto { content_type: "image/jpeg".into(), bytes: vec![fill; 1000], width: 10, height: 20, deliver_as: None }
}

#[tokio::test]
async fn photos_are_attached_all_or_none_under_the_cap_and_given_with_their_ticket_only() {
    for under in each_store(1).await {
        let (store, name) = (under.store(), under.name);
        seed(store, 1, 2).await;
        let mut ids = Vec::new();
        for s in [101, 102] {
            let Created::Ticket(t) =
                store.create_ticket(new_ticket(s, "foto"), policy(10, 0), None).await.expect("create")
            else {
                panic!("{name}: not created")
            };
            ids.push(t.id);
        }
        let Attached::Stored(first) =
            store.attach_photos(ids[0], vec![photo(1), photo(2)], 3, noon()).await.expect("attach")
        else {
            panic!("{name}: refused")
        };
        assert_eq!((first.len(), first[0].size, first[1].height), (2, 1000, 20), "{name}");
        assert_eq!(
            store.attach_photos(ids[0], vec![photo(3), photo(4)], 3, noon()).await.expect("attach"),
            Attached::TooMany { max: 3 }
        );
        assert_eq!(store.photos(ids[0]).await.expect("list").len(), 2, "{name}: none of the refused two");
        let (described, bytes) = store.photo(ids[0], first[1].id).await.expect("photo").expect("there");
        assert_eq!((described.id, bytes), (first[1].id, vec![2; 1000]), "{name}: byte for byte");
        assert_eq!(store.photo(ids[1], first[1].id).await.expect("photo"), None, "{name}: not another ticket's");
    }
}

#[tokio::test]
async fn a_photo_to_forward_waits_for_its_ticket_then_is_leased_once_at_a_time_until_delivered() {
    for under in each_store(1).await {
        let (store, name) = (under.store(), under.name);
        seed(store, 1, 1).await;
        let ours = NewTicket { deliver_as: Some("[helpdesk p0]".into()), ..new_ticket(101, "foto") };
        let Created::Ticket(t) = store.create_ticket(ours, policy(10, 0), None).await.expect("create") else {
            panic!("{name}: not created")
        };
        let forwarded = NewPhoto { deliver_as: Some("[helpdesk p1]".into()), ..photo(7) };
        store.attach_photos(t.id, vec![forwarded, photo(8)], 12, noon()).await.expect("attach");
        let (now, soon) = (Utc::now(), Utc::now() + Duration::seconds(30));
        assert!(store.lease_photos(now, soon, 5).await.expect("lease").is_empty(), "{name}: its ticket is not there");
        let d = store.lease_deliveries(now, soon, 5).await.expect("lease").pop().expect("the ticket");
        store.delivered(d.ticket_id, 81).await.expect("delivered");
        let leased = store.lease_photos(now, soon, 5).await.expect("lease");
        assert_eq!(leased.len(), 1, "{name}: only the photo to forward: {leased:?}");
        let p = &leased[0];
        assert_eq!(
            (p.upstream_ticket, p.service_id, p.reference.as_str(), p.bytes.as_slice(), p.attempts),
            (81, 101, "[helpdesk p1]", [7_u8; 1000].as_slice(), 0),
            "{name}"
        );
        assert!(store.lease_photos(now, soon, 5).await.expect("lease").is_empty(), "{name}: leased, not given twice");
        store.photo_delivery_failed(p.photo_id, "lost".into(), now).await.expect("failed");
        let again = store.lease_photos(now, soon, 5).await.expect("lease").pop().expect("due again");
        assert_eq!((again.photo_id, again.attempts), (p.photo_id, 1), "{name}: the attempt counted");
        assert_eq!(store.outbox_depth().await.expect("depth").0, 1, "{name}");
        store.photo_delivered(p.photo_id).await.expect("delivered");
        assert_eq!(store.outbox_depth().await.expect("depth").0, 0, "{name}");
        assert!(store.lease_photos(now + Duration::hours(1), soon, 5).await.expect("lease").is_empty(), "{name}");
    }
}
