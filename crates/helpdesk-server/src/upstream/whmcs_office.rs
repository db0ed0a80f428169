//! A WHMCS shop as a [`BackOffice`], directly or through Keliweb: no zones or technicians of
//! its own — each client is a service in a zone of its own (so the zone limit is a limit per
//! client) with the configured department as its "technician"; a client's tickets from
//! `GetTickets` (every page) for each client the gateway holds tokens of; a ticket's thread
//! from `GetTicket` (notes never read); opens as `OpenTicket` in the configured department,
//! the gateway's reference at the end of the message, found again in a ticket's opening
//! message (reply 0); replies as `AddTicketReply` as the client, found again among the
//! ticket's replies; photos as `AddTicketReply` with the photo in `attachments`, found
//! again the same way; closing as `UpdateTicket` to the shop's closed label, when it allows it.

use helpdesk_core::envelope::Operations;
use serde_json::Value;

use super::UpstreamError;
use super::office::{BackOffice, Call, UpstreamDirectory, UpstreamService};
use super::whmcs::Whmcs;
use super::whmcs_read::{self, Shop};
use super::wisphub_read::int;
use crate::store::{Delivery, PhotoDelivery, ReplyDelivery, ServiceRecord, UpstreamTicket};

/// The most tickets looked into when searching for a reference.
const MAX_CANDIDATES: usize = 50;

/// The message of the reply a forwarded photo rides on (WHMCS attaches files to replies).
const PHOTO_MESSAGE: &str = "Foto adjunta por el suscriptor.";

/// A WHMCS shop in front of which the gateway runs.
#[derive(Debug, Clone)]
pub struct WhmcsOffice {
    /// The client of its API.
    pub client: Whmcs,
    /// The department new tickets are opened in (`--whmcs-department`).
    pub department: i64,
    /// How it writes dates and statuses.
    pub shop: Shop,
    /// Whether subscribers may close their tickets (`--whmcs-allow-close`: the shop's choice).
    pub allow_close: bool,
}

/// WHMCS's priority label for a priority number 1..=4 (Low; Medium; High for both higher).
fn priority_label(number: u8) -> &'static str {
    match number {
        1 => "Low",
        2 => "Medium",
        _ => "High",
    }
}

impl WhmcsOffice {
    /// The id of the reply to ticket `upstream_ticket` that carries `reference`, if any.
    async fn reply_with_reference(&self, upstream_ticket: i64, reference: &str) -> Result<Option<i64>, UpstreamError> {
        let Some(ticket) = self.client.ticket(upstream_ticket).await? else { return Ok(None) };
        let replies = ticket.pointer("/replies/reply").and_then(Value::as_array).cloned().unwrap_or_default();
        Ok(replies.iter().find_map(|reply| {
            let ours = reply.get("message").and_then(Value::as_str).is_some_and(|m| m.contains(reference));
            ours.then(|| reply.get("replyid").and_then(int)).flatten()
        }))
    }
}

