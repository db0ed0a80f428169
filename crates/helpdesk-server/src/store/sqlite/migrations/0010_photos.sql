-- Photos attached to tickets: the cleaned image itself (decoded and encoded anew by the
-- server: no metadata), its type and size.
CREATE TABLE photos (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
    content_type TEXT NOT NULL,
    bytes BLOB NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    added_at TEXT NOT NULL
);
CREATE INDEX photos_by_ticket ON photos(ticket_id);
