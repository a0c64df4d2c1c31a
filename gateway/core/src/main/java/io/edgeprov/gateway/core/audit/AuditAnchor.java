package io.edgeprov.gateway.core.audit;

import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where a pruned audit log starts: the last entry a prune removed (after exporting it), whose hash the
 * first stored entry links to. A chain check starts after the newest anchor and accepts it only if an
 * {@value #PRUNE_ACTION} entry on the chain after it names it (docs/audit-retention.md).
 *
 * @param sequence sequence number of the last pruned entry
 * @param entryHash that entry's hash
 */
public record AuditAnchor(long sequence, Sha256Digest entryHash) {

    /** The action of the entry a prune appends. */
    public static final String PRUNE_ACTION = "audit.prune";
    /** The target of that entry. */
    public static final String PRUNE_TARGET = "audit_log";

    public AuditAnchor {
        if (sequence < 1) {
            throw new IllegalArgumentException("an anchor's sequence must be at least 1, got " + sequence);
        }
        Objects.requireNonNull(entryHash, "entryHash");
    }

    /**
     * The event recording a prune through this anchor.
     *
     * @param entries how many entries were deleted
     * @param exportSha256 SHA-256 of the export file that holds them
     */
    public AuditEvent pruneEvent(Instant at, String actor, long entries, Sha256Digest exportSha256) {
        Map<String, String> details = new TreeMap<>();
        details.put("through", Long.toString(sequence));
        details.put("anchorHash", entryHash.hex());
        details.put("entries", Long.toString(entries));
        details.put("exportSha256", exportSha256.hex());
        return new AuditEvent(at, actor, PRUNE_ACTION, PRUNE_TARGET, AuditOutcome.SUCCESS, "OK", details);
    }

    /** Whether {@code event} records a prune through this anchor. */
    public boolean isRecordedBy(AuditEvent event) {
        return event.action().equals(PRUNE_ACTION) && event.outcome() == AuditOutcome.SUCCESS
                && Long.toString(sequence).equals(event.details().get("through"))
                && entryHash.hex().equals(event.details().get("anchorHash"));
    }
}
