//! The ISP's directory as the store keeps it in standalone mode: zones, technicians and
//! services (subscriber lines), written together in one transaction.

use serde::Serialize;

/// A zone: the area a group of services is in, with its own limit of active tickets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Zone {
    /// The ISP's id of the zone.
    pub id: i64,
    /// Its name.
    pub name: String,
}

/// A technician, the default one of some services.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Technician {
    /// The ISP's id of the technician.
    pub id: i64,
    /// Their name.
    pub name: String,
}

/// A service (subscriber line) with all it is bound to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceRecord {
    /// The ISP's id of the service.
    pub id: i64,
    /// Its zone.
    pub zone_id: i64,
    /// Its default technician.
    pub technician_id: i64,
    /// The subscriber's name, as tickets and threads show it.
    pub subscriber_name: String,
}

/// Directory entries to create or update (by id) together.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Directory {
    /// Zones, written first.
    pub zones: Vec<Zone>,
    /// Technicians, written next.
    pub technicians: Vec<Technician>,
    /// Services, written last: their zone and technician must exist by then.
    pub services: Vec<ServiceRecord>,
}

/// How many entries of one kind a save created and updated.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Written {
    /// New entries.
    pub created: u64,
    /// Entries that existed and were updated.
    pub updated: u64,
}

/// The outcome of saving a [`Directory`]: all of it, or none of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Saved {
    /// Everything was written.
    Done {
        /// Zones written.
        zones: Written,
        /// Technicians written.
        technicians: Written,
        /// Services written.
        services: Written,
    },
    /// Nothing was written: a service names a zone or technician that does not exist.
    Refused(String),
}
