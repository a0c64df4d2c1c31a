package io.edgeprov.gateway.registry.sqlite;

import io.edgeprov.gateway.core.audit.AuditAnchor;
import io.edgeprov.gateway.core.audit.AuditEntry;
import io.edgeprov.gateway.core.registry.RegistryException;
import io.edgeprov.gateway.core.registry.RegistryFailure;
import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;

/**
 * Deletes the oldest audit entries, through one that an export holds, as one write: the anchor (the last
 * deleted entry's hash) first, then the delete, which the {@code audit_log_no_delete} trigger allows only
 * while a permit names a recorded anchor, then the {@code audit.prune} entry that names the anchor. It runs
 * under SQLite's write lock, so the checks hold when the delete commits, beside a live gateway too.
 *
 * @param through the last entry to delete
 * @param expectedHash that entry's hash as the export holds it; the stored one must be equal
 * @param exportSha256 SHA-256 of the export file, kept with the anchor and in the prune entry
 * @param actor who prunes, as the audit log names them
 * @param at when
 */
record AuditPruning(long through, Sha256Digest expectedHash, Sha256Digest exportSha256, String actor, Instant at)
        implements WriteOp<AuditEntry> {

    AuditPruning {
        if (through < 1) {
            throw new IllegalArgumentException("through must be at least 1, got " + through);
        }
        Objects.requireNonNull(expectedHash, "expectedHash");
        Objects.requireNonNull(exportSha256, "exportSha256");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(at, "at");
    }

    @Override
    public AuditEntry apply(WriteTx tx) throws SQLException {
        if (through >= tx.head().sequence()) {
            throw refused("entry " + through + " is the head or beyond (head " + tx.head().sequence()
                    + "); the head always stays");
        }
        long first = firstStored(tx);
        if (through < first) {
            throw refused("entries up to " + through + " are not stored; the log starts at " + first);
        }
        byte[] stored = storedHash(tx);
        if (stored == null || !new Sha256Digest(stored).equals(expectedHash)) {
            throw refused("entry " + through + " is not the one the export holds: its hash differs");
        }
        AuditAnchor anchor = new AuditAnchor(through, expectedHash);
        PreparedStatement anchorRow = tx.statement(
                "INSERT INTO audit_anchor (seq, entry_hash, pruned_at, export_sha256) VALUES (?, ?, ?, ?)");
        anchorRow.setLong(1, through);
        anchorRow.setBytes(2, expectedHash.bytes());
        anchorRow.setString(3, at.toString());
        anchorRow.setBytes(4, exportSha256.bytes());
        anchorRow.executeUpdate();
        PreparedStatement permit = tx.statement("INSERT INTO audit_prune_permit (through_seq) VALUES (?)");
        permit.setLong(1, through);
        permit.executeUpdate();
        PreparedStatement delete = tx.statement("DELETE FROM audit_log WHERE seq <= ?");
        delete.setLong(1, through);
        int deleted = delete.executeUpdate();
        tx.statement("DELETE FROM audit_prune_permit").executeUpdate();
        return tx.appendAudit(anchor.pruneEvent(at, actor, deleted, exportSha256));
    }

    private static long firstStored(WriteTx tx) throws SQLException {
        try (ResultSet rs = tx.statement("SELECT min(seq) FROM audit_log").executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private byte[] storedHash(WriteTx tx) throws SQLException {
        PreparedStatement ps = tx.statement("SELECT entry_hash FROM audit_log WHERE seq = ?");
        ps.setLong(1, through);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getBytes(1) : null;
        }
    }

    private static RegistryException refused(String why) {
        return new RegistryException(RegistryFailure.AUDIT_PRUNE_REFUSED, why);
    }
}
