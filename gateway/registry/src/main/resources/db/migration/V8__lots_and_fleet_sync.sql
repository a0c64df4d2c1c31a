-- Issue 11: devices revoked by production lot, and the inbox half of upstream sync.

-- A device's production lot, as the factory labels it: set by onboarding, read by batch revocation.
CREATE TABLE device_lot (
    device_id      TEXT    PRIMARY KEY NOT NULL,
    lot            TEXT    NOT NULL,
    assigned_by    TEXT    NOT NULL,
    assigned_at_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX device_lot_by_lot ON device_lot (lot);

-- Every event that came down from the upstream fleet broker and passed its checks, in the transaction
-- that enforced it: the origin's own sequence number orders and deduplicates per origin, and the
-- content digest tells a harmless redelivery from a replayed id carrying other content.
CREATE TABLE inbox (
    event_id       TEXT    PRIMARY KEY NOT NULL,
    origin         TEXT    NOT NULL,
    origin_seq     INTEGER NOT NULL,
    content_sha256 BLOB    NOT NULL CHECK (length(content_sha256) = 32),
    received_at_ms INTEGER NOT NULL,
    UNIQUE (origin, origin_seq)
) STRICT;
