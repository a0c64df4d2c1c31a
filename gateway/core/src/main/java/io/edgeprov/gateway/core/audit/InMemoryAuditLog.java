package io.edgeprov.gateway.core.audit;

import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** A chained audit log in memory, for use-case tests that need no database. */
public final class InMemoryAuditLog implements AuditLog {

    private final List<AuditEntry> entries = new ArrayList<>();

    @Override
    public synchronized CompletableFuture<AuditEntry> append(AuditEvent event) {
        Sha256Digest previous = entries.isEmpty() ? Sha256Digest.zero() : entries.get(entries.size() - 1).entryHash();
        AuditEntry entry = AuditEntry.chain(entries.size() + 1L, event, previous);
        entries.add(entry);
        return CompletableFuture.completedFuture(entry);
    }

    @Override
    public synchronized Optional<AuditEntry> head() {
        return entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(entries.size() - 1));
    }

    @Override
    public synchronized List<AuditEntry> entriesFrom(long fromSequence, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        int from = (int) Math.max(0, Math.min(entries.size(), fromSequence - 1));
        return List.copyOf(entries.subList(from, Math.min(entries.size(), from + limit)));
    }
}
