//! Promises of the photo half: photos are attached all or none under the ticket's cap, kept
//! byte for byte, and given only with the ticket they belong to.

use helpdesk_server::store::{Attached, Created, NewPhoto};

use super::{each_store, new_ticket, noon, policy, seed};

fn photo(fill: u8) -> NewPhoto {
    NewPhoto { content_type: "image/jpeg".into(), bytes: vec![fill; 1000], width: 10, height: 20 }
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
