//! The simulator keeps WispHub's contract (API-FACTS §2), over a real socket.

use serde_json::Value;
use wisphub_sim::Sim;

const KEY: &str = "test-key";

async fn start() -> (Sim, String) {
    let sim = Sim::demo(KEY);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(sim.clone().serve(listener));
    (sim, base)
}

/// `GET url` with the key; its JSON body.
async fn get_json(http: &reqwest::Client, url: &str) -> Value {
    let answer = http.get(url).header("Authorization", format!("Api-Key {KEY}")).send().await.expect("send");
    answer.json().await.expect("json")
}

fn form(servicio: &str) -> reqwest::multipart::Form {
    [("servicio", servicio), ("asunto", "Internet Lento"), ("asuntos_default", "Internet Lento"), ("tecnico", "5")]
        .into_iter()
        .chain([("descripcion", "Lento"), ("estado", "1"), ("prioridad", "2"), ("fecha_inicio", "26/02/2026 10:00")])
        .fold(reqwest::multipart::Form::new(), |f, (k, v)| f.text(k, v.to_owned()))
}

#[tokio::test]
async fn a_wrong_key_gets_nginxs_html_403_and_a_missing_ticket_the_detail() {
    let (_, base) = start().await;
    let http = reqwest::Client::new();
    let refused =
        http.get(format!("{base}/api/tickets/")).header("Authorization", "Api-Key wrong").send().await.expect("send");
    assert_eq!(refused.status(), 403);
    assert!(refused.headers()["content-type"].to_str().expect("text").starts_with("text/html"));
    assert!(refused.text().await.expect("body").contains("nginx"));
    let key = format!("Api-Key {KEY}");
    let missing = http.get(format!("{base}/api/tickets/99/")).header("Authorization", &key).send().await.expect("send");
    assert_eq!(missing.status(), 404);
    assert_eq!(missing.json::<Value>().await.expect("json"), serde_json::json!({"detail": "No encontrado."}));
    let no_slash = http.get(format!("{base}/api/tickets")).header("Authorization", &key).send().await.expect("send");
    assert_eq!(no_slash.status(), 404, "trailing slashes matter");
}

#[tokio::test]
async fn create_is_multipart_and_lists_page_with_http_next_links_on_the_public_host() {
    let (sim, base) = start().await;
    let http = reqwest::Client::new();
    let key = format!("Api-Key {KEY}");
    let created = http
        .post(format!("{base}/api/tickets/"))
        .header("Authorization", &key)
        .multipart(form("100"))
        .send()
        .await
        .expect("send");
    assert_eq!(created.status(), 201);
    let body: Value = created.json().await.expect("json");
    assert_eq!(
        (body["id_ticket"].as_i64(), body["fecha_estimada_inicio"].as_str()),
        (Some(1), Some("26/02/2026 10:00"))
    );
    let bad = http
        .post(format!("{base}/api/tickets/"))
        .header("Authorization", &key)
        .multipart(form("999"))
        .send()
        .await
        .expect("send");
    assert_eq!(bad.status(), 400);
    assert!(bad.json::<Value>().await.expect("json")["servicio"][0].as_str().is_some_and(|m| m.contains("999")));

    sim.state().seed(200, "Internet Lento", 4, 699);
    let first = get_json(&http, &format!("{base}/api/tickets/")).await;
    assert_eq!((first["count"].as_u64(), first["results"].as_array().map(Vec::len)), (Some(700), Some(300)));
    assert_eq!(first["next"], "http://api.wisphub.net/api/tickets/?limit=300&offset=300", "never the host asked");
    let answer = get_json(&http, &format!("{base}/api/tickets/1/")).await;
    assert_eq!(answer["respuestas"]["respuesta"], serde_json::json!([]));
}

#[tokio::test]
async fn faults_strike_the_route_they_name_before_or_after_the_work() {
    let (sim, base) = start().await;
    let http = reqwest::Client::new();
    let key = format!("Api-Key {KEY}");
    let rule = serde_json::json!({"route": "POST /api/tickets/", "fault": "drop_after_commit"});
    http.post(format!("{base}/_sim/faults")).json(&rule).send().await.expect("add fault");
    let dropped = async {
        http.post(format!("{base}/api/tickets/"))
            .header("Authorization", &key)
            .multipart(form("100"))
            .send()
            .await?
            .text()
            .await
    };
    assert!(dropped.await.is_err(), "the answer never arrives whole");
    assert_eq!(sim.state().tickets.len(), 1, "but the ticket was created");
    let rule = serde_json::json!({"route": "GET /api/tickets/{id}/", "fault": "error500", "times": 2});
    http.post(format!("{base}/_sim/faults")).json(&rule).send().await.expect("add fault");
    for expected in [500, 500, 200] {
        let status = http
            .get(format!("{base}/api/tickets/1/"))
            .header("Authorization", &key)
            .send()
            .await
            .expect("send")
            .status();
        assert_eq!(status, expected);
    }
}
