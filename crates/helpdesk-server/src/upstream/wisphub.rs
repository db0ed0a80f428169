//! A client of WispHub's API (API-FACTS §2): one pooled `reqwest` client over rustls, the
//! key in `Authorization: Api-Key`, every page of a list (its `next` rebuilt on the
//! configured base, never followed as given), tickets created as multipart, and each failure
//! an [`UpstreamError`] that says whether a create may have happened.

use std::fmt;
use std::time::Duration;

use reqwest::{StatusCode, Url};
use serde_json::Value;

use super::UpstreamError;
use super::http::{self, cut};

/// How many items a list page asks for (what WispHub's own clients use).
pub const PAGE_SIZE: u32 = 300;
/// The most pages a list follows (a loop guard: 3,000,000 items).
const MAX_PAGES: usize = 10_000;

/// A ticket to open in WispHub, field for field as its create takes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTicket {
    /// `servicio`.
    pub servicio: i64,
    /// `asunto` (and `asuntos_default`).
    pub asunto: String,
    /// `tecnico`.
    pub tecnico: i64,
    /// `descripcion`, which carries the gateway's reference.
    pub descripcion: String,
    /// `estado`, 1..=4.
    pub estado: u8,
    /// `prioridad`, 1..=4.
    pub prioridad: u8,
    /// `fecha_inicio`, `DD/MM/YYYY HH:MM`.
    pub fecha_inicio: String,
    /// `fecha_final`, `DD/MM/YYYY HH:MM`.
    pub fecha_final: String,
}

/// A WispHub instance: its API base and key, and the pace of the calls made to it.
#[derive(Clone)]
pub struct WispHub {
    http: reqwest::Client,
    /// The API base, without a trailing slash (`https://api.wisphub.net/api`).
    base: Url,
    key: String,
    /// The longest one call may take (and four times that, wait for its turn).
    timeout: Duration,
    /// At most so many calls a second (shared by every clone).
    pace: http::Pace,
}

impl fmt::Debug for WispHub {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WispHub").field("base", &self.base.as_str()).field("key", &"<redacted>").finish()
    }
}

impl WispHub {
    /// A client of the instance at `base` (its "URL de consulta de API", with or without the
    /// trailing `/api/`), calling with `key`, each call given at most `timeout`.
    ///
    /// # Errors
    /// When `base` is not an http(s) URL, or the HTTP client cannot be built.
    pub fn new(base: &str, key: &str, timeout: Duration) -> Result<Self, String> {
        let mut base = http::base_url(base)?;
        let path = base.path().trim_end_matches('/').to_owned();
        base.set_path(&if path.ends_with("/api") { path } else { format!("{path}/api") });
        Ok(Self { http: http::client(timeout)?, base, key: key.to_owned(), timeout, pace: http::Pace::default() })
    }

    /// The same client, making at most `per_second` calls a second (WispHub documents no
    /// limit, but an instance is one ISP's); 0 for no limit. Calls beyond it wait their turn.
    #[must_use]
    pub fn with_rate_limit(mut self, per_second: u32) -> Self {
        self.pace = http::Pace::per_second(per_second);
        self
    }

    /// `path` (`/tickets/`) and `query` under the base.
    fn url(&self, path: &str, query: Option<&str>) -> Url {
        let mut url = self.base.clone();
        url.set_path(&format!("{}{path}", self.base.path()));
        url.set_query(query);
        url
    }

    /// A `next` link rebuilt on the configured base: its path below `/api` and its query.
    ///
    /// # Errors
    /// [`UpstreamError::BadLink`] when it does not point into an API.
    pub fn rebuild(&self, link: &str) -> Result<Url, UpstreamError> {
        let bad = || UpstreamError::BadLink(cut(link));
        let given = Url::parse(link).or_else(|_| self.base.join(link)).map_err(|_| bad())?;
        let (_, below) = given.path().split_once("/api/").ok_or_else(bad)?;
        Ok(self.url(&format!("/{below}"), given.query()))
    }

