//! The store's conformance suite: what every [`Backend`] promises, run on each store —
//! SQLite (a database file in a folder of its own, its photos beside it) and PostgreSQL (a schema of its own on the server
//! `HELPDESK_TEST_POSTGRES` names; `cargo xtask test` starts one) — through the trait alone.
//! Where a promise is about several instances, PostgreSQL gets several pools on one schema,
//! as several helpdesk-server processes would hold; SQLite, one process's single store.

mod events;
mod instances;
mod outages;
mod photos;
mod rules;

use std::sync::Arc;

use chrono::NaiveDateTime;
use helpdesk_core::{PriorityLevel, StatusKind};
use helpdesk_server::ServerPolicy;
use helpdesk_server::store::{
    Directory, NewTicket, PgStore, Saved, ServiceRecord, SqliteStore, Store, Technician, Zone,
};

/// One store under test: its name and `n` handles on it (instances).
pub(crate) struct Under {
    pub(crate) name: &'static str,
    pub(crate) instances: Vec<Store>,
    /// The folder of a store kept in files, removed with it.
    pub(crate) _folder: Option<tempfile::TempDir>,
}

impl Under {
    /// The first instance.
    pub(crate) fn store(&self) -> &Store {
        &self.instances[0]
    }
}

/// Each store, with `n` instances of it.
pub(crate) async fn each_store(n: usize) -> Vec<Under> {
    let folder = tempfile::tempdir().expect("folder");
    let sqlite = Store::new(SqliteStore::open(&folder.path().join("helpdesk.db")).expect("sqlite"));
    let mut stores = vec![Under { name: "sqlite", instances: vec![sqlite; n], _folder: Some(folder) }];
    match std::env::var("HELPDESK_TEST_POSTGRES") {
        Ok(url) => {
            let schema =
                format!("t_{}", helpdesk_server::secret::random_token().expect("random").get(..16).unwrap_or("x"));
            let mut instances = Vec::new();
            for _ in 0..n {
                instances.push(Store::new(PgStore::connect_in_schema(&url, &schema).await.expect("postgres")));
            }
            stores.push(Under { name: "postgres", instances, _folder: None });
        }
        Err(_) => eprintln!("conformance: HELPDESK_TEST_POSTGRES is not set; SQLite only (cargo xtask test sets it)"),
    }
    stores
}

/// Noon of a Thursday, ISP time.
pub(crate) fn noon() -> NaiveDateTime {
    NaiveDateTime::parse_from_str("2026-02-26 12:00", "%Y-%m-%d %H:%M").expect("date")
}

/// `zones` zones (1..), each with `per_zone` services (zone * 100 + 1..), one technician (7).
pub(crate) async fn seed(store: &Store, zones: i64, per_zone: i64) {
    let services = (1..=zones)
        .flat_map(|z| {
            (1..=per_zone).map(move |s| ServiceRecord {
                id: z * 100 + s,
                zone_id: z,
                technician_id: 7,
                subscriber_name: format!("Abonado {z}-{s}"),
            })
        })
        .collect();
    let batch = Directory {
        zones: (1..=zones).map(|id| Zone { id, name: format!("Zona {id}") }).collect(),
        technicians: vec![Technician { id: 7, name: "Elena Vargas".into() }],
        services,
    };
    assert!(matches!(store.save_directory(batch).await.expect("seed"), Saved::Done { .. }));
}

/// A new ticket for `service_id` (in zone `service_id / 100`).
pub(crate) fn new_ticket(service_id: i64, description: &str) -> NewTicket {
    NewTicket {
        service_id,
        zone_id: service_id / 100,
        technician_id: 7,
        subject: "Internet Lento".into(),
        priority: PriorityLevel::Normal,
        description: description.into(),
        status: StatusKind::Open,
        created_at: noon(),
        end_date: None,
        deliver_as: None,
    }
}

/// A policy with `max_tickets` per zone (and `per_service` per service, 0 for none).
pub(crate) fn policy(max_tickets: u32, per_service: u32) -> Arc<ServerPolicy> {
    let mut rules = helpdesk_core::policy::Policy::default();
    rules.zone.max_tickets = max_tickets;
    rules.max_tickets_per_service = per_service;
    Arc::new(ServerPolicy::new(rules).expect("policy"))
}
