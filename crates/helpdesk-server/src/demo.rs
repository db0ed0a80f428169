//! Demo data for `cargo xtask dev` and the end-to-end tests.
//!
//! Demo mode accepts the documented subscriber token [`DEMO_SUBSCRIBER_TOKEN`], bound to
//! service [`DEMO_SERVICE_ID`] in zone 2 (in front of a back office, its service 100, read
//! from it), and the staff key [`DEMO_STAFF_KEY`] unless another is configured. Outside demo
//! mode neither exists.

use std::sync::Arc;

use chrono::{Days, NaiveDateTime, NaiveTime};
use helpdesk_core::StatusKind;

use crate::ServerPolicy;
use crate::store::{
    Created, Directory, MessageKind, NewTicket, Saved, ServiceRecord, Store, StoreError, Technician, Zone,
};

/// The demo subscriber's bearer token (demo mode only).
pub const DEMO_SUBSCRIBER_TOKEN: &str = "demo-subscriber-token";
/// The staff key in demo mode when none is configured.
pub const DEMO_STAFF_KEY: &str = "demo-staff-key";
/// The service the demo token is bound to.
pub const DEMO_SERVICE_ID: i64 = 100;

struct DemoTicket {
    service_id: i64,
    subject: &'static str,
    status: StatusKind,
    days_ago: u64,
    description: &'static str,
    staff_answer: Option<&'static str>,
}

const TICKETS: &[DemoTicket] = &[
    DemoTicket {
        service_id: 100,
        subject: "Cambio de Contraseña en Router Wifi",
        status: StatusKind::Closed,
        days_ago: 40,
        description: "Quiero cambiar la contraseña del wifi, no recuerdo cómo entrar al router.",
        staff_answer: Some("Listo: cambiamos la contraseña por la que nos indicó por teléfono."),
    },
    DemoTicket {
        service_id: 100,
        subject: "Antena Desalineada",
        status: StatusKind::Resolved,
        days_ago: 15,
        description: "Después de la tormenta la señal bajó mucho; la antena parece movida.",
        staff_answer: Some("El técnico realineó la antena. La señal quedó en -58 dBm."),
    },
    DemoTicket {
        service_id: 100,
        subject: "No Responde la Antena",
        status: StatusKind::InProgress,
        days_ago: 3,
        description: "La antena no enciende la luz verde desde ayer en la noche.",
        staff_answer: Some("Un técnico visitará su domicilio mañana entre 8:00 y 12:00."),
    },
    DemoTicket {
        service_id: 100,
        subject: "Internet Lento",
        status: StatusKind::Open,
        days_ago: 1,
        description: "En las noches la velocidad baja a menos de 2 Mbps.",
        staff_answer: None,
    },
    DemoTicket {
        service_id: 101,
        subject: "Internet Intermitente",
        status: StatusKind::Open,
        days_ago: 2,
        description: "Se corta cada 10 minutos.",
        staff_answer: None,
    },
    DemoTicket {
        service_id: 200,
        subject: "No Tiene Internet",
        status: StatusKind::Open,
        days_ago: 0,
        description: "Sin servicio desde esta mañana.",
        staff_answer: None,
    },
];

/// Fill an empty store (SQLite or PostgreSQL, through the [`Backend`] alone): two zones,
/// three services, tickets in every status. Dates are relative to `now_local` (the ISP's
/// local time). Returns whether it seeded.
///
/// # Errors
/// On a store failure.
pub async fn seed_if_empty(
    store: &Store,
    now_local: NaiveDateTime,
    policy: Arc<ServerPolicy>,
) -> Result<bool, StoreError> {
    if !store.zones().await?.is_empty() {
        return Ok(false);
    }
    let service = |id, zone_id, name: &str, technician_id| ServiceRecord {
        id,
        zone_id,
        technician_id,
        subscriber_name: name.to_owned(),
    };
    let directory = Directory {
        zones: vec![Zone { id: 1, name: "Centro".into() }, Zone { id: 2, name: "Norte".into() }],
        technicians: vec![
            Technician { id: 5, name: "Diego Torres".into() },
            Technician { id: 7, name: "Elena Vargas".into() },
        ],
        services: vec![
            service(100, 2, "Ana Gómez", 5),
            service(101, 2, "Bruno Díaz", 5),
            service(200, 1, "Carla Ruiz", 7),
        ],
    };
    if let Saved::Refused(why) = store.save_directory(directory).await? {
        return Err(StoreError::from(format!("demo directory refused: {why}")));
    }
    // The demo's tickets are history, not creates: no limit applies to them.
    let mut rules = policy.rules.clone();
    rules.zone.max_tickets = u32::MAX;
    rules.max_tickets_per_service = 0;
    let unlimited = Arc::new(ServerPolicy::new(rules).map_err(|e| StoreError::from(e.to_string()))?);
    let opening_time = NaiveTime::from_hms_opt(9, 15, 0).unwrap_or_default();
    for t in TICKETS {
        let created_at =
            now_local.date().checked_sub_days(Days::new(t.days_ago)).unwrap_or(now_local.date()).and_time(opening_time);
        let zone_id = if t.service_id == 200 { 1 } else { 2 };
        let priority = policy
            .rules
            .catalog
            .priority_of(t.subject)
            .ok_or_else(|| StoreError::from(format!("demo subject {:?} is not in the catalog", t.subject)))?;
        let new = NewTicket {
            service_id: t.service_id,
            zone_id,
            technician_id: 5,
            subject: t.subject.to_owned(),
            priority,
            description: t.description.to_owned(),
            status: t.status,
            created_at,
            end_date: Some(policy.business_days.add_business_days(created_at, policy.rules.resolution_days)),
            deliver_as: None,
        };
        let Created::Ticket(ticket) = store.create_ticket(new, unlimited.clone(), None).await? else {
            return Err(StoreError::from("a demo ticket was refused"));
        };
        if let Some(answer) = t.staff_answer {
            let answered = created_at + chrono::Duration::hours(2);
            store.add_message(ticket.id, MessageKind::Staff, "Soporte".into(), answer.into(), answered).await?;
        }
    }
    Ok(true)
}