    /// Send `request` with the key; the answer's status and JSON body. Every call is counted
    /// by its result (`helpdesk_upstream_calls_total`).
    async fn send(&self, request: reqwest::RequestBuilder) -> Result<(StatusCode, Value), UpstreamError> {
        let result = self.call(request).await;
        http::count("wisphub", &result);
        result
    }

    async fn call(&self, request: reqwest::RequestBuilder) -> Result<(StatusCode, Value), UpstreamError> {
        // A turn not given within four calls' time is a call not made (nothing was sent):
        // a burst of reads never holds the sync and the deliveries back for long.
        self.pace.turn(self.timeout * 4).await?;
        let key = http::secret_header(&format!("Api-Key {}", self.key))?;
        let (status, html, text) = http::send(request.header(reqwest::header::AUTHORIZATION, key)).await?;
        match status {
            StatusCode::FORBIDDEN if html => Err(UpstreamError::Refused),
            StatusCode::NOT_FOUND => Err(UpstreamError::NotFound),
            s if s.is_server_error() => Err(UpstreamError::Failed(s.as_u16())),
            s if s.is_client_error() => Err(UpstreamError::Rejected { status: s.as_u16(), detail: cut(&text) }),
            s => serde_json::from_str(&text)
                .map(|v| (s, v))
                .map_err(|_| UpstreamError::Malformed(format!("not JSON: {}", cut(&text)))),
        }
    }

    /// Every item of the list at `path` (`/tickets/`, or with filters
    /// `/clientes/?id_servicio=7`), all pages, each item once (by its id). A list whose
    /// pages do not add up to its `count` (it changed while it was read: a page skipped an
    /// item) is read once more, then refused.
    ///
    /// # Errors
    /// The first failed page's error, or [`UpstreamError::Malformed`] for a list that does
    /// not add up: a list is complete or not at all.
    pub async fn all(&self, path: &str) -> Result<Vec<Value>, UpstreamError> {
        match self.pages(path).await? {
            Ok(items) => Ok(items),
            Err(_) => self.pages(path).await?.map_err(|(got, count)| {
                UpstreamError::Malformed(format!(
                    "{path} changed while it was read: {got} items for a count of {count}"
                ))
            }),
        }
    }

    /// Every page of `path` once: its distinct items, or how many there were against the
    /// last page's `count` when they differ.
    async fn pages(&self, path: &str) -> Result<Result<Vec<Value>, (usize, u64)>, UpstreamError> {
        let (path, filters) = path.split_once('?').map_or((path, None), |(p, q)| (p, Some(q)));
        let id_field = match path {
            "/tickets/" => "id_ticket",
            "/clientes/" => "id_servicio",
            _ => "id",
        };
        let paging = format!("limit={PAGE_SIZE}&offset=0");
        let query = filters.map_or_else(|| paging.clone(), |f| format!("{f}&{paging}"));
        let mut url = self.url(path, Some(&query));
        let mut items = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for _ in 0..MAX_PAGES {
            let (_, page) = self.send(self.http.get(url.clone())).await?;
            let results = page.get("results").and_then(Value::as_array).ok_or_else(|| {
                UpstreamError::Malformed(format!("a page without results: {}", cut(&page.to_string())))
            })?;
            for item in results {
                // A page that shifted under a change repeats an item: keep it once.
                let id = item
                    .get(id_field)
                    .map(|v| super::wisphub_read::int(v).map_or_else(|| v.to_string(), |n| n.to_string()));
                if id.is_none_or(|id| seen.insert(id)) {
                    items.push(item.clone());
                }
            }
            match page.get("next").and_then(Value::as_str) {
                Some(next) => url = self.rebuild(next)?,
                None => {
                    let count =
                        page.get("count").and_then(super::wisphub_read::int).and_then(|c| u64::try_from(c).ok());
                    return Ok(match count {
                        Some(count) if count != items.len() as u64 => Err((items.len(), count)),
                        _ => Ok(items),
                    });
                }
            }
        }
        Err(UpstreamError::Malformed(format!("{path} has more than {MAX_PAGES} pages")))
    }

