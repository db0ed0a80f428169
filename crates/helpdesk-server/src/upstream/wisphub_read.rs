//! Reading WispHub's answers (API-FACTS §2) into the gateway's values: tickets with their
//! staff answers (`respuestas.respuesta`), clients (services with their zone and
//! technician), zones and staff. WispHub writes numbers as numbers or strings, and nests a
//! related record or gives its id; both are read. A record without what the gateway needs
//! is an [`UpstreamError::Malformed`] naming it.

use chrono::NaiveDateTime;
use serde_json::Value;

use super::UpstreamError;
use super::office::NO_TECHNICIAN;
use crate::store::{ServiceRecord, Technician, UpstreamAnswer, UpstreamTicket, Zone};

/// An integer written as a number or a string.
#[must_use]
pub fn int(v: &Value) -> Option<i64> {
    v.as_i64().or_else(|| v.as_str()?.trim().parse().ok())
}

/// The id of a related record given as its id or nested (`{"id": …}` or `{"id_servicio": …}`).
fn id_of(v: &Value, nested: &str) -> Option<i64> {
    int(v).or_else(|| int(v.get(nested)?))
}

/// Text, or "" when absent or null.
fn text(v: &Value, field: &str) -> String {
    v.get(field).and_then(Value::as_str).unwrap_or_default().to_owned()
}

