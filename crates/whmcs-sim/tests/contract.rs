//! The simulator keeps WHMCS's and Keliweb's contracts (API-FACTS §3, seed 002), over a real
//! socket: the credential and the allowlist refused at HTTP 200, numbers as strings, pages,
//! threads with their notes apart, the actions' own refusals, OAuth2 tokens that expire.

use serde_json::{Value, json};
use whmcs_sim::{Fault, Rule, Sim};

async fn start() -> (Sim, String) {
    let sim = Sim::demo("id-123", "secret-456");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(sim.clone().serve(listener));
    (sim, base)
}

/// `action` with `fields` through `includes/api.php`: the HTTP status and the JSON body.
async fn api(base: &str, action: &str, fields: &[(&str, &str)]) -> (u16, Value) {
    let mut form =
        vec![("identifier", "id-123"), ("secret", "secret-456"), ("action", action), ("responsetype", "json")];
    form.extend_from_slice(fields);
    let answer =
        reqwest::Client::new().post(format!("{base}/includes/api.php")).form(&form).send().await.expect("send");
    (answer.status().as_u16(), answer.json().await.expect("json"))
}

#[tokio::test]
async fn a_wrong_credential_and_an_address_off_the_allowlist_are_errors_at_http_200() {
    let (sim, base) = start().await;
    let form = [("identifier", "id-123"), ("secret", "wrong"), ("action", "GetTickets"), ("responsetype", "json")];
    let answer =
        reqwest::Client::new().post(format!("{base}/includes/api.php")).form(&form).send().await.expect("send");
    assert_eq!(answer.status(), 200);
    assert_eq!(
        answer.json::<Value>().await.expect("json"),
        json!({"result": "error", "message": "Authentication Failed"})
    );
    sim.ip_refused.store(true, std::sync::atomic::Ordering::SeqCst);
    let (status, body) = api(&base, "GetTickets", &[]).await;
    assert_eq!((status, &body["result"]), (200, &json!("error")));
    assert!(body["message"].as_str().is_some_and(|m| m.starts_with("Invalid IP")), "{body}");
    let (_, body) = api(&base, "NoSuchAction", &[]).await;
    assert_eq!(body["message"], "Invalid IP 127.0.0.1", "the allowlist comes before anything");
    sim.ip_refused.store(false, std::sync::atomic::Ordering::SeqCst);
    let (_, body) = api(&base, "NoSuchAction", &[]).await;
    assert_eq!(body, json!({"result": "error", "message": "Command Not Found"}));
}

#[tokio::test]
async fn open_then_read_a_ticket_with_numbers_as_strings_and_notes_apart() {
    let (sim, base) = start().await;
    let (_, opened) = api(
        &base,
        "OpenTicket",
        &[("deptid", "1"), ("clientid", "1"), ("subject", "Sin conexión"), ("message", "Desde ayer")],
    )
    .await;
    assert_eq!(opened["result"], "success", "{opened}");
    let (id, tid) = (opened["id"].clone(), opened["tid"].as_str().expect("tid").to_owned());
    assert!(tid.len() == 6 && id != json!(tid), "the number shown to clients is not the id: {opened}");
    {
        let mut s = sim.state();
        let id = id.as_i64().expect("id");
        assert!(s.reply(id, "Demo Admin", "Revisamos la línea."));
        assert!(s.note(id, "Demo Admin", "Cliente moroso: no prometer fechas."));
    }
    let (_, ticket) = api(&base, "GetTicket", &[("ticketnum", &tid)]).await;
    assert_eq!(
        (&ticket["ticketid"], &ticket["userid"], &ticket["flag"]),
        (&json!(id.to_string()), &json!("1"), &json!("0"))
    );
    assert_eq!((&ticket["status"], &ticket["priority"]), (&json!("Answered"), &json!("Medium")));
    let replies = ticket["replies"]["reply"].as_array().expect("replies");
    assert_eq!(
        (&replies[0]["replyid"], &replies[0]["admin"]),
        (&json!("0"), &json!("")),
        "reply 0 opens it, the client's"
    );
    assert_eq!((&replies[1]["admin"], &replies[1]["attachment"]), (&json!("Demo Admin"), &json!("")));
    assert_eq!(ticket["notes"]["note"][0]["message"], "Cliente moroso: no prometer fechas.");
    assert!(
        !replies.iter().any(|r| r["message"].as_str().is_some_and(|m| m.contains("moroso"))),
        "notes are not replies"
    );
    let date = ticket["date"].as_str().expect("date");
    assert!(chrono_like(date), "Y-m-d H:i:s: {date}");
    let (_, newest_first) = api(&base, "GetTicket", &[("ticketid", &id.to_string()), ("repliessort", "DESC")]).await;
    assert_eq!(newest_first["replies"]["reply"][0]["replyid"], "1");
    let (_, missing) = api(&base, "GetTicket", &[("ticketid", "999")]).await;
    assert_eq!(missing, json!({"result": "error", "message": "Ticket ID Not Found"}));
}

