-- Registry and audit log, first schema. Times are epoch milliseconds (INTEGER) except audit_log.at,
-- which keeps the event's exact ISO-8601 instant because it is hashed into the chain.

CREATE TABLE device (
    device_id        TEXT    PRIMARY KEY NOT NULL,
    state            TEXT    NOT NULL CHECK (state IN ('PENDING', 'ACTIVE', 'REVOKED', 'DISABLED')),
    last_seen_ms     INTEGER,
    renewal_count    INTEGER NOT NULL CHECK (renewal_count >= 0),
    last_attested_ms INTEGER
) STRICT;

CREATE TABLE enrollment (
    enrollment_id  TEXT    PRIMARY KEY NOT NULL,
    kind           TEXT    NOT NULL CHECK (kind IN ('INDIVIDUAL', 'GROUP')),
    device_id      TEXT,
    ek_sha256      BLOB,
    root_bundle_id TEXT,
    serial_pattern TEXT,
    enabled        INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    created_by     TEXT    NOT NULL,
    created_at_ms  INTEGER NOT NULL,
    CHECK ((kind = 'INDIVIDUAL' AND device_id IS NOT NULL AND length(ek_sha256) = 32
                AND root_bundle_id IS NULL AND serial_pattern IS NULL)
        OR (kind = 'GROUP' AND device_id IS NULL AND ek_sha256 IS NULL
                AND root_bundle_id IS NOT NULL AND serial_pattern IS NOT NULL))
) STRICT;
CREATE UNIQUE INDEX enrollment_by_device ON enrollment (device_id) WHERE kind = 'INDIVIDUAL';
CREATE UNIQUE INDEX enrollment_by_ek ON enrollment (ek_sha256) WHERE kind = 'INDIVIDUAL';

-- Only the SHA-256 of the credential secret is stored: a stolen database cannot answer a challenge.
CREATE TABLE challenge (
    challenge_id   TEXT    PRIMARY KEY NOT NULL,
    device_id      TEXT    NOT NULL REFERENCES device (device_id),
    proof_sha256   BLOB    NOT NULL CHECK (length(proof_sha256) = 32),
    ak_name        BLOB    NOT NULL,
    issued_at_ms   INTEGER NOT NULL,
    expires_at_ms  INTEGER NOT NULL,
    consumed_at_ms INTEGER
) STRICT;
CREATE INDEX challenge_by_expiry ON challenge (expires_at_ms);
CREATE INDEX challenge_by_device ON challenge (device_id);

-- The primary key on serial_hex is what refuses a reused serial, even across revocation.
CREATE TABLE certificate (
    serial_hex        TEXT    PRIMARY KEY NOT NULL,
    device_id         TEXT    NOT NULL REFERENCES device (device_id),
    not_before_ms     INTEGER NOT NULL,
    not_after_ms      INTEGER NOT NULL,
    der               BLOB    NOT NULL,
    issued_at_ms      INTEGER NOT NULL,
    revoked_at_ms     INTEGER,
    revocation_reason TEXT,
    CHECK ((revoked_at_ms IS NULL) = (revocation_reason IS NULL))
) STRICT;
CREATE INDEX certificate_by_device ON certificate (device_id, issued_at_ms);
CREATE INDEX certificate_revoked ON certificate (revoked_at_ms) WHERE revoked_at_ms IS NOT NULL;

CREATE TABLE audit_log (
    seq           INTEGER PRIMARY KEY NOT NULL,
    at            TEXT    NOT NULL,
    actor         TEXT    NOT NULL,
    action        TEXT    NOT NULL,
    target        TEXT    NOT NULL,
    outcome       TEXT    NOT NULL,
    reason_code   TEXT    NOT NULL,
    details       TEXT    NOT NULL,
    previous_hash BLOB    NOT NULL,
    entry_hash    BLOB    NOT NULL
) STRICT;

-- Defence in depth only: whoever holds the file can drop these; the hash chain is what detects that.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
