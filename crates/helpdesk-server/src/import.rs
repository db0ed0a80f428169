//! `helpdesk-server import services.csv`: the ISP's services, with their zones and
//! technicians, from a CSV file, all or nothing.
//!
//! The header names the columns, in any order: `service_id`, `subscriber_name`, `zone_id`,
//! `technician_id`, and optionally `zone_name` and `technician_name` (a zone or technician
//! named in the file is created or renamed; one not named must exist already). Commas or
//! semicolons (as spreadsheets write in Spanish and Italian locales) separate the fields.
//! Every row is checked before anything is written; one bad row refuses the file, with a
//! report of every bad row by line.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use crate::routes::directory::name;
use crate::store::{Directory, Saved, ServiceRecord, Store, Technician, Zone};

/// Import the file at `path` into `store`: a one-line summary of what was written.
///
/// # Errors
/// Every reason the file was refused (then nothing was written), or a store failure.
pub async fn run(store: &Store, path: &Path) -> Result<String, Vec<String>> {
    let file = std::fs::File::open(path).map_err(|e| vec![format!("{}: {e}", path.display())])?;
    let batch = read(file)?;
    match store.save_directory(batch).await.map_err(|e| vec![e.to_string()])? {
        Saved::Done { zones, technicians, services } => Ok(format!(
            "imported {} services ({} new, {} updated), {} zones ({} new), {} technicians ({} new)",
            services.created + services.updated,
            services.created,
            services.updated,
            zones.created + zones.updated,
            zones.created,
            technicians.created + technicians.updated,
            technicians.created,
        )),
        Saved::Refused(why) => Err(vec![why]),
    }
}

/// The most bad rows a report lists one by one.
const MAX_LISTED: usize = 50;

/// The columns a file must have.
const REQUIRED: [&str; 4] = ["service_id", "subscriber_name", "zone_id", "technician_id"];

/// Read and check a whole file.
///
/// # Errors
/// Every problem found, by line (the header is line 1), when there is any: then nothing of
/// the file is to be written.
pub fn read(mut input: impl Read) -> Result<Directory, Vec<String>> {
    let mut text = String::new();
    input.read_to_string(&mut text).map_err(|e| vec![format!("the file cannot be read as UTF-8 text: {e}")])?;
    let first = text.lines().next().unwrap_or_default();
    let delimiter = if first.contains(';') && !first.contains(',') { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).trim(csv::Trim::All).from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| vec![format!("line 1: the header cannot be read: {e}")])?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_ascii_lowercase())
        .collect();
    let missing: Vec<&str> = REQUIRED.into_iter().filter(|c| !header.iter().any(|h| h == c)).collect();
    if !missing.is_empty() {
        return Err(vec![format!("line 1: the header lacks {}", missing.join(", "))]);
    }
    let mut rows = Rows::default();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        match record {
            Ok(record) => {
                let field = |column: &str| header.iter().position(|h| h == column).and_then(|p| record.get(p));
                rows.add(line, &field);
            }
            Err(e) => rows.errors.push(format!("line {line}: {e}")),
        }
    }
    rows.finish()
}

/// What the rows read so far hold, and where each id was first seen.
#[derive(Default)]
struct Rows {
    batch: Directory,
    services: HashMap<i64, usize>,
    zones: HashMap<i64, (String, usize)>,
    technicians: HashMap<i64, (String, usize)>,
    errors: Vec<String>,
}

fn id(line: usize, column: &str, value: Option<&str>) -> Result<i64, String> {
    let text = value.unwrap_or_default();
    text.parse::<i64>()
        .ok()
        .filter(|v| *v > 0 && text.bytes().all(|b| b.is_ascii_digit()))
        .ok_or_else(|| format!("line {line}: {column} {text:?} is not a positive integer"))
}

impl Rows {
    fn add<'a>(&mut self, line: usize, field: &dyn Fn(&str) -> Option<&'a str>) {
        let service = id(line, "service_id", field("service_id"));
        let zone = id(line, "zone_id", field("zone_id"));
        let technician = id(line, "technician_id", field("technician_id"));
        let subscriber = name("subscriber_name", field("subscriber_name").unwrap_or_default())
            .map_err(|e| format!("line {line}: {e}"));
        let (service, zone, technician, subscriber) = match (service, zone, technician, subscriber) {
            (Ok(s), Ok(z), Ok(t), Ok(n)) => (s, z, t, n),
            (s, z, t, n) => {
                self.errors.extend([s.err(), z.err(), t.err(), n.err()].into_iter().flatten());
                return;
            }
        };
        if let Some(first) = self.services.insert(service, line) {
            self.errors.push(format!("line {line}: service {service} appears again (first on line {first})"));
            return;
        }
        let zone_name = field("zone_name").filter(|n| !n.is_empty());
        let technician_name = field("technician_name").filter(|n| !n.is_empty());
        Self::named(&mut self.zones, &mut self.errors, line, "zone", zone, zone_name);
        Self::named(&mut self.technicians, &mut self.errors, line, "technician", technician, technician_name);
        self.batch.services.push(ServiceRecord {
            id: service,
            zone_id: zone,
            technician_id: technician,
            subscriber_name: subscriber,
        });
    }

    /// Record the name a row gives a zone or technician: one name per id in a file.
    fn named(
        seen: &mut HashMap<i64, (String, usize)>,
        errors: &mut Vec<String>,
        line: usize,
        what: &str,
        id: i64,
        given: Option<&str>,
    ) {
        let Some(given) = given else { return };
        let given = match name(&format!("{what}_name"), given) {
            Ok(n) => n,
            Err(e) => return errors.push(format!("line {line}: {e}")),
        };
        match seen.get(&id) {
            Some((first, at)) if *first != given => {
                errors.push(format!("line {line}: {what} {id} is named {given:?} here but {first:?} on line {at}"));
            }
            Some(_) => {}
            None => {
                seen.insert(id, (given, line));
            }
        }
    }

    fn finish(mut self) -> Result<Directory, Vec<String>> {
        if self.batch.services.is_empty() && self.errors.is_empty() {
            self.errors.push("the file has no rows".to_owned());
        }
        if !self.errors.is_empty() {
            if self.errors.len() > MAX_LISTED {
                let more = self.errors.len() - MAX_LISTED;
                self.errors.truncate(MAX_LISTED);
                self.errors.push(format!("… and {more} more"));
            }
            return Err(self.errors);
        }
        let mut zones: Vec<Zone> = self.zones.into_iter().map(|(id, (name, _))| Zone { id, name }).collect();
        zones.sort_by_key(|z| z.id);
        let mut technicians: Vec<Technician> =
            self.technicians.into_iter().map(|(id, (name, _))| Technician { id, name }).collect();
        technicians.sort_by_key(|t| t.id);
        Ok(Directory { zones, technicians, services: self.batch.services })
    }
}