fn chrono_like(date: &str) -> bool {
    let b = date.as_bytes();
    b.len() == 19 && b[4] == b'-' && b[7] == b'-' && b[10] == b' ' && b[13] == b':' && b[16] == b':'
}

#[tokio::test]
async fn lists_are_a_clients_newest_first_in_pages_with_their_totals() {
    let (sim, base) = start().await;
    {
        let mut s = sim.state();
        for i in 0..30 {
            s.open(1 + i % 2, 1, &format!("caso {i}"), "texto", "Low");
        }
        let id = s.tickets[0].id;
        s.ticket_mut(id).expect("ticket").status = "Closed".into();
    }
    let (_, page) = api(&base, "GetTickets", &[("clientid", "1"), ("limitstart", "10")]).await;
    assert_eq!(
        (&page["totalresults"], &page["startnumber"], &page["numreturned"]),
        (&json!(15), &json!(10), &json!(5))
    );
    let tickets = page["tickets"]["ticket"].as_array().expect("tickets");
    assert!(tickets.iter().all(|t| t["userid"] == "1"), "only client 1's");
    assert_eq!(tickets[0]["subject"], "caso 8", "newest first: 28, 26, … then 8");
    let (_, first) = api(&base, "GetTickets", &[]).await;
    assert_eq!((&first["numreturned"], &first["totalresults"]), (&json!(25), &json!(30)), "25 by default");
    let (_, active) =
        api(&base, "GetTickets", &[("clientid", "1"), ("status", "All Active Tickets"), ("limitnum", "100")]).await;
    assert_eq!(active["totalresults"], 14, "all but the closed one");
}

#[tokio::test]
async fn each_action_refuses_what_is_missing_in_its_own_words() {
    let (_, base) = start().await;
    type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a str);
    let cases: [Case<'_>; 6] = [
        ("OpenTicket", &[("clientid", "1"), ("subject", "s"), ("message", "m")], "Department ID not found"),
        (
            "OpenTicket",
            &[("deptid", "1"), ("clientid", "9"), ("subject", "s"), ("message", "m")],
            "Client ID Not Found",
        ),
        ("OpenTicket", &[("deptid", "1"), ("clientid", "1"), ("message", "m")], "Subject is required"),
        (
            "OpenTicket",
            &[("deptid", "1"), ("clientid", "1"), ("subject", "s"), ("message", "m"), ("priority", "Urgent")],
            "Invalid Priority. Valid priorities are: Low,Medium,High",
        ),
        ("AddTicketReply", &[("ticketid", "1"), ("message", "m")], "Ticket ID Not Found"),
        ("UpdateTicket", &[("ticketid", "1"), ("status", "Closed")], "Ticket ID Not Found"),
    ];
    for (action, fields, message) in cases {
        let (status, body) = api(&base, action, fields).await;
        assert_eq!((status, body), (200, json!({"result": "error", "message": message})), "{action} {fields:?}");
    }
    let (_, opened) =
        api(&base, "OpenTicket", &[("deptid", "1"), ("clientid", "2"), ("subject", "s"), ("message", "m")]).await;
    let id = opened["id"].to_string();
    let (_, replied) =
        api(&base, "AddTicketReply", &[("ticketid", &id), ("clientid", "2"), ("message", "otra vez")]).await;
    assert_eq!(replied, json!({"result": "success"}));
    let (_, closed) = api(&base, "UpdateTicket", &[("ticketid", &id), ("status", "Closed")]).await;
    assert_eq!(closed["result"], "success");
    let (_, ticket) = api(&base, "GetTicket", &[("ticketid", &id)]).await;
    assert_eq!(
        (&ticket["status"], &ticket["replies"]["reply"][1]["name"]),
        (&json!("Closed"), &json!("Marco Bianchi"))
    );
}

