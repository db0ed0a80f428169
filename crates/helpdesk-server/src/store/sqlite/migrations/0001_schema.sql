-- Zones, services, tickets with their messages, and subscriber tokens (as hashes).
CREATE TABLE zones (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL
);
CREATE TABLE services (
    id INTEGER PRIMARY KEY,
    zone_id INTEGER NOT NULL REFERENCES zones(id),
    subscriber_name TEXT NOT NULL,
    technician_id INTEGER NOT NULL
);
CREATE TABLE tickets (
    id INTEGER PRIMARY KEY,
    service_id INTEGER NOT NULL REFERENCES services(id),
    zone_id INTEGER NOT NULL REFERENCES zones(id),
    technician_id INTEGER NOT NULL,
    subject TEXT NOT NULL,
    description TEXT NOT NULL,
    status INTEGER NOT NULL CHECK (status BETWEEN 1 AND 4),
    priority INTEGER NOT NULL CHECK (priority BETWEEN 1 AND 4),
    created_at TEXT NOT NULL,
    end_date TEXT
);
CREATE INDEX tickets_by_service ON tickets(service_id, id DESC);
CREATE INDEX tickets_by_zone_status ON tickets(zone_id, status);
CREATE TABLE messages (
    id INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
    author TEXT NOT NULL CHECK (author IN ('subscriber', 'staff', 'note')),
    author_name TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX messages_by_ticket ON messages(ticket_id, id);
CREATE TABLE subscriber_tokens (
    token_hash TEXT PRIMARY KEY,
    service_id INTEGER NOT NULL REFERENCES services(id),
    expires_at TEXT NOT NULL
);