impl BackOffice for WhmcsOffice {
    fn kind(&self) -> &'static str {
        "whmcs"
    }

    fn operations(&self) -> Operations {
        Operations { reply: true, close: self.allow_close }
    }

    fn probe(&self) -> Call<'_, ()> {
        Box::pin(self.client.probe())
    }

    fn directory(&self) -> Call<'_, UpstreamDirectory> {
        // The shop's clients come one by one, with the tokens staff issue for them.
        Box::pin(async { Ok(UpstreamDirectory::default()) })
    }

    fn service(&self, id: i64) -> Call<'_, Option<UpstreamService>> {
        Box::pin(async move {
            let Some(client) = self.client.client(id).await? else { return Ok(None) };
            let name = ["fullname", "firstname"]
                .iter()
                .find_map(|f| client.get(*f).and_then(Value::as_str).filter(|n| !n.trim().is_empty()))
                .unwrap_or_default()
                .trim()
                .to_owned();
            let record = ServiceRecord { id, zone_id: id, technician_id: self.department, subscriber_name: name };
            Ok(Some(UpstreamService {
                record,
                zone_name: Some(format!("WHMCS client {id}")),
                technician_name: Some(format!("WHMCS department {}", self.department)),
            }))
        })
    }

    fn subjects(&self) -> Call<'_, Vec<String>> {
        // WHMCS has no subject catalog: the built-in one serves.
        Box::pin(async { Ok(Vec::new()) })
    }

    fn tickets<'a>(&'a self, services: &'a [i64]) -> Call<'a, (Vec<UpstreamTicket>, Vec<UpstreamError>)> {
        Box::pin(async move {
            let (mut read, mut unreadable) = (Vec::new(), Vec::new());
            for &client in services {
                for t in self.client.tickets_of(client).await? {
                    match whmcs_read::ticket(&t, &self.shop) {
                        Ok(t) => read.push(t),
                        Err(e) => unreadable.push(e),
                    }
                }
            }
            Ok((read, unreadable))
        })
    }

    fn ticket(&self, upstream_id: i64) -> Call<'_, Option<UpstreamTicket>> {
        Box::pin(async move {
            self.client.ticket(upstream_id).await?.map(|t| whmcs_read::ticket(&t, &self.shop)).transpose()
        })
    }

    fn open<'a>(&'a self, d: &'a Delivery) -> Call<'a, i64> {
        Box::pin(async move {
            let message = format!("{}\n\n{}", d.description, d.reference);
            let (id, _tid) = self
                .client
                .open(self.department, d.service_id, &d.subject, &message, priority_label(d.priority))
                .await?;
            Ok(id)
        })
    }

    fn find<'a>(&'a self, d: &'a Delivery) -> Call<'a, Option<i64>> {
        Box::pin(async move {
            // The client's tickets opened since the delivery was written (less a day, for a
            // clock or a timezone set wrong; staff may have changed the subject since, so it
            // narrows nothing), or of a date that cannot be read. The reference is in the
            // opening message, which only the ticket itself carries.
            let since = d.created_at - chrono::Duration::days(1);
            let candidates: Vec<i64> = self
                .client
                .tickets_of(d.service_id)
                .await?
                .iter()
                .filter(|t| match whmcs_read::ticket(t, &self.shop) {
                    Ok(read) => read.created_at.is_none_or(|opened| opened >= since),
                    Err(_) => true,
                })
                .filter_map(|t| t.get("id").and_then(int))
                .collect();
            if candidates.len() > MAX_CANDIDATES {
                // Too many to look into: whether it exists stays unknown (never a blind resend).
                return Err(UpstreamError::Malformed(format!(
                    "{} tickets to look into for {}",
                    candidates.len(),
                    d.reference
                )));
            }
            for id in candidates {
                let opening = self
                    .client
                    .ticket(id)
                    .await?
                    .and_then(|t| t.pointer("/replies/reply/0/message").and_then(Value::as_str).map(str::to_owned));
                if opening.is_some_and(|m| m.contains(&d.reference)) {
                    return Ok(Some(id));
                }
            }
            Ok(None)
        })
    }

    fn reply<'a>(&'a self, r: &'a ReplyDelivery) -> Call<'a, ()> {
        Box::pin(async move {
            let message = format!("{}\n\n{}", r.body, r.reference);
            self.client.reply(r.upstream_ticket, r.service_id, &message).await
        })
    }

    fn find_reply<'a>(&'a self, r: &'a ReplyDelivery) -> Call<'a, Option<i64>> {
        Box::pin(self.reply_with_reference(r.upstream_ticket, &r.reference))
    }

    fn attach_photo<'a>(&'a self, p: &'a PhotoDelivery) -> Call<'a, ()> {
        Box::pin(async move {
            let message = format!("{PHOTO_MESSAGE}\n\n{}", p.reference);
            let file = (p.file_name(), p.bytes.as_slice());
            self.client.reply_with_file(p.upstream_ticket, p.service_id, &message, (&file.0, file.1)).await
        })
    }

    fn has_photo<'a>(&'a self, p: &'a PhotoDelivery) -> Call<'a, bool> {
        Box::pin(async move { Ok(self.reply_with_reference(p.upstream_ticket, &p.reference).await?.is_some()) })
    }

    fn close(&self, upstream_id: i64) -> Call<'_, ()> {
        Box::pin(async move {
            match self.shop.closed.first() {
                Some(closed) if self.allow_close => self.client.set_status(upstream_id, closed).await,
                _ => Err(super::office::not_offered("close a ticket for a subscriber")),
            }
        })
    }
}
