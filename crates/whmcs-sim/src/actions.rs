//! The five ticket actions as WHMCS answers them, shared by `includes/api.php` and Keliweb's
//! methods: fields read from form data (numbers as strings), every refusal
//! `{"result": "error", "message": …}` with WHMCS's own wording.

use std::collections::HashMap;

use serde_json::{Value, json};

use crate::{STATUSES, Sim};

/// A refusal, as WHMCS words it.
fn error(message: &str) -> Value {
    json!({ "result": "error", "message": message })
}

/// A form field as a whole number (WHMCS accepts `"7"` and `" 7 "`), if present and one.
fn number(form: &HashMap<String, String>, field: &str) -> Option<i64> {
    form.get(field).and_then(|v| v.trim().parse().ok())
}

/// A form field's text, trimmed; empty when absent.
fn text<'a>(form: &'a HashMap<String, String>, field: &str) -> &'a str {
    form.get(field).map_or("", |v| v.trim())
}

/// Run `action` with `form`.
pub(crate) fn run(sim: &Sim, action: &str, form: &HashMap<String, String>) -> Value {
    match action {
        "GetTickets" => get_tickets(sim, form),
        "GetTicket" => get_ticket(sim, form),
        "OpenTicket" => open_ticket(sim, form),
        "AddTicketReply" => add_reply(sim, form),
        "UpdateTicket" => update_ticket(sim, form),
        "GetClientsDetails" => client_details(sim, form),
        _ => error("Command Not Found"),
    }
}

/// `GetClientsDetails`: `clientid` → the client's `id`, `fullname`, `email` (and the same
/// under `client`).
fn client_details(sim: &Sim, form: &HashMap<String, String>) -> Value {
    let s = sim.state();
    let Some(c) = number(form, "clientid").and_then(|id| s.clients.iter().find(|c| c.id == id)) else {
        return error("Client Not Found");
    };
    let (first, last) = c.name.split_once(' ').unwrap_or((c.name.as_str(), ""));
    let details = json!({ "id": c.id.to_string(), "userid": c.id.to_string(), "firstname": first, "lastname": last,
        "fullname": c.name, "email": c.email });
    let mut answer = details.clone();
    answer["result"] = json!("success");
    answer["client"] = details;
    answer
}

/// `GetTickets`: `limitstart` (0), `limitnum` (25), `clientid`, `deptid`, `status` (a label,
/// `All Active Tickets` or `Awaiting Reply`); newest first.
fn get_tickets(sim: &Sim, form: &HashMap<String, String>) -> Value {
    let s = sim.state();
    let start = number(form, "limitstart").unwrap_or(0).max(0);
    let num = number(form, "limitnum").unwrap_or(25).max(1);
    let client = number(form, "clientid");
    let dept = number(form, "deptid");
    let status = text(form, "status");
    let matching: Vec<_> = s
        .tickets
        .iter()
        .rev()
        .filter(|t| client.is_none_or(|c| c == t.userid))
        .filter(|t| dept.is_none_or(|d| d == t.deptid))
        .filter(|t| match status {
            "" => true,
            "All Active Tickets" => t.status != "Closed",
            "Awaiting Reply" => t.status == "Open" || t.status == "Customer-Reply",
            label => t.status == label,
        })
        .collect();
    let page: Vec<Value> = matching
        .iter()
        .skip(usize::try_from(start).unwrap_or(0))
        .take(usize::try_from(num).unwrap_or(25))
        .map(|t| t.summary(s.clients.iter().find(|c| c.id == t.userid)))
        .collect();
    json!({
        "result": "success",
        "totalresults": matching.len(),
        "startnumber": start,
        "numreturned": page.len(),
        "tickets": { "ticket": page },
    })
}

/// `GetTicket`: by `ticketid`, or by `ticketnum` (the `tid`); `repliessort` `ASC` (default) or `DESC`.
fn get_ticket(sim: &Sim, form: &HashMap<String, String>) -> Value {
    let s = sim.state();
    let by_id = number(form, "ticketid");
    let by_num = text(form, "ticketnum");
    let found = s.tickets.iter().find(|t| by_id.map_or(!by_num.is_empty() && t.tid == by_num, |id| t.id == id));
    let Some(t) = found else { return error("Ticket ID Not Found") };
    let descending = text(form, "repliessort").eq_ignore_ascii_case("DESC");
    t.full(s.clients.iter().find(|c| c.id == t.userid), s.departments.iter().find(|d| d.id == t.deptid), descending)
}

