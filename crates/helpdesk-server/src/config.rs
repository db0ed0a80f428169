//! Command-line and environment configuration.

use std::net::SocketAddr;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Parser;
use helpdesk_core::calendar::{Calendar, Country};
use helpdesk_core::catalog::Catalog;
use helpdesk_core::policy::Policy;
use helpdesk_core::zone::ZoneLimit;

/// helpdesk-server: the helpdesk REST API over an embedded SQLite database or a shared
/// PostgreSQL one.
#[derive(Debug, Clone, Parser)]
#[command(version, about)]
pub struct Config {
    /// What to do instead of serving.
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Address to listen on.
    #[arg(long, env = "HELPDESK_BIND", default_value = "127.0.0.1:8787")]
    pub bind: SocketAddr,

    /// The store: a SQLite database file (created with its schema when missing), or a
    /// PostgreSQL database `postgres://user:password@host:port/name` that several instances
    /// share (its schema created and upgraded at start).
    #[arg(long, env = "HELPDESK_DATABASE", default_value = "helpdesk.db", hide_env_values = true)]
    pub database: String,

    /// Key that staff and integrations send in `X-API-Key`, at least 16 visible ASCII
    /// characters (`openssl rand -hex 32`). Without it, staff endpoints answer 401. In demo
    /// mode it defaults to `demo-staff-key`.
    #[arg(long, env = "HELPDESK_STAFF_KEY", hide_env_values = true, value_parser = crate::secret::staff_key)]
    pub staff_key: Option<String>,

    /// Seconds a claimed `Idempotency-Key` with no answer yet holds off its retries (409)
    /// before its request is taken to have died and a retry runs.
    #[arg(long, env = "HELPDESK_IDEMPOTENCY_STALE_SECONDS", default_value_t = 60)]
    pub idempotency_stale_seconds: u32,

    /// Demo mode: fill an empty database with demo data and accept the documented demo
    /// subscriber token `demo-subscriber-token` (service 100, zone 2). Never in production.
    #[arg(long, env = "HELPDESK_DEMO", default_value_t = false)]
    pub demo: bool,

    /// Directory of static files (the widget built by `trunk build`) to serve outside `/api/`.
    #[arg(long, env = "HELPDESK_STATIC_DIR")]
    pub static_dir: Option<PathBuf>,

    /// Origins allowed to call the API from a browser (CORS), comma-separated, such as
    /// https://portal.example.net, or `*` for any. None by default: same-origin only.
    #[arg(long, env = "HELPDESK_CORS_ORIGINS", value_delimiter = ',')]
    pub cors_origins: Vec<String>,

    /// Maximum number of active tickets per zone (MAX_ACTIVE_TICKETS_PER_ZONE).
    #[arg(long, env = "HELPDESK_MAX_TICKETS", default_value_t = 3)]
    pub max_tickets: u32,

    /// Maximum number of active tickets per service (subscriber line), so that one line
    /// cannot fill its zone; 0 for none.
    #[arg(long, env = "HELPDESK_MAX_TICKETS_PER_SERVICE", default_value_t = 2)]
    pub max_tickets_per_service: u32,

    /// Creates and replies a subscriber's service may send per minute (a burst of this many,
    /// then one every 60/N seconds), answered 429 with `Retry-After` beyond; 0 for no limit.
    /// Staff and integrations are not limited.
    #[arg(long, env = "HELPDESK_RATE_LIMIT_PER_MINUTE", default_value_t = 10)]
    pub rate_limit_per_minute: u32,

    /// Seconds a request may take before it is answered 503 (a create still runs to its
    /// end, and its retry replays it).
    #[arg(long, env = "HELPDESK_REQUEST_TIMEOUT_SECONDS", default_value_t = 30)]
    pub request_timeout_seconds: u64,

    /// Requests served at once; more are answered 503 with `Retry-After: 1`.
    #[arg(long, env = "HELPDESK_MAX_CONCURRENT_REQUESTS", default_value_t = 512)]
    pub max_concurrent_requests: usize,

    /// The back office to run in front of: `wisphub`, `whmcs` (its own includes/api.php) or
    /// `keliweb` (Keliweb's API over WHMCS). Without it the server keeps its own tickets
    /// (standalone, the default).
    #[arg(long, env = "HELPDESK_UPSTREAM", value_parser = ["wisphub", "whmcs", "keliweb"])]
    pub upstream: Option<String>,

