//! The simulated API's routes: the key and fault gate, WispHub's endpoints, and `/_sim/`.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{FromRequest, Multipart, Path, Query, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::{Archivo, Sim, Ticket};

/// Lists' page size when the caller asks for none.
const DEFAULT_LIMIT: usize = 300;

pub(crate) fn router(sim: Sim) -> axum::Router {
    let api = axum::Router::new()
        .route("/api/tickets/", get(tickets).post(create))
        .route("/api/tickets/asuntos-tickets/", get(asuntos))
        .route("/api/tickets/{id}/", get(ticket).put(update).patch(update))
        .route("/api/clientes/", get(clientes))
        .route("/api/zonas/", get(zonas))
        .route("/api/staff/", get(staff))
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(sim.clone(), gate))
        // Photos go up as files: room for one of the gateway's largest.
        .layer(axum::extract::DefaultBodyLimit::max(16 * 1024 * 1024));
    let admin = axum::Router::new()
        .route("/_sim/tickets", get(all_tickets).post(seed_tickets))
        .route("/_sim/tickets/{id}/respuestas", post(answer))
        .route("/_sim/clientes/{id}/falla", post(outage));
    let faults = sim_faults::router(sim.faults.clone());
    api.merge(admin).with_state(sim).merge(faults)
}

/// Nginx's page for a refused key: HTML, not JSON, as WispHub answers it.
fn forbidden() -> Response {
    let html = "<html>\r\n<head><title>403 Forbidden</title></head>\r\n<body>\r\n<center><h1>403 Forbidden</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
    (StatusCode::FORBIDDEN, [(header::CONTENT_TYPE, "text/html")], html).into_response()
}

fn detail_not_found() -> Response {
    (StatusCode::NOT_FOUND, Json(json!({"detail": "No encontrado."}))).into_response()
}

async fn not_found() -> Response {
    detail_not_found()
}

/// `METHOD /path/` with numeric segments as `{id}`: the name faults are injected under.
fn route_of(req: &Request) -> String {
    let path: Vec<&str> = req
        .uri()
        .path()
        .split('/')
        .map(|s| if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) { "{id}" } else { s })
        .collect();
    format!("{} {}", req.method(), path.join("/"))
}

/// The key, then the faults in force for the route.
async fn gate(State(sim): State<Sim>, req: Request, next: Next) -> Response {
    let expected = format!("Api-Key {}", sim.api_key);
    if req.headers().get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()) != Some(expected.as_str()) {
        return forbidden();
    }
    let fault = sim.faults.take(&route_of(&req));
    sim_faults::strike(fault, sim.hang, forbidden, b"{\"id_ticket\":", next.run(req)).await
}

/// `limit` and `offset` of a list.
#[derive(Debug, Deserialize)]
struct Paging {
    limit: Option<usize>,
    offset: Option<usize>,
}

/// A page of `items` at `path`, as WispHub writes it: `next` and `previous` on its public
/// host over `http://`.
fn page(sim: &Sim, path: &str, items: Vec<Value>, paging: &Paging) -> Json<Value> {
    let (limit, offset) = (paging.limit.unwrap_or(DEFAULT_LIMIT).max(1), paging.offset.unwrap_or(0));
    let link = |offset: usize| format!("http://{}{path}?limit={limit}&offset={offset}", sim.public_host);
    let count = items.len();
    let next = (offset + limit < count).then(|| link(offset + limit));
    let previous = (offset > 0).then(|| link(offset.saturating_sub(limit)));
    let results: Vec<Value> = items.into_iter().skip(offset).take(limit).collect();
    Json(json!({ "count": count, "next": next, "previous": previous, "results": results }))
}

async fn tickets(State(sim): State<Sim>, Query(paging): Query<Paging>) -> Json<Value> {
    let items: Vec<Value> = {
        let s = sim.state();
        s.tickets.iter().map(|t| t.to_json(&s.clientes)).collect()
    };
    page(&sim, "/api/tickets/", items, &paging)
}

async fn ticket(State(sim): State<Sim>, Path(id): Path<i64>) -> Response {
    let s = sim.state();
    match s.tickets.iter().find(|t| t.id == id) {
        Some(t) => Json(t.to_json(&s.clientes)).into_response(),
        None => detail_not_found(),
    }
}

fn required(errors: &mut HashMap<String, Vec<String>>, fields: &HashMap<String, String>, name: &str) -> String {
    match fields.get(name).filter(|v| !v.trim().is_empty()) {
        Some(v) => v.clone(),
        None => {
            errors.insert(name.into(), vec!["Este campo es requerido.".into()]);
            String::new()
        }
    }
}

