-- The admin plane (issue 14, docs/decisions/0030): paged, filtered queries for a console over 100,000
-- devices, the pending queue, and which enrollment admitted each device.

-- Genuine TPMs (EK certificate chains to a configured manufacturer root) that no enrollment admits, waiting
-- for a technician. One row per device id: its latest EK and attempt.
CREATE TABLE pending_device (
    device_id     TEXT    PRIMARY KEY NOT NULL,
    ek_sha256     BLOB    NOT NULL CHECK (length(ek_sha256) = 32),
    root_bundle   TEXT    NOT NULL,
    first_seen_ms INTEGER NOT NULL,
    last_seen_ms  INTEGER NOT NULL,
    attempts      INTEGER NOT NULL CHECK (attempts >= 1)
) STRICT;
CREATE INDEX pending_device_by_age ON pending_device (first_seen_ms, device_id);

-- The enrollment that admitted a device's latest attestation, kept from the audit entry that records it
-- (attestation.begin, detail enrollment=...), so the core's enrollment flow needs no change and the fleet
-- can be searched and counted by enrollment. Details are form-encoded with sorted keys; enrollment ids
-- need no escaping (device-<id> or group-<name>).
CREATE TABLE device_enrollment (
    device_id      TEXT    PRIMARY KEY NOT NULL,
    enrollment_id  TEXT    NOT NULL,
    admitted_at_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX device_enrollment_by_enrollment ON device_enrollment (enrollment_id, device_id);

CREATE TRIGGER device_enrollment_from_audit AFTER INSERT ON audit_log
WHEN NEW.action = 'attestation.begin' AND NEW.outcome = 'SUCCESS' AND instr('&' || NEW.details, '&enrollment=') > 0
BEGIN
    INSERT INTO device_enrollment (device_id, enrollment_id, admitted_at_ms)
    VALUES (NEW.target,
            substr(substr('&' || NEW.details || '&', instr('&' || NEW.details || '&', '&enrollment=') + 12), 1,
                   instr(substr('&' || NEW.details || '&', instr('&' || NEW.details || '&', '&enrollment=') + 12), '&') - 1),
            COALESCE(CAST(strftime('%s', NEW.at) AS INTEGER), 0) * 1000)
    ON CONFLICT (device_id) DO UPDATE SET enrollment_id = excluded.enrollment_id, admitted_at_ms = excluded.admitted_at_ms;
END;

INSERT INTO device_enrollment (device_id, enrollment_id, admitted_at_ms)
SELECT target,
       substr(substr('&' || details || '&', instr('&' || details || '&', '&enrollment=') + 12), 1,
              instr(substr('&' || details || '&', instr('&' || details || '&', '&enrollment=') + 12), '&') - 1),
       COALESCE(CAST(strftime('%s', at) AS INTEGER), 0) * 1000
  FROM audit_log
 WHERE seq IN (SELECT MAX(seq) FROM audit_log
                WHERE action = 'attestation.begin' AND outcome = 'SUCCESS' AND instr('&' || details, '&enrollment=') > 0
                GROUP BY target);

-- Fleet pages sorted by state or last seen walk these instead of sorting the table.
CREATE INDEX device_by_state ON device (state, device_id);
CREATE INDEX device_by_last_seen ON device (last_seen_ms, device_id);
-- Newest unrevoked certificate per device (expiry column of the fleet page).
CREATE INDEX certificate_current_by_device ON certificate (device_id, not_after_ms) WHERE revoked_at_ms IS NULL;
-- Audit pages filtered by target, actor or action, newest first; dashboard counts by action and time.
CREATE INDEX audit_by_target ON audit_log (target, seq);
CREATE INDEX audit_by_actor ON audit_log (actor, seq);
CREATE INDEX audit_by_action ON audit_log (action, seq);
CREATE INDEX audit_by_time ON audit_log (at, seq);
