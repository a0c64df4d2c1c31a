-- Audit retention (docs/audit-retention.md): `audit prune` deletes the oldest entries once an export that
-- verifies holds them, and keeps the last deleted entry's hash as an anchor the chain check starts after.

-- One row per prune: the last entry it deleted, and the export file that holds the deleted entries.
CREATE TABLE audit_anchor (
    seq           INTEGER PRIMARY KEY NOT NULL,
    entry_hash    BLOB    NOT NULL CHECK (length(entry_hash) = 32),
    pruned_at     TEXT    NOT NULL,
    export_sha256 BLOB    NOT NULL CHECK (length(export_sha256) = 32)
) STRICT;
CREATE TRIGGER audit_anchor_no_update BEFORE UPDATE ON audit_anchor
BEGIN
    SELECT RAISE(ABORT, 'audit_anchor is append-only');
END;
CREATE TRIGGER audit_anchor_no_delete BEFORE DELETE ON audit_anchor
BEGIN
    SELECT RAISE(ABORT, 'audit_anchor is append-only');
END;

-- Holds a row only inside a prune's transaction: the one path on which audit_log rows may be deleted,
-- and only up to an anchor recorded first. Defence in depth, like the triggers: the chain, the anchor's
-- audit.prune entry and the archived export are what detect a deletion made another way.
CREATE TABLE audit_prune_permit (
    through_seq INTEGER NOT NULL
) STRICT;

DROP TRIGGER audit_log_no_delete;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
WHEN NOT EXISTS (SELECT 1 FROM audit_prune_permit p JOIN audit_anchor a ON a.seq = p.through_seq
                 WHERE OLD.seq <= p.through_seq)
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