    /// The back office's API URL (WispHub: the "URL de consulta de API" of the account, such
    /// as https://api.wisphub.net/api/; WHMCS: where it is installed, such as
    /// https://shop.example/billing; Keliweb: https://apiv2.keliweb.it).
    #[arg(long, env = "HELPDESK_UPSTREAM_URL", requires = "upstream")]
    pub upstream_url: Option<String>,

    /// The back office's API key (WispHub: a staff member's Api-Key). It never leaves the
    /// server: not in answers, logs or error messages.
    #[arg(long, env = "HELPDESK_UPSTREAM_KEY", hide_env_values = true, requires = "upstream")]
    pub upstream_key: Option<String>,

    /// WHMCS and Keliweb: their credentials, department, timezone and status labels.
    #[command(flatten)]
    pub whmcs: WhmcsArgs,

    /// Seconds one call to the back office may take.
    #[arg(long, env = "HELPDESK_UPSTREAM_TIMEOUT_SECONDS", default_value_t = 10)]
    pub upstream_timeout_seconds: u64,

    /// Calls a second the gateway makes to the back office at most (a burst of this many,
    /// then evenly spaced); 0 for no limit.
    #[arg(long, env = "HELPDESK_UPSTREAM_REQUESTS_PER_SECOND", default_value_t = 10)]
    pub upstream_requests_per_second: u32,

    /// Seconds between two delivery passes of the outbox (tickets waiting for the back office).
    #[arg(long, env = "HELPDESK_DELIVERY_INTERVAL_SECONDS", default_value_t = 2)]
    pub delivery_interval_seconds: u64,

    /// Seconds between two syncs of the mirror: WispHub's zones, staff and clients, and its
    /// tickets with their status and answers (every page). A change made in WispHub shows in
    /// the widget within this time.
    #[arg(long, env = "HELPDESK_SYNC_INTERVAL_SECONDS", default_value_t = 30)]
    pub sync_interval_seconds: u64,

    /// A create re-reads WispHub's tickets first when the last complete picture is older
    /// than this many seconds (when WispHub cannot be read, it is decided on that picture,
    /// and its age is logged and given in the answer's meta).
    #[arg(long, env = "HELPDESK_PICTURE_MAX_AGE_SECONDS", default_value_t = 30)]
    pub picture_max_age_seconds: u64,

    /// Reading one ticket re-reads it from WispHub first when its copy is older than this
    /// many seconds.
    #[arg(long, env = "HELPDESK_TICKET_REFRESH_SECONDS", default_value_t = 10)]
    pub ticket_refresh_seconds: u64,

    /// Take the subject catalog from WispHub's `asuntos-tickets` at start, instead of the
    /// built-in one (or the one of `--catalog`, whose priorities and wording it keeps for the
    /// names it shares).
    #[arg(long, env = "HELPDESK_UPSTREAM_CATALOG", requires = "upstream")]
    pub upstream_catalog: bool,

    /// The ISP's own subject catalog, a JSON file: a list of `{name, priority, wording?}`
    /// (`priority` low|normal|high|very_high; `wording` a list of `{lang, label, help?,
    /// words?}`), instead of the built-in one. Subjects the file leaves unworded in a language
    /// get the built-in wording when their name is a built-in subject.
    #[arg(long, env = "HELPDESK_CATALOG")]
    pub catalog: Option<PathBuf>,

    /// The ISP's webhook endpoints, a JSON file: a list of `{url, secret}` (https, or http to
    /// this machine; a secret of at least 16 characters). Each gets every `ticket.created`,
    /// `ticket.answered` and `ticket.status_changed` event, signed with its secret, at least
    /// once. In demo mode without it, the server's own demo receiver gets them.
    #[arg(long, env = "HELPDESK_WEBHOOKS")]
    pub webhooks: Option<PathBuf>,

    /// Seconds between passes of the webhook worker.
    #[arg(long, env = "HELPDESK_WEBHOOK_INTERVAL_SECONDS", default_value_t = 2)]
    pub webhook_interval_seconds: u64,

    /// Status codes that count as active, comma-separated (ACTIVE_TICKET_STATES).
    #[arg(long, env = "HELPDESK_ACTIVE_STATES", value_delimiter = ',', default_value = "1")]
    pub active_states: Vec<u8>,

    /// Business days from opening to the estimated resolution (MAX_TICKET_RESOLUTION_DAYS).
    #[arg(long, env = "HELPDESK_RESOLUTION_DAYS", default_value_t = 3)]
    pub resolution_days: u32,

