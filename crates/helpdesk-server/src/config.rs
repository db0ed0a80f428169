//! Command-line and environment configuration.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;

/// helpdesk-server: the helpdesk REST API over an embedded SQLite database.
#[derive(Debug, Clone, Parser)]
#[command(version, about)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "HELPDESK_BIND", default_value = "127.0.0.1:8787")]
    pub bind: SocketAddr,

    /// SQLite database file; created (with its schema) when missing.
    #[arg(long, env = "HELPDESK_DB", default_value = "helpdesk.db")]
    pub database: PathBuf,

    /// Key that staff and integrations send in `X-API-Key`. Without it, staff endpoints
    /// answer 401. In demo mode it defaults to `demo-staff-key`.
    #[arg(long, env = "HELPDESK_STAFF_KEY", hide_env_values = true)]
    pub staff_key: Option<String>,

    /// Demo mode: fill an empty database with demo data and accept the documented demo
    /// subscriber token `demo-subscriber-token` (service 100, zone 2). Never in production.
    #[arg(long, env = "HELPDESK_DEMO", default_value_t = false)]
    pub demo: bool,

    /// Directory of static files (the widget built by `trunk build`) to serve outside `/api/`.
    #[arg(long, env = "HELPDESK_STATIC_DIR")]
    pub static_dir: Option<PathBuf>,
}
