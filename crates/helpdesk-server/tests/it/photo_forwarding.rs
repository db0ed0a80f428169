//! Photos forwarded by the gateway, exactly once through lost answers: to WHMCS as a client
//! reply carrying the photo in `attachments` (each photo once, byte for byte, never mirrored
//! back as a message), to WispHub as the ticket's one file `archivo_ticket` (the first photo;
//! a later one never replaces it); photos attached before their ticket is in the back office
//! wait for it.

use axum::http::StatusCode;
use serde_json::Value;

use crate::photos::{fetch, form, jpeg, upload};
use crate::support::{call, deliver_all};

/// The stored photos of local ticket `ticket`, as `who` downloads them, oldest first.
async fn stored(state: &helpdesk_server::AppState, who: &str, ticket: u64) -> Vec<Vec<u8>> {
    let (_, listed) = call(state, "GET", &format!("/api/v1/tickets/{ticket}/photos"), &[("authorization", who)]).await;
    let mut photos = Vec::new();
    for p in listed["data"]["photos"].as_array().expect("photos") {
        let (status, _, bytes) = fetch(state, who, p["url"].as_str().expect("url")).await;
        assert_eq!(status, StatusCode::OK);
        photos.push(bytes);
    }
    photos
}

fn ticket_id(env: &Value) -> u64 {
    env["data"]["ticket_id"].as_u64().expect("a ticket id")
}

#[tokio::test]
async fn photos_reach_whmcs_once_each_on_a_reply_through_lost_answers_and_are_not_mirrored_back() {
    let (sim, state) = crate::gateway_whmcs::gateway_with(false, 100, (Default::default(), Default::default())).await;
    let bearer = crate::gateway_whmcs::token(&state, 2).await;
    let (status, env) = crate::gateway_whmcs::open(&state, &bearer, "Las luces del router").await;
    assert_eq!(status, StatusCode::CREATED, "{env}");
    let local = ticket_id(&env);
    // Attached before the ticket is in WHMCS: they wait for it.
    let body = form(&[("photo", "a.jpg", &jpeg(40, 30)), ("photo", "b.jpg", &jpeg(50, 30))]);
    let (status, env) = upload(&state, &bearer, local, body).await;
    assert_eq!(status, StatusCode::CREATED, "{env}");
    let (status, env) = upload(&state, &bearer, local, form(&[("photo", "c.jpg", &jpeg(60, 30))])).await;
    assert_eq!(status, StatusCode::CREATED, "{env}");
    // Every answer to a reply is lost after WHMCS added it, the first two times.
    sim.faults.add(whmcs_sim::Rule {
        route: "POST /includes/api.php AddTicketReply".into(),
        fault: whmcs_sim::Fault::DropAfterCommit,
        times: Some(2),
        every: None,
    });
    deliver_all(&state).await;

    let ours = stored(&state, &bearer, local).await;
    let replies = sim.state().tickets[0].replies.clone();
    let with_files: Vec<_> = replies.iter().filter(|r| !r.attachments.is_empty()).collect();
    let shown: Vec<_> = replies.iter().map(|r| (r.message.as_str(), r.attachments.len())).collect();
    assert_eq!(with_files.len(), 3, "each photo once: {shown:?}");
    for (reply, photo) in with_files.iter().zip(&ours) {
        let name = &reply.attachments[0].0;
        assert_eq!(reply.attachments.len(), 1, "{shown:?}");
        assert!(name.starts_with("foto-") && name.ends_with(".jpg"), "{name}");
        assert_eq!(&reply.attachments[0].1, photo, "byte for byte the cleaned photo");
        assert!(reply.message.contains("[helpdesk ") && reply.admin.is_empty(), "the client's, with its reference");
    }
    // Mirrored back, the photos' replies are the photos, not messages of the thread.
    crate::gateway_whmcs::gw(&state).sync_tickets(&state.store, &state.policy).await.expect("sync");
    let headers = [("authorization", bearer.as_str())];
    let (_, thread) = call(&state, "GET", &format!("/api/v1/tickets/{local}/thread"), &headers).await;
    let messages = thread["data"]["messages"].as_array().expect("messages");
    assert_eq!(messages.len(), 1, "only the opening message: {thread}");
    assert!(!thread.to_string().contains("Foto adjunta"), "{thread}");
}

#[tokio::test]
async fn wisphub_gets_the_first_photo_as_the_tickets_file_once_and_a_later_one_never_replaces_it() {
    let (sim, state) = crate::gateway::gateway(5).await;
    let bearer = crate::gateway::token(&state, 101).await;
    let (status, env) = crate::gateway::open(&state, &bearer, "El cable está roto").await;
    assert_eq!(status, StatusCode::CREATED, "{env}");
    let local = ticket_id(&env);
    let (status, env) = upload(&state, &bearer, local, form(&[("photo", "cable.jpg", &jpeg(80, 60))])).await;
    assert_eq!(status, StatusCode::CREATED, "{env}");
    sim.faults.add(wisphub_sim::Rule {
        route: "PATCH /api/tickets/{id}/".into(),
        fault: wisphub_sim::Fault::DropAfterCommit,
        times: Some(1),
        every: None,
    });
    deliver_all(&state).await;
    let ours = stored(&state, &bearer, local).await;
    let file = |sim: &wisphub_sim::Sim| {
        let s = sim.state();
        let t = s.tickets.iter().find(|t| t.descripcion.contains("El cable está roto")).expect("in WispHub");
        t.archivo.clone().expect("a file")
    };
    let first = file(&sim);
    assert_eq!((first.tipo.as_str(), &first.bytes), ("image/jpeg", &ours[0]), "the cleaned photo, byte for byte");
    assert!(first.nombre.starts_with("foto-"), "{first:?}");

    // A second photo: WispHub keeps one file a ticket, so the first stays.
    let (status, env) = upload(&state, &bearer, local, form(&[("photo", "otra.jpg", &jpeg(90, 60))])).await;
    assert_eq!(status, StatusCode::CREATED, "{env}");
    deliver_all(&state).await;
    assert_eq!(file(&sim), first, "not replaced");
    assert_eq!(stored(&state, &bearer, local).await.len(), 2, "both kept by the gateway");
}
