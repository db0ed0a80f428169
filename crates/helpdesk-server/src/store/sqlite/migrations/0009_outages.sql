-- Known outages of a zone declared by staff (ISP local times), and the subscribers who said
-- it happens to them too: one report per service, never a ticket.
CREATE TABLE outages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    zone_id INTEGER NOT NULL REFERENCES zones(id),
    message TEXT NOT NULL,
    started_at TEXT NOT NULL,
    estimated_end TEXT,
    ended_at TEXT,
    -- 'staff', or 'back_office': read from the back office (WispHub's falla_general).
    source TEXT NOT NULL DEFAULT 'staff'
);
CREATE INDEX outages_by_zone ON outages(zone_id) WHERE ended_at IS NULL;
CREATE TABLE outage_reports (
    outage_id INTEGER NOT NULL REFERENCES outages(id),
    service_id INTEGER NOT NULL REFERENCES services(id),
    reported_at TEXT NOT NULL,
    PRIMARY KEY (outage_id, service_id)
);
