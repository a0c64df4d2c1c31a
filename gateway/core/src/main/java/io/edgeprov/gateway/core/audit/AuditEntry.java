package io.edgeprov.gateway.core.audit;

import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import java.util.Objects;

/**
 * An event as placed in the chain. Stored values are kept as read, so a tampered entry can be loaded and
 * then reported by {@link AuditChainVerifier}.
 *
 * @param sequence position in the chain, from 1, without gaps
 * @param event the audited event
 * @param previousHash entry hash of the entry before, or all zeros for the first
 * @param entryHash SHA-256 over the canonical encoding of sequence, event and previous hash
 */
public record AuditEntry(long sequence, AuditEvent event, Sha256Digest previousHash, Sha256Digest entryHash) {

    public AuditEntry {
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence must be at least 1, got " + sequence);
        }
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(previousHash, "previousHash");
        Objects.requireNonNull(entryHash, "entryHash");
    }

    /** Places an event after the given previous entry hash, computing its own hash. */
    public static AuditEntry chain(long sequence, AuditEvent event, Sha256Digest previousHash) {
        return new AuditEntry(sequence, event, previousHash, AuditHashing.entryHash(sequence, event, previousHash));
    }

    /** Whether the stored entry hash matches the one recomputed from the stored fields. */
    public boolean hashIsConsistent() {
        return entryHash.equals(AuditHashing.entryHash(sequence, event, previousHash));
    }
}
