-- Tickets waiting to be delivered to the back office, written in the ticket's own
-- transaction; and the back office's number of each delivered ticket.
ALTER TABLE tickets ADD COLUMN upstream_id INTEGER;
CREATE TABLE outbox (
    ticket_id INTEGER PRIMARY KEY REFERENCES tickets(id),
    reference TEXT NOT NULL UNIQUE,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error TEXT
);
CREATE INDEX outbox_by_due ON outbox(next_attempt_at);