    /// One cheap call that shows whether WispHub answers and accepts the key.
    ///
    /// # Errors
    /// Why it does not.
    pub async fn probe(&self) -> Result<(), UpstreamError> {
        self.send(self.http.get(self.url("/zonas/", Some("limit=1&offset=0")))).await.map(drop)
    }

    /// Ticket `id`, or `None` when WispHub has none.
    ///
    /// # Errors
    /// Any other failure.
    pub async fn ticket(&self, id: i64) -> Result<Option<Value>, UpstreamError> {
        match self.send(self.http.get(self.url(&format!("/tickets/{id}/"), None))).await {
            Ok((_, ticket)) => Ok(Some(ticket)),
            Err(UpstreamError::NotFound) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Open `ticket`: WispHub's `id_ticket`.
    ///
    /// # Errors
    /// Its failure; when [`UpstreamError::outcome_unknown`], the ticket may exist: look for
    /// it ([`WispHub::find_by_reference`]) before sending it again.
    pub async fn create(&self, ticket: &NewTicket) -> Result<i64, UpstreamError> {
        let t = ticket;
        let form = [
            ("servicio", t.servicio.to_string()),
            ("asunto", t.asunto.clone()),
            ("asuntos_default", t.asunto.clone()),
            ("tecnico", t.tecnico.to_string()),
            ("descripcion", t.descripcion.clone()),
            ("estado", t.estado.to_string()),
            ("prioridad", t.prioridad.to_string()),
            ("fecha_inicio", t.fecha_inicio.clone()),
            ("fecha_final", t.fecha_final.clone()),
        ]
        .into_iter()
        .fold(reqwest::multipart::Form::new(), |form, (name, value)| form.text(name, value));
        let (_, created) = self.send(self.http.post(self.url("/tickets/", None)).multipart(form)).await?;
        created.get("id_ticket").and_then(|id| id.as_i64().or_else(|| id.as_str()?.parse().ok())).ok_or_else(|| {
            UpstreamError::Malformed(format!("a create without id_ticket: {}", cut(&created.to_string())))
        })
    }

    /// Put file `name` (`bytes`, of type `content_type`) on ticket `id` as its
    /// `archivo_ticket` (`PATCH /tickets/{id}/`, multipart): WispHub keeps one file a ticket,
    /// so this replaces the one it has.
    ///
    /// # Errors
    /// Its failure (sending it again only puts the same file there again).
    pub async fn put_file(
        &self,
        id: i64,
        (name, content_type, bytes): (&str, &str, &[u8]),
    ) -> Result<(), UpstreamError> {
        let part = reqwest::multipart::Part::bytes(bytes.to_vec())
            .file_name(name.to_owned())
            .mime_str(content_type)
            .map_err(|e| UpstreamError::Malformed(format!("the type {content_type}: {e}")))?;
        let form = reqwest::multipart::Form::new().part("archivo_ticket", part);
        self.send(self.http.patch(self.url(&format!("/tickets/{id}/"), None)).multipart(form)).await.map(drop)
    }

    /// The id of the ticket whose description carries `reference`, if WispHub has one:
    /// every page of the ticket list is read (it cannot be filtered by subscriber).
    ///
    /// # Errors
    /// When the list cannot be read whole: then nobody knows whether it exists.
    pub async fn find_by_reference(&self, reference: &str) -> Result<Option<i64>, UpstreamError> {
        let tickets = self.all("/tickets/").await?;
        let Some(found) = tickets
            .iter()
            .find(|t| t.get("descripcion").and_then(Value::as_str).is_some_and(|d| d.contains(reference)))
        else {
            return Ok(None);
        };
        // Found but unreadable is not "absent": sending again would open it twice.
        found
            .get("id_ticket")
            .and_then(super::wisphub_read::int)
            .map(Some)
            .ok_or_else(|| UpstreamError::Malformed(format!("the ticket with {reference} has no readable id_ticket")))
    }
}