/// `OpenTicket`: `deptid`, `subject`, `message` required; `clientid`, `priority`
/// (`Low`/`Medium`/`High`, Medium by default), `serviceid`. Answers `id`, `tid`, `c`.
fn open_ticket(sim: &Sim, form: &HashMap<String, String>) -> Value {
    let mut s = sim.state();
    let Some(deptid) = number(form, "deptid").filter(|d| s.departments.iter().any(|x| x.id == *d)) else {
        return error("Department ID not found");
    };
    let Some(clientid) = number(form, "clientid").filter(|c| s.clients.iter().any(|x| x.id == *c)) else {
        return error("Client ID Not Found");
    };
    let (subject, message) = (text(form, "subject"), text(form, "message"));
    if subject.is_empty() {
        return error("Subject is required");
    }
    if message.is_empty() {
        return error("Message is required");
    }
    let priority = match text(form, "priority") {
        "" => "Medium",
        p @ ("Low" | "Medium" | "High") => p,
        _ => return error("Invalid Priority. Valid priorities are: Low,Medium,High"),
    };
    let (id, tid, c) = s.open(clientid, deptid, subject, message, priority);
    if let (Some(service), Some(t)) = (number(form, "serviceid"), s.ticket_mut(id)) {
        t.service = format!("S{service}");
    }
    json!({ "result": "success", "id": id, "tid": tid, "c": c })
}

/// `attachments`: base64 of a JSON list of `{name, data}`, `data` base64 too; an empty list
/// when absent, `None` when unreadable.
fn attachments(form: &HashMap<String, String>) -> Option<Vec<(String, Vec<u8>)>> {
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD;
    let given = text(form, "attachments");
    if given.is_empty() {
        return Some(Vec::new());
    }
    let list: Value = serde_json::from_slice(&b64.decode(given).ok()?).ok()?;
    list.as_array()?
        .iter()
        .map(|file| {
            let name = file.get("name")?.as_str().filter(|n| !n.is_empty())?;
            Some((name.to_owned(), b64.decode(file.get("data")?.as_str()?).ok()?))
        })
        .collect()
}

/// `AddTicketReply`: `ticketid`, `message` required; `clientid` (the reply is the client's),
/// `adminusername` (a staff reply), `status` (the ticket's status after it), `attachments`.
fn add_reply(sim: &Sim, form: &HashMap<String, String>) -> Value {
    let mut s = sim.state();
    let Some(id) = number(form, "ticketid").filter(|id| s.tickets.iter().any(|t| t.id == *id)) else {
        return error("Ticket ID Not Found");
    };
    let message = text(form, "message");
    if message.is_empty() {
        return error("Message is required");
    }
    let status = text(form, "status");
    if !status.is_empty() && !STATUSES.contains(&status) {
        return error("Invalid status");
    }
    let Some(files) = attachments(form) else {
        return error("Invalid attachments: expected base64 encoded JSON of name and data");
    };
    s.reply_with(id, text(form, "adminusername"), message, files);
    if let (false, Some(t)) = (status.is_empty(), s.ticket_mut(id)) {
        t.status = status.to_owned();
    }
    json!({ "result": "success" })
}

/// `UpdateTicket`: `ticketid` required; `status`, `priority`, `subject`.
fn update_ticket(sim: &Sim, form: &HashMap<String, String>) -> Value {
    let mut s = sim.state();
    let Some(id) = number(form, "ticketid") else { return error("Ticket ID Not Found") };
    let status = text(form, "status");
    if !status.is_empty() && !STATUSES.contains(&status) {
        return error("Invalid status");
    }
    let Some(t) = s.ticket_mut(id) else { return error("Ticket ID Not Found") };
    for (field, value) in [("status", &mut t.status), ("priority", &mut t.priority), ("subject", &mut t.subject)] {
        let given = text(form, field);
        if !given.is_empty() {
            given.clone_into(value);
        }
    }
    json!({ "result": "success", "ticketid": id })
}
