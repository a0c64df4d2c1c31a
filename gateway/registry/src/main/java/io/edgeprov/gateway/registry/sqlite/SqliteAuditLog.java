package io.edgeprov.gateway.registry.sqlite;

import io.edgeprov.gateway.core.audit.AuditAnchor;
import io.edgeprov.gateway.core.audit.AuditEntry;
import io.edgeprov.gateway.core.audit.AuditEvent;
import io.edgeprov.gateway.core.audit.AuditLog;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The audit log in table {@code audit_log}; appends go through the single writer, which keeps the chain head. */
final class SqliteAuditLog implements AuditLog {

    private final SingleWriter writer;
    private final ReadPool readers;

    SqliteAuditLog(SingleWriter writer, ReadPool readers) {
        this.writer = writer;
        this.readers = readers;
    }

    @Override
    public CompletableFuture<AuditEntry> append(AuditEvent event) {
        Objects.requireNonNull(event, "event");
        return writer.submit(tx -> tx.appendAudit(event));
    }

    @Override
    public Optional<AuditEntry> head() {
        return AuditRows.head(readers);
    }

    @Override
    public Optional<AuditAnchor> anchor() {
        return AuditRows.anchor(readers);
    }

    @Override
    public List<AuditEntry> entriesFrom(long fromSequence, int limit) {
        return AuditRows.entriesFrom(readers, fromSequence, limit);
    }
}
