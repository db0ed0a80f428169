-- The mirror of the back office: when each ticket was last read from it and in which complete
-- picture of its ticket list it was last seen, the back office's id of each staff answer (so
-- one answer is stored once), and the last complete picture: its number and when it was taken.
ALTER TABLE tickets ADD COLUMN synced_at TEXT;
ALTER TABLE tickets ADD COLUMN seen_in INTEGER;
CREATE UNIQUE INDEX tickets_by_upstream ON tickets(upstream_id) WHERE upstream_id IS NOT NULL;
ALTER TABLE messages ADD COLUMN upstream_id INTEGER;
CREATE UNIQUE INDEX messages_by_upstream ON messages(ticket_id, upstream_id) WHERE upstream_id IS NOT NULL;
CREATE TABLE mirror (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    generation INTEGER NOT NULL,
    complete_at TEXT NOT NULL
);
