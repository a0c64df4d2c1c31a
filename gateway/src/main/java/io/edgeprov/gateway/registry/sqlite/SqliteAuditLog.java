package io.edgeprov.gateway.registry.sqlite;

import io.edgeprov.gateway.audit.AuditEntry;
import io.edgeprov.gateway.audit.AuditEvent;
import io.edgeprov.gateway.audit.AuditLog;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
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
        return readers.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + AuditRows.COLUMNS + " FROM audit_log ORDER BY seq DESC LIMIT 1");
                    ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(AuditRows.read(rs)) : Optional.empty();
            }
        });
    }

    @Override
    public List<AuditEntry> entriesFrom(long fromSequence, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        return readers.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + AuditRows.COLUMNS + " FROM audit_log WHERE seq >= ? ORDER BY seq LIMIT ?")) {
                ps.setLong(1, fromSequence);
                ps.setInt(2, limit);
                List<AuditEntry> entries = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        entries.add(AuditRows.read(rs));
                    }
                }
                return entries;
            }
        });
    }
}
