-- Revocations get their own table: one row per decision (a device revoked for a reason, by an actor, on
-- this gateway or another), under a fleet-wide event id that makes a replayed sync event harmless.
-- Each revoked certificate points at the decision that revoked it. The outbox holds the events this
-- gateway owes the upstream fleet broker; a revocation queues its event in the same transaction.
CREATE TABLE revocation (
    event_id       TEXT    PRIMARY KEY NOT NULL,
    device_id      TEXT    NOT NULL,
    reason         TEXT    NOT NULL,
    revoked_at_ms  INTEGER NOT NULL,
    actor          TEXT    NOT NULL,
    origin         TEXT    NOT NULL CHECK (origin = 'local' OR origin LIKE 'gateway:%'),
    note           TEXT,
    recorded_at_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX revocation_by_device ON revocation (device_id, revoked_at_ms);

ALTER TABLE certificate ADD COLUMN revocation_event TEXT REFERENCES revocation (event_id);

-- Certificates revoked before this schema keep their revocation: one derived decision per device and
-- instant (the old code revoked a device's certificates together), whose actor is no longer known.
INSERT INTO revocation (event_id, device_id, reason, revoked_at_ms, actor, origin, note, recorded_at_ms)
SELECT 'v5:' || device_id || ':' || revoked_at_ms, device_id, MIN(revocation_reason), revoked_at_ms,
       'recorded before schema V5', 'local', NULL, revoked_at_ms
  FROM certificate WHERE revoked_at_ms IS NOT NULL GROUP BY device_id, revoked_at_ms;
UPDATE certificate SET revocation_event = 'v5:' || device_id || ':' || revoked_at_ms WHERE revoked_at_ms IS NOT NULL;

CREATE TABLE outbox (
    seq             INTEGER PRIMARY KEY NOT NULL,
    event_id        TEXT    NOT NULL UNIQUE,
    device_id       TEXT    NOT NULL,
    reason          TEXT    NOT NULL,
    occurred_at_ms  INTEGER NOT NULL,
    serials         TEXT    NOT NULL,
    queued_at_ms    INTEGER NOT NULL,
    delivered_at_ms INTEGER
) STRICT;
CREATE INDEX outbox_pending ON outbox (seq) WHERE delivered_at_ms IS NULL;