    /// The longest description or message accepted, in characters; the widget's fields stop
    /// at the same length.
    #[arg(long, env = "HELPDESK_MAX_TEXT_CHARS", default_value_t = Policy::default().max_text_chars)]
    pub max_text_chars: u32,

    /// The ISP's IANA timezone; ticket dates are its local time.
    #[arg(long, env = "HELPDESK_TIMEZONE", default_value = "America/Bogota")]
    pub timezone: String,

    /// Country whose public holidays apply: CO, MX, PE or IT.
    #[arg(long, env = "HELPDESK_COUNTRY", default_value = "CO", value_parser = parse_country)]
    pub country: Country,

    /// Extra non-business dates of the ISP, comma-separated ISO dates (2026-12-24,2026-12-31).
    #[arg(long, env = "HELPDESK_EXTRA_HOLIDAYS", value_delimiter = ',')]
    pub extra_holidays: Vec<NaiveDate>,

    /// Country holidays the ISP works on anyway, comma-separated ISO dates.
    #[arg(long, env = "HELPDESK_REMOVED_HOLIDAYS", value_delimiter = ',')]
    pub removed_holidays: Vec<NaiveDate>,
}

/// The tasks besides serving.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum Command {
    /// Create or update services, with their zones and technicians, from a CSV file
    /// (columns service_id, subscriber_name, zone_id, technician_id, and optionally
    /// zone_name and technician_name), into --database. All or nothing: a bad row refuses the
    /// file, with a report of every bad row.
    Import {
        /// The CSV file.
        file: PathBuf,
    },
}

/// The catalog of the JSON file at `path` (see `--catalog`).
///
/// # Errors
/// What is wrong, naming the file: unreadable, not JSON, or not a catalog (empty, a blank or
/// repeated name, an unknown priority, a wording without its language or label).
pub fn read_catalog(path: &std::path::Path) -> Result<Catalog, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: not a subject catalog: {e}", path.display()))
}

fn parse_country(code: &str) -> Result<Country, String> {
    Country::from_code(code).ok_or_else(|| format!("unknown country {code:?}: use CO, MX, PE or IT"))
}

impl Config {
    /// The back office client these flags describe, if any.
    ///
    /// # Errors
    /// When `--upstream` is given without its URL or key, or the URL is unusable.
    pub fn upstream(&self) -> Result<Option<crate::mirror::Gateway>, String> {
        let Some(kind) = &self.upstream else { return Ok(None) };
        let Some(url) = &self.upstream_url else { return Err(format!("--upstream {kind} needs --upstream-url")) };
        let timeout = std::time::Duration::from_secs(self.upstream_timeout_seconds.max(1));
        let gateway = if kind == "wisphub" {
            let Some(key) = self.upstream_key.as_deref().map(str::trim).filter(|k| !k.is_empty()) else {
                return Err("--upstream wisphub needs --upstream-key (a WispHub staff member's Api-Key)".into());
            };
            let client = crate::upstream::wisphub::WispHub::new(url, key, timeout)?;
            crate::mirror::Gateway::new(client.with_rate_limit(self.upstream_requests_per_second))
        } else {
            let office = self.whmcs.office(kind, url, &self.timezone, timeout)?;
            let client = office.client.clone().with_rate_limit(self.upstream_requests_per_second);
            crate::mirror::Gateway::new(crate::upstream::whmcs_office::WhmcsOffice { client, ..office })
        };
        Ok(Some(gateway.with_bounds(
            std::time::Duration::from_secs(self.picture_max_age_seconds),
            std::time::Duration::from_secs(self.ticket_refresh_seconds),
        )))
    }

    /// The rules these flags describe, with the default subject catalog.
    #[must_use]
    pub fn policy(&self) -> Policy {
        let mut calendar = Calendar::of(self.country);
        calendar.extra_holidays.extend(self.extra_holidays.iter().copied());
        calendar.removed_holidays.extend(self.removed_holidays.iter().copied());
        Policy {
            zone: ZoneLimit { max_tickets: self.max_tickets, active_states: self.active_states.clone() },
            resolution_days: self.resolution_days,
            timezone: self.timezone.clone(),
            calendar,
            catalog: Catalog::default(),
            max_text_chars: self.max_text_chars,
            max_tickets_per_service: self.max_tickets_per_service,
        }
    }
}

