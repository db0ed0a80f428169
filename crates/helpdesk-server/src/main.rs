//! helpdesk-server: parse the configuration, open the store, serve.

use clap::Parser;
use helpdesk_server::config::Command;
use helpdesk_server::store::{PgStore, SqliteStore, postgres};
use helpdesk_server::{AppState, Config, ServerPolicy, Store, app, demo};
use std::sync::Arc;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")))
        .init();
    let config = Config::parse();
    let upstream = config.upstream()?.map(Arc::new);
    let mut rules = config.policy();
    if let Some(path) = &config.catalog {
        rules.catalog = helpdesk_server::config::read_catalog(path)?;
        tracing::info!(subjects = rules.catalog.subjects().len(), file = %path.display(), "the ISP's subject catalog");
    }
    if let (Some(gateway), true) = (&upstream, config.upstream_catalog) {
        match gateway.catalog(&rules.catalog).await {
            Ok(catalog) => {
                tracing::info!(subjects = catalog.subjects().len(), "subject catalog taken from WispHub");
                rules.catalog = catalog;
            }
            Err(e) => tracing::error!(error = %e, "cannot read WispHub's subjects; using the built-in catalog"),
        }
    }
    let policy = Arc::new(ServerPolicy::new(rules)?);
    let store = if postgres::is_postgres_url(&config.database) {
        Store::new(PgStore::connect(&config.database).await?)
    } else {
        Store::new(SqliteStore::open(std::path::Path::new(&config.database))?)
    };
    if let Some(Command::Import { file }) = &config.command {
        return match helpdesk_server::import::run(&store, file).await {
            Ok(summary) => {
                println!("{}: {summary}", file.display());
                Ok(())
            }
            Err(problems) => {
                eprintln!("{}: nothing was imported:", file.display());
                for problem in problems {
                    eprintln!("  {problem}");
                }
                std::process::exit(1);
            }
        };
    }
    if config.demo && upstream.is_none() && demo::seed_if_empty(&store, policy.local_now(), policy.clone()).await? {
        tracing::info!("filled the empty database with demo data");
    }
    helpdesk_server::metrics::install();
    if let Some(gateway) = &upstream {
        tracing::info!(back_office = ?gateway.back_office, "in front of the back office: mirroring it, delivering new tickets to it");
        let seconds = |s: u64| std::time::Duration::from_secs(s.max(1));
        let lease = helpdesk_server::delivery::lease_for(seconds(config.upstream_timeout_seconds));
        helpdesk_server::delivery::spawn(
            store.clone(),
            gateway.back_office.clone(),
            seconds(config.delivery_interval_seconds),
            lease,
        );
        gateway.clone().spawn(store.clone(), policy.clone(), seconds(config.sync_interval_seconds));
    }
    let staff_key =
        config.staff_key.clone().or_else(|| config.demo.then(|| demo::DEMO_STAFF_KEY.to_owned())).map(Arc::from);
    let state = AppState {
        staff_key,
        demo: config.demo,
        cors_origins: config.cors_origins.clone().into(),
        in_flight_stale: chrono::Duration::seconds(config.idempotency_stale_seconds.into()),
        write_limit: helpdesk_server::limit::WriteLimit::per_minute(config.rate_limit_per_minute),
        request_timeout: std::time::Duration::from_secs(config.request_timeout_seconds.max(1)),
        max_concurrent_requests: config.max_concurrent_requests.max(1),
        upstream,
        ..AppState::new(store, policy)
    };
    let listener = tokio::net::TcpListener::bind(config.bind).await?;
    let addr = listener.local_addr()?;
    let mut endpoints = match &config.webhooks {
        Some(path) => helpdesk_server::webhooks::read_endpoints(path)?,
        None => Vec::new(),
    };
    let state = if config.demo && config.webhooks.is_none() {
        let inbox = helpdesk_server::demo_inbox::Inbox::new(helpdesk_server::secret::random_token()?);
        endpoints.push(inbox.endpoint(addr));
        AppState { demo_inbox: Some(inbox), ..state }
    } else {
        state
    };
    tracing::info!(endpoints = endpoints.len(), "webhooks");
    // Always running: it also forgets old events when no endpoint is configured.
    helpdesk_server::webhooks::Sender::new(endpoints)?
        .spawn(state.store.clone(), std::time::Duration::from_secs(config.webhook_interval_seconds.max(1)));
    tracing::info!(%addr, demo = config.demo, "helpdesk-server listening");
    axum::serve(listener, app(state, config.static_dir))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