fn number(errors: &mut HashMap<String, Vec<String>>, name: &str, text: &str) -> i64 {
    text.trim().parse().unwrap_or_else(|_| {
        if !text.is_empty() {
            errors.insert(name.into(), vec!["Introduzca un número entero válido.".into()]);
        }
        0
    })
}

/// `POST /api/tickets/` (multipart): 201 `{id_ticket, asunto, fecha_estimada_inicio,
/// fecha_estimada_fin, estado, prioridad}`, or 400 with the errors per field.
async fn create(
    State(sim): State<Sim>,
    headers: HeaderMap,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let is_multipart = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    let (Ok(multipart), true) = (multipart, is_multipart) else {
        return (StatusCode::UNSUPPORTED_MEDIA_TYPE, Json(json!({"detail": "Tipo de medio no soportado."})))
            .into_response();
    };
    let (fields, archivo) = match form(multipart).await {
        Ok(read) => read,
        Err(refused) => return refused,
    };
    let mut errors = HashMap::new();
    let servicio = required(&mut errors, &fields, "servicio");
    let asunto = required(&mut errors, &fields, "asunto");
    let tecnico = required(&mut errors, &fields, "tecnico");
    let descripcion = required(&mut errors, &fields, "descripcion");
    let estado = required(&mut errors, &fields, "estado");
    let prioridad = required(&mut errors, &fields, "prioridad");
    let (servicio, tecnico) = (number(&mut errors, "servicio", &servicio), number(&mut errors, "tecnico", &tecnico));
    let (estado, prioridad) = (number(&mut errors, "estado", &estado), number(&mut errors, "prioridad", &prioridad));
    let mut s = sim.state();
    if servicio != 0 && !s.clientes.iter().any(|c| c.id_servicio == servicio) {
        errors.insert("servicio".into(), vec![format!("Clave primaria \"{servicio}\" inválida - objeto no existe.")]);
    }
    if !(1..=4).contains(&prioridad) && !errors.contains_key("prioridad") {
        errors.insert("prioridad".into(), vec![format!("\"{prioridad}\" no es una elección válida.")]);
    }
    if !errors.is_empty() {
        return (StatusCode::BAD_REQUEST, Json(json!(errors))).into_response();
    }
    let id = s.next_id();
    let get = |name: &str| fields.get(name).cloned().unwrap_or_default();
    let t = Ticket {
        id,
        servicio,
        asunto: asunto.clone(),
        descripcion,
        estado,
        prioridad,
        tecnico,
        fecha_inicio: get("fecha_inicio"),
        fecha_final: get("fecha_final"),
        respuestas: Vec::new(),
        archivo,
    };
    let body = json!({
        "id_ticket": id, "asunto": asunto, "fecha_estimada_inicio": t.fecha_inicio,
        "fecha_estimada_fin": t.fecha_final, "estado": estado, "prioridad": prioridad,
    });
    s.tickets.push(t);
    (StatusCode::CREATED, Json(body)).into_response()
}

/// A multipart form's text fields, and its file `archivo_ticket` if it has one; 400 as
/// WispHub answers for a file that is not an image.
async fn form(mut multipart: Multipart) -> Result<(HashMap<String, String>, Option<Archivo>), Response> {
    let mut fields = HashMap::new();
    let mut archivo = None;
    while let Ok(Some(field)) = multipart.next_field().await {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "archivo_ticket" && field.file_name().is_some() {
            let nombre = field.file_name().unwrap_or_default().to_owned();
            let tipo = field.content_type().unwrap_or_default().to_owned();
            let Ok(bytes) = field.bytes().await else { continue };
            if !tipo.starts_with("image/") || bytes.is_empty() {
                let why = "Envíe un archivo válido. El archivo enviado no es un archivo o está dañado.";
                return Err((StatusCode::BAD_REQUEST, Json(json!({"archivo_ticket": [why]}))).into_response());
            }
            archivo = Some(Archivo { nombre, tipo, bytes: bytes.to_vec() });
        } else if let Ok(value) = field.text().await {
            fields.insert(name, value);
        }
    }
    Ok((fields, archivo))
}

