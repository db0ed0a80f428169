//! WispHub as a [`BackOffice`]: its directory from `/zonas/`, `/staff/` and `/clientes/`,
//! its tickets from `/tickets/` (every page), a ticket with its `respuestas`, creates as its
//! multipart form with `DD/MM/YYYY HH:MM` dates and the gateway's reference at the end of the
//! description; the first photo a subscriber sends as the ticket's one file, `archivo_ticket`
//! (WispHub keeps one: the others stay with the gateway). Its API takes neither replies nor
//! closing on a subscriber's behalf.

use chrono::NaiveDateTime;
use helpdesk_core::envelope::Operations;
use helpdesk_core::time::{LocalForm, format_local};
use serde_json::Value;

use super::office::{BackOffice, Call, NO_TECHNICIAN, UpstreamDirectory, UpstreamService, not_offered};
use super::wisphub::{NewTicket, WispHub};
use super::wisphub_read;
use crate::store::{Delivery, Directory, PhotoDelivery, ReplyDelivery, Technician};

/// `DD/MM/YYYY HH:MM`, WispHub's form of a date.
fn wisphub_date(t: NaiveDateTime) -> String {
    let iso = format_local(t, LocalForm::Minutes); // YYYY-MM-DD HH:MM
    match (iso.get(0..4), iso.get(5..7), iso.get(8..10), iso.get(11..16)) {
        (Some(y), Some(m), Some(d), Some(hm)) => format!("{d}/{m}/{y} {hm}"),
        _ => iso,
    }
}

/// WispHub's ticket for `d`, its reference at the end of the description.
fn new_ticket(d: &Delivery) -> NewTicket {
    NewTicket {
        servicio: d.service_id,
        asunto: d.subject.clone(),
        tecnico: d.technician_id,
        descripcion: format!("{}\n\n{}", d.description, d.reference),
        estado: d.status,
        prioridad: d.priority,
        fecha_inicio: wisphub_date(d.created_at),
        fecha_final: d.end_date.map(wisphub_date).unwrap_or_default(),
    }
}

/// The stand-in technician of services WispHub names none for.
fn no_technician() -> Technician {
    Technician { id: NO_TECHNICIAN, name: "(sin técnico)".into() }
}

