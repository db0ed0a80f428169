-- What staff did on a ticket that its subscriber has not seen: a counter bumped by every
-- staff answer and status change, and how far the subscriber had got when they last opened it.
ALTER TABLE tickets ADD COLUMN staff_activity INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN seen_activity INTEGER NOT NULL DEFAULT 0;
-- Events for the ISP's webhooks, written in the transaction of the change they tell, the
-- body rendered once; fanned out to each configured endpoint by the webhook worker.
CREATE TABLE events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    fanned_out INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX events_to_fan_out ON events(seq) WHERE fanned_out = 0;
CREATE TABLE webhook_deliveries (
    event_seq INTEGER NOT NULL REFERENCES events(seq) ON DELETE CASCADE,
    endpoint TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error TEXT,
    PRIMARY KEY (event_seq, endpoint)
);
CREATE INDEX webhook_deliveries_by_due ON webhook_deliveries(next_attempt_at);
