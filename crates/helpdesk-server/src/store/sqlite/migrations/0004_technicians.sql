-- Technicians, named, for the services that name them (standalone mode manages them).
CREATE TABLE technicians (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL
);
INSERT INTO technicians (id, name)
    SELECT DISTINCT technician_id, 'Technician ' || technician_id FROM services;