/// The flags of a gateway in front of WHMCS, directly or through Keliweb. Secrets are read
/// from the environment as well, never shown in `--help`'s values.
#[derive(Debug, Clone, clap::Args)]
pub struct WhmcsArgs {
    /// WHMCS: the API credential's identifier (Setup > Staff Management > Manage API Credentials).
    #[arg(long, env = "HELPDESK_WHMCS_IDENTIFIER", hide_env_values = true)]
    pub whmcs_identifier: Option<String>,

    /// WHMCS: the API credential's secret.
    #[arg(long, env = "HELPDESK_WHMCS_SECRET", hide_env_values = true)]
    pub whmcs_secret: Option<String>,

    /// WHMCS and Keliweb: the support department new tickets are opened in (its deptid).
    #[arg(long, env = "HELPDESK_WHMCS_DEPARTMENT", default_value_t = 1)]
    pub whmcs_department: i64,

    /// WHMCS and Keliweb: the IANA timezone the shop writes its dates in (default: the ISP's).
    #[arg(long, env = "HELPDESK_WHMCS_TIMEZONE")]
    pub whmcs_timezone: Option<String>,

    /// WHMCS and Keliweb: the status labels that mean closed, comma-separated (the shop's
    /// own labels may differ from WHMCS's default `Closed`).
    #[arg(long, env = "HELPDESK_WHMCS_CLOSED_STATUSES", value_delimiter = ',', default_value = "Closed")]
    pub whmcs_closed_statuses: Vec<String>,

    /// WHMCS and Keliweb: subscribers may close their tickets (UpdateTicket to the first
    /// closed status).
    #[arg(long, env = "HELPDESK_WHMCS_ALLOW_CLOSE")]
    pub whmcs_allow_close: bool,

    /// Keliweb: the OAuth2 client id.
    #[arg(long, env = "HELPDESK_KELIWEB_CLIENT_ID", hide_env_values = true)]
    pub keliweb_client_id: Option<String>,

    /// Keliweb: the OAuth2 client secret.
    #[arg(long, env = "HELPDESK_KELIWEB_CLIENT_SECRET", hide_env_values = true)]
    pub keliweb_client_secret: Option<String>,

    /// Keliweb: the account's user name (the password grant).
    #[arg(long, env = "HELPDESK_KELIWEB_USERNAME", hide_env_values = true)]
    pub keliweb_username: Option<String>,

    /// Keliweb: the account's password.
    #[arg(long, env = "HELPDESK_KELIWEB_PASSWORD", hide_env_values = true)]
    pub keliweb_password: Option<String>,
}

impl WhmcsArgs {
    /// The shop these flags describe, reached as `kind` (`whmcs` or `keliweb`) at `url`, its
    /// dates turned into `isp_timezone`.
    ///
    /// # Errors
    /// A credential missing, a timezone unknown, a URL unusable.
    pub fn office(
        &self,
        kind: &str,
        url: &str,
        isp_timezone: &str,
        timeout: std::time::Duration,
    ) -> Result<crate::upstream::whmcs_office::WhmcsOffice, String> {
        use crate::upstream::whmcs::Whmcs;
        let given = |flag: &str, v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
                .ok_or_else(|| format!("--upstream {kind} needs --{flag}"))
        };
        let client = if kind == "whmcs" {
            Whmcs::direct(
                url,
                &given("whmcs-identifier", &self.whmcs_identifier)?,
                &given("whmcs-secret", &self.whmcs_secret)?,
                timeout,
            )?
        } else {
            let app = (
                given("keliweb-client-id", &self.keliweb_client_id)?,
                given("keliweb-client-secret", &self.keliweb_client_secret)?,
            );
            let user = (
                given("keliweb-username", &self.keliweb_username)?,
                given("keliweb-password", &self.keliweb_password)?,
            );
            Whmcs::keliweb(url, (&app.0, &app.1), (&user.0, &user.1), timeout)?
        };
        let zone = |name: &str| name.parse::<chrono_tz::Tz>().map_err(|_| format!("unknown timezone {name:?}"));
        let shop = crate::upstream::whmcs_read::Shop {
            timezone: zone(self.whmcs_timezone.as_deref().unwrap_or(isp_timezone))?,
            isp_timezone: zone(isp_timezone)?,
            closed: self.whmcs_closed_statuses.iter().map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect(),
        };
        Ok(crate::upstream::whmcs_office::WhmcsOffice {
            client,
            department: self.whmcs_department,
            shop,
            allow_close: self.whmcs_allow_close,
        })
    }
}