#[tokio::test]
async fn keliweb_grants_tokens_that_expire_and_refresh() {
    let (sim, base) = start().await;
    let http = reqwest::Client::new();
    let grant =
        [("grant_type", "password"), ("client_id", "keliweb-client"), ("client_secret", "keliweb-client-secret")];
    let user = [("username", "shop@example.it"), ("password", "keliweb-password")];
    let form: Vec<_> = grant.iter().chain(user.iter()).collect();
    let token: Value =
        http.post(format!("{base}/oauth/token")).form(&form).send().await.expect("send").json().await.expect("json");
    assert_eq!((&token["token_type"], &token["expires_in"]), (&json!("Bearer"), &json!(3600)), "{token}");
    let access = token["access_token"].as_str().expect("access");
    let opened = http
        .post(format!("{base}/api/v2/keliweb/open-ticket"))
        .bearer_auth(access)
        .multipart(
            [("deptid", "1"), ("clientid", "1"), ("subject", "s"), ("message", "m")]
                .into_iter()
                .fold(reqwest::multipart::Form::new(), |f, (k, v)| f.text(k, v)),
        )
        .send()
        .await
        .expect("send");
    assert_eq!(
        opened.json::<Value>().await.expect("json")["result"],
        "success",
        "multipart form data, as seed 002 sends"
    );

    sim.keliweb.expire_access_tokens();
    let expired = http
        .post(format!("{base}/api/v2/keliweb/get-ticket"))
        .bearer_auth(access)
        .form(&[("ticketid", "1")])
        .send()
        .await
        .expect("send");
    assert_eq!(expired.status(), 401);
    assert_eq!(expired.json::<Value>().await.expect("json"), json!({"message": "Unauthenticated."}));
    let refresh = token["refresh_token"].as_str().expect("refresh");
    let again = [("grant_type", "refresh_token"), ("refresh_token", refresh), grant[1], grant[2]];
    let renewed: Value =
        http.post(format!("{base}/oauth/token")).form(&again).send().await.expect("send").json().await.expect("json");
    let ticket: Value = http
        .post(format!("{base}/api/v2/keliweb/get-ticket"))
        .bearer_auth(renewed["access_token"].as_str().expect("access"))
        .form(&[("ticketid", "1")])
        .send()
        .await
        .expect("send")
        .json()
        .await
        .expect("json");
    assert_eq!(ticket["ticketid"], "1");
    let reused = http.post(format!("{base}/oauth/token")).form(&again).send().await.expect("send");
    assert_eq!(reused.status(), 401, "a refresh token is used once");
    let wrong: Vec<_> = grant.iter().chain([("username", "shop@example.it"), ("password", "nope")].iter()).collect();
    let refused = http.post(format!("{base}/oauth/token")).form(&wrong).send().await.expect("send");
    assert_eq!(
        (refused.status().as_u16(), refused.json::<Value>().await.expect("json")["error"].clone()),
        (400, json!("invalid_grant"))
    );
}

#[tokio::test]
async fn a_fault_after_commit_lets_the_ticket_exist() {
    let (sim, base) = start().await;
    sim.faults.add(Rule {
        route: "POST /includes/api.php OpenTicket".into(),
        fault: Fault::DropAfterCommit,
        times: None,
        every: None,
    });
    let form = [("identifier", "id-123"), ("secret", "secret-456"), ("action", "OpenTicket"), ("responsetype", "json")];
    let fields = [("deptid", "1"), ("clientid", "1"), ("subject", "s"), ("message", "m")];
    let all: Vec<_> = form.iter().chain(fields.iter()).collect();
    match reqwest::Client::new().post(format!("{base}/includes/api.php")).form(&all).send().await {
        Ok(answer) => assert!(answer.json::<Value>().await.is_err(), "the answer is cut"),
        Err(e) => assert!(e.is_request() || e.is_body(), "the connection dropped: {e}"),
    }
    assert_eq!(sim.state().tickets.len(), 1, "but the ticket exists");
    assert_eq!(sim.faults.calls("POST /includes/api.php OpenTicket"), 1);
}

#[tokio::test]
async fn a_clients_details_name_it_and_an_unknown_client_is_not_found() {
    let (_, base) = start().await;
    let (_, client) = api(&base, "GetClientsDetails", &[("clientid", "2")]).await;
    assert_eq!(
        (&client["result"], &client["id"], &client["fullname"]),
        (&json!("success"), &json!("2"), &json!("Marco Bianchi"))
    );
    let (_, missing) = api(&base, "GetClientsDetails", &[("clientid", "9")]).await;
    assert_eq!(missing, json!({"result": "error", "message": "Client Not Found"}));
}
