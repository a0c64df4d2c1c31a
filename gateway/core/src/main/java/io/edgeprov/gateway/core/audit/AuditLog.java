package io.edgeprov.gateway.core.audit;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The append-only, hash-chained audit log. */
public interface AuditLog {

    /**
     * Appends an event that goes with no other registry change (a refusal, a login); completes once the
     * entry is durably committed. Changes that carry an event append it in their own transaction instead.
     */
    CompletableFuture<AuditEntry> append(AuditEvent event);

    /** The last entry, if any. */
    Optional<AuditEntry> head();

    /** Up to {@code limit} entries with sequence {@code >= fromSequence}, in sequence order, as stored. */
    List<AuditEntry> entriesFrom(long fromSequence, int limit);

    /** The newest anchor the stored entries start after, once older ones were pruned; empty if none were. */
    default Optional<AuditAnchor> anchor() {
        return Optional.empty();
    }
}