impl BackOffice for WispHub {
    fn kind(&self) -> &'static str {
        "wisphub"
    }

    fn operations(&self) -> Operations {
        Operations { reply: false, close: false }
    }

    fn probe(&self) -> Call<'_, ()> {
        Box::pin(WispHub::probe(self))
    }

    fn directory(&self) -> Call<'_, UpstreamDirectory> {
        Box::pin(async move {
            let zones = self.all("/zonas/").await?.iter().map(wisphub_read::zone).collect::<Result<Vec<_>, _>>()?;
            let mut technicians =
                self.all("/staff/").await?.iter().map(wisphub_read::technician).collect::<Result<Vec<_>, _>>()?;
            let clients = self.all("/clientes/").await?;
            let mut left_out = Vec::new();
            let mut outages = Vec::new();
            let mut services = Vec::with_capacity(clients.len());
            for client in &clients {
                match wisphub_read::service(client)? {
                    Some(mut s) if zones.iter().any(|z| z.id == s.zone_id) => {
                        if let Some(outage) = wisphub_read::outage(client).map(|o| (s.zone_id, o))
                            && !outages.contains(&outage)
                        {
                            outages.push(outage);
                        }
                        // A technician WispHub does not list is none: it still counts in its zone.
                        if !technicians.iter().any(|t| t.id == s.technician_id) {
                            s.technician_id = NO_TECHNICIAN;
                        }
                        services.push(s);
                    }
                    _ => left_out.push(wisphub_read::service_id(client).unwrap_or_default()),
                }
            }
            if services.iter().any(|s| s.technician_id == NO_TECHNICIAN) {
                technicians.push(no_technician());
            }
            Ok(UpstreamDirectory { directory: Directory { zones, technicians, services }, left_out, outages })
        })
    }

    fn service(&self, id: i64) -> Call<'_, Option<UpstreamService>> {
        Box::pin(async move {
            let clients = self.all(&format!("/clientes/?id_servicio={id}")).await?;
            let Some(client) = clients.iter().find(|c| wisphub_read::service_id(c) == Some(id)) else {
                return Ok(None);
            };
            let Some(record) = wisphub_read::service(client)? else { return Ok(None) };
            let named = |field: &str| {
                let name = client.get(field).and_then(|r| r.get("nombre")).and_then(Value::as_str);
                name.filter(|n| !n.is_empty()).map(str::to_owned)
            };
            let technician_name =
                if record.technician_id == NO_TECHNICIAN { Some(no_technician().name) } else { named("tecnico") };
            Ok(Some(UpstreamService { record, zone_name: named("zona"), technician_name }))
        })
    }

    fn subjects(&self) -> Call<'_, Vec<String>> {
        Box::pin(async move {
            let names = self.all("/tickets/asuntos-tickets/").await?;
            Ok(names
                .iter()
                .filter_map(|a| a.get("nombre").or_else(|| a.get("asunto")).and_then(Value::as_str))
                .map(|n| n.trim().to_owned())
                .collect())
        })
    }

    fn tickets<'a>(
        &'a self,
        _services: &'a [i64],
    ) -> Call<'a, (Vec<crate::store::UpstreamTicket>, Vec<super::UpstreamError>)> {
        // Its ticket list cannot be filtered by subscriber: the whole list, every page.
        Box::pin(async move {
            let (read, unreadable): (Vec<_>, Vec<_>) =
                self.all("/tickets/").await?.iter().map(wisphub_read::ticket).partition(Result::is_ok);
            Ok((
                read.into_iter().filter_map(Result::ok).collect(),
                unreadable.into_iter().filter_map(Result::err).collect(),
            ))
        })
    }

    fn ticket(&self, upstream_id: i64) -> Call<'_, Option<crate::store::UpstreamTicket>> {
        Box::pin(async move { WispHub::ticket(self, upstream_id).await?.map(|t| wisphub_read::ticket(&t)).transpose() })
    }

    fn open<'a>(&'a self, d: &'a Delivery) -> Call<'a, i64> {
        Box::pin(async move { self.create(&new_ticket(d)).await })
    }

    fn find<'a>(&'a self, d: &'a Delivery) -> Call<'a, Option<i64>> {
        Box::pin(self.find_by_reference(&d.reference))
    }

    fn reply<'a>(&'a self, _r: &'a ReplyDelivery) -> Call<'a, ()> {
        Box::pin(async { Err(not_offered("take a subscriber's reply")) })
    }

    fn find_reply<'a>(&'a self, _r: &'a ReplyDelivery) -> Call<'a, Option<i64>> {
        Box::pin(async { Err(not_offered("take a subscriber's reply")) })
    }

    fn attach_photo<'a>(&'a self, p: &'a PhotoDelivery) -> Call<'a, ()> {
        Box::pin(async move {
            // Its one file is taken (by an earlier photo, or by staff): nothing is replaced.
            if self.has_photo(p).await? {
                return Ok(());
            }
            self.put_file(p.upstream_ticket, (&p.file_name(), &p.content_type, &p.bytes)).await
        })
    }

    fn has_photo<'a>(&'a self, p: &'a PhotoDelivery) -> Call<'a, bool> {
        Box::pin(async move {
            let ticket = WispHub::ticket(self, p.upstream_ticket).await?;
            Ok(ticket.as_ref().is_some_and(wisphub_read::has_file))
        })
    }

    fn close(&self, _upstream_id: i64) -> Call<'_, ()> {
        Box::pin(async { Err(not_offered("close a ticket for a subscriber")) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_as_wisphub_reads_them() {
        let t = NaiveDateTime::parse_from_str("2026-02-26 10:05", "%Y-%m-%d %H:%M").expect("date");
        assert_eq!(wisphub_date(t), "26/02/2026 10:05");
    }
}