/// A date as WispHub writes it, `DD/MM/YYYY HH:MM` (seconds or a bare date accepted).
#[must_use]
pub fn date(text: &str) -> Option<NaiveDateTime> {
    let text = text.trim();
    ["%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
        .or_else(|| chrono::NaiveDate::parse_from_str(text, "%d/%m/%Y").ok()?.and_hms_opt(0, 0, 0))
}

fn malformed(what: &str, record: &Value) -> UpstreamError {
    let shown: String = record.to_string().chars().take(200).collect();
    UpstreamError::Malformed(format!("{what}: {shown}"))
}

/// A ticket as `GET /api/tickets/` and `GET /api/tickets/{id}/` answer it.
///
/// # Errors
/// When it lacks its number, service, or a status or priority in 1..=4.
pub fn ticket(t: &Value) -> Result<UpstreamTicket, UpstreamError> {
    let upstream_id = t.get("id_ticket").and_then(int).ok_or_else(|| malformed("a ticket without id_ticket", t))?;
    let service_id = t
        .get("servicio")
        .and_then(|s| id_of(s, "id_servicio"))
        .ok_or_else(|| malformed("a ticket without servicio", t))?;
    let code = |field| t.get(field).and_then(int).and_then(|n| u8::try_from(n).ok()).filter(|n| (1..=4).contains(n));
    let status = code("estado").ok_or_else(|| malformed("a ticket whose estado is not 1..4", t))?;
    let answers = t.get("respuestas").map(|r| {
        let list = r.get("respuesta").unwrap_or(r);
        list.as_array()
            .into_iter()
            .flatten()
            .filter_map(|a| {
                Some(UpstreamAnswer {
                    upstream_id: a.get("id").and_then(int)?,
                    author: text(a, "usuario"),
                    body: text(a, "respuesta"),
                    at: date(&text(a, "fecha"))?,
                    by_staff: true,
                    opening: false,
                })
            })
            .collect()
    });
    Ok(UpstreamTicket {
        upstream_id,
        number: None,
        service_id,
        technician_id: t.get("tecnico").and_then(|s| id_of(s, "id")),
        subject: text(t, "asunto"),
        description: text(t, "descripcion"),
        status,
        priority: code("prioridad").unwrap_or(2),
        created_at: date(&text(t, "fecha_inicio")),
        end_date: date(&text(t, "fecha_final")),
        answers,
    })
}

/// The service id of a client of `GET /api/clientes/`.
#[must_use]
pub fn service_id(c: &Value) -> Option<i64> {
    c.get("id_servicio").and_then(int)
}

/// A client of `GET /api/clientes/`: its service (with [`NO_TECHNICIAN`] when it has none), or
/// `None` when it has no zone (no ticket of it counts anywhere).
///
/// # Errors
/// When it lacks its service id.
pub fn service(c: &Value) -> Result<Option<ServiceRecord>, UpstreamError> {
    let id = service_id(c).ok_or_else(|| malformed("a client without id_servicio", c))?;
    let zone_id = c.get("zona").and_then(|z| id_of(z, "id"));
    let technician_id = c.get("tecnico").and_then(|t| id_of(t, "id")).unwrap_or(NO_TECHNICIAN);
    Ok(zone_id.map(|zone_id| ServiceRecord { id, zone_id, technician_id, subscriber_name: text(c, "nombre") }))
}

/// The known outage WispHub reports on a client's router (`router.falla_general`, a bool
/// or its text), with its description, or a plain one when it gives none.
#[must_use]
pub fn outage(c: &Value) -> Option<String> {
    let router = c.get("router")?;
    let on = match router.get("falla_general")? {
        Value::Bool(b) => *b,
        Value::String(s) => matches!(s.trim().to_ascii_lowercase().as_str(), "true" | "1" | "si" | "sí"),
        Value::Number(n) => n.as_i64().is_some_and(|n| n != 0),
        _ => false,
    };
    let said = router.get("falla_general_descripcion").and_then(Value::as_str).map(str::trim).unwrap_or_default();
    on.then(|| if said.is_empty() { "Falla general reportada por el proveedor.".to_owned() } else { said.to_owned() })
}

/// Whether a ticket of `GET /api/tickets/{id}/` holds its one file (`archivo_ticket`, a link
/// when it has one; `null` or empty when not).
#[must_use]
pub fn has_file(t: &Value) -> bool {
    t.get("archivo_ticket").and_then(Value::as_str).is_some_and(|link| !link.trim().is_empty())
}

/// A zone of `GET /api/zonas/`.
///
/// # Errors
/// When it lacks its id.
pub fn zone(z: &Value) -> Result<Zone, UpstreamError> {
    let id = z.get("id").and_then(int).ok_or_else(|| malformed("a zone without id", z))?;
    Ok(Zone { id, name: text(z, "nombre") })
}

/// A staff member of `GET /api/staff/`.
///
/// # Errors
/// When it lacks its id.
pub fn technician(s: &Value) -> Result<Technician, UpstreamError> {
    let id = s.get("id").and_then(int).ok_or_else(|| malformed("a staff member without id", s))?;
    let name = [text(s, "nombre"), text(s, "username")].into_iter().find(|n| !n.is_empty());
    Ok(Technician { id, name: name.unwrap_or_else(|| format!("#{id}")) })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_ticket_is_read_with_numbers_as_strings_and_nested_records() {
        let t = ticket(&json!({
            "id_ticket": "41", "servicio": {"id_servicio": 100}, "tecnico": {"id": "5"},
            "asunto": "Internet Lento", "descripcion": "x", "estado": "2", "prioridad": 3,
            "fecha_inicio": "26/02/2026 10:05", "fecha_final": "",
            "respuestas": {"respuesta": [{"id": 9, "respuesta": "Vamos", "usuario": "Diego", "fecha": "27/02/2026 08:00"}]}
        }))
        .expect("a ticket");
        assert_eq!((t.upstream_id, t.service_id, t.technician_id, t.status, t.priority), (41, 100, Some(5), 2, 3));
        assert_eq!(t.created_at.map(|d| d.to_string()).as_deref(), Some("2026-02-26 10:05:00"));
        assert_eq!(t.end_date, None);
        assert_eq!(t.answers.expect("answers")[0].body, "Vamos");
    }

    #[test]
    fn a_ticket_without_what_the_gateway_needs_is_malformed() {
        for bad in [
            json!({"servicio": 1, "estado": 1}),
            json!({"id_ticket": 1, "estado": 1}),
            json!({"id_ticket": 1, "servicio": 1, "estado": 7}),
        ] {
            assert!(matches!(ticket(&bad), Err(UpstreamError::Malformed(_))), "{bad}");
        }
        assert_eq!(ticket(&json!({"id_ticket": 1, "servicio": 3, "estado": 4})).expect("ok").answers, None);
    }

    #[test]
    fn a_client_without_zone_is_no_service_and_without_technician_has_none() {
        let c = json!({"id_servicio": 7, "nombre": "Ana", "zona": {"id": 2, "nombre": "Norte"}, "tecnico": null});
        assert_eq!(service(&c).expect("read").map(|s| s.technician_id), Some(NO_TECHNICIAN));
        let c = json!({"id_servicio": 7, "nombre": "Ana", "zona": null, "tecnico": {"id": 5}});
        assert_eq!(service(&c).expect("read"), None);
        let c = json!({"id_servicio": "7", "nombre": "Ana", "zona": {"id": 2}, "tecnico": {"id": 5}});
        assert_eq!(service(&c).expect("read").map(|s| (s.id, s.zone_id, s.technician_id)), Some((7, 2, 5)));
    }

    #[test]
    fn a_routers_falla_general_is_an_outage_with_its_description() {
        let with = |router: Value| json!({"id_servicio": 7, "router": router});
        let cases = [
            (json!({"falla_general": true, "falla_general_descripcion": " Corte de fibra "}), Some("Corte de fibra")),
            (
                json!({"falla_general": "true", "falla_general_descripcion": ""}),
                Some("Falla general reportada por el proveedor."),
            ),
            (json!({"falla_general": 1}), Some("Falla general reportada por el proveedor.")),
            (json!({"falla_general": false, "falla_general_descripcion": "vieja"}), None),
            (json!({}), None),
        ];
        for (router, expected) in cases {
            assert_eq!(outage(&with(router.clone())).as_deref(), expected, "{router}");
        }
        assert_eq!(outage(&json!({"id_servicio": 7})), None, "no router");
    }
}
