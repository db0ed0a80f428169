-- Photos waiting to be forwarded to the back office, written in the photo's own transaction,
-- and the reference each is forwarded under (so that an attempt of unknown outcome finds the
-- back office's copy).
ALTER TABLE photos ADD COLUMN reference TEXT;
CREATE UNIQUE INDEX photos_by_reference ON photos(reference) WHERE reference IS NOT NULL;
CREATE TABLE photo_outbox (
    photo_id BIGINT PRIMARY KEY REFERENCES photos(id),
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    last_error TEXT
);
CREATE INDEX photo_outbox_by_due ON photo_outbox(next_attempt_at);