/// `PUT`/`PATCH /api/tickets/{id}/`: JSON `{estado?, prioridad?, tecnico?}`, or a multipart
/// form with those and the file `archivo_ticket` (which replaces the one the ticket has).
async fn update(State(sim): State<Sim>, Path(id): Path<i64>, req: Request) -> Response {
    let is_multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    let (fields, archivo) = if is_multipart {
        let Ok(multipart) = Multipart::from_request(req, &()).await else {
            return (StatusCode::BAD_REQUEST, Json(json!({"detail": "Formulario ilegible."}))).into_response();
        };
        match form(multipart).await {
            Ok((fields, archivo)) => (fields.into_iter().map(|(k, v)| (k, Value::String(v))).collect(), archivo),
            Err(refused) => return refused,
        }
    } else {
        match Json::<Value>::from_request(req, &()).await {
            Ok(Json(Value::Object(body))) => (body.into_iter().collect::<HashMap<_, _>>(), None),
            _ => return (StatusCode::BAD_REQUEST, Json(json!({"detail": "JSON ilegible."}))).into_response(),
        }
    };
    let mut s = sim.state();
    let clientes = s.clientes.clone();
    let Some(t) = s.tickets.iter_mut().find(|t| t.id == id) else {
        return detail_not_found();
    };
    for (field, slot) in [("estado", &mut t.estado), ("prioridad", &mut t.prioridad), ("tecnico", &mut t.tecnico)] {
        if let Some(v) = fields.get(field).and_then(|v| v.as_i64().or_else(|| v.as_str()?.parse().ok())) {
            *slot = v;
        }
    }
    if archivo.is_some() {
        t.archivo = archivo;
    }
    Json(t.to_json(&clientes)).into_response()
}

async fn asuntos(State(sim): State<Sim>, Query(paging): Query<Paging>) -> Json<Value> {
    let items = sim.state().asuntos.iter().enumerate().map(|(i, a)| json!({"id": i + 1, "nombre": a})).collect();
    page(&sim, "/api/tickets/asuntos-tickets/", items, &paging)
}

/// `GET /api/clientes/`, optionally `?id_servicio=`.
async fn clientes(State(sim): State<Sim>, Query(query): Query<HashMap<String, String>>) -> Json<Value> {
    let paging = Paging {
        limit: query.get("limit").and_then(|v| v.parse().ok()),
        offset: query.get("offset").and_then(|v| v.parse().ok()),
    };
    let only: Option<i64> = query.get("id_servicio").and_then(|v| v.parse().ok());
    let items = {
        let s = sim.state();
        s.clientes
            .iter()
            .filter(|c| only.is_none_or(|id| c.id_servicio == id))
            .map(|c| c.to_json(&s.zonas, &s.staff))
            .collect()
    };
    page(&sim, "/api/clientes/", items, &paging)
}

async fn zonas(State(sim): State<Sim>, Query(paging): Query<Paging>) -> Json<Value> {
    let items = sim.state().zonas.iter().map(|z| json!(z)).collect();
    page(&sim, "/api/zonas/", items, &paging)
}

async fn staff(State(sim): State<Sim>, Query(paging): Query<Paging>) -> Json<Value> {
    let items = sim.state().staff.iter().map(|s| json!(s)).collect();
    page(&sim, "/api/staff/", items, &paging)
}

async fn all_tickets(State(sim): State<Sim>) -> Json<Value> {
    let s = sim.state();
    Json(json!(s.tickets.iter().map(|t| t.to_json(&s.clientes)).collect::<Vec<_>>()))
}

/// Tickets written straight into WispHub, as its staff would: `{servicio, asunto, estado, count}`.
#[derive(Debug, Deserialize)]
struct Seed {
    servicio: i64,
    asunto: String,
    estado: i64,
    count: usize,
}

async fn seed_tickets(State(sim): State<Sim>, Json(seed): Json<Seed>) -> StatusCode {
    sim.state().seed(seed.servicio, &seed.asunto, seed.estado, seed.count);
    StatusCode::CREATED
}

/// A staff answer written in WispHub: `{respuesta, usuario, fecha}`.
async fn answer(State(sim): State<Sim>, Path(id): Path<i64>, Json(body): Json<Value>) -> Response {
    let text = |k: &str| body.get(k).and_then(Value::as_str).unwrap_or_default().to_owned();
    if sim.state().answer(id, &text("usuario"), &text("respuesta"), &text("fecha")) {
        StatusCode::CREATED.into_response()
    } else {
        detail_not_found()
    }
}

/// A known outage on a client's router: `{descripcion}`, or `null` to end it.
async fn outage(State(sim): State<Sim>, Path(id): Path<i64>, Json(body): Json<Value>) -> Response {
    let mut s = sim.state();
    let Some(c) = s.clientes.iter_mut().find(|c| c.id_servicio == id) else {
        return detail_not_found();
    };
    c.falla_general = body.get("descripcion").and_then(Value::as_str).map(str::to_owned);
    StatusCode::NO_CONTENT.into_response()
}
