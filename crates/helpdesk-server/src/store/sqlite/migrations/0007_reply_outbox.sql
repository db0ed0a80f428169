-- Subscribers' replies waiting to be delivered to the back office, written in the reply's own
-- transaction, and the reference each such reply is delivered under (so that the back
-- office's copy is recognised as the same message when it is mirrored back); and the number
-- the back office shows its users for each ticket (WHMCS's `tid`).
ALTER TABLE tickets ADD COLUMN upstream_number TEXT;
CREATE INDEX tickets_by_upstream_number ON tickets(upstream_number) WHERE upstream_number IS NOT NULL;
ALTER TABLE messages ADD COLUMN reference TEXT;
CREATE UNIQUE INDEX messages_by_reference ON messages(reference) WHERE reference IS NOT NULL;
CREATE TABLE reply_outbox (
    message_id INTEGER PRIMARY KEY REFERENCES messages(id),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error TEXT
);
CREATE INDEX reply_outbox_by_due ON reply_outbox(next_attempt_at);
