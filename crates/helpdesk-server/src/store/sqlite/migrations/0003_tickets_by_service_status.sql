-- The list counts a service's tickets by status: answered from this index alone.
CREATE INDEX tickets_by_service_status ON tickets(service_id, status, id DESC);
