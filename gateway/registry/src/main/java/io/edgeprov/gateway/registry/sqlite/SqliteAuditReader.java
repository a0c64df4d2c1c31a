package io.edgeprov.gateway.registry.sqlite;

import io.edgeprov.gateway.core.audit.AuditAnchor;
import io.edgeprov.gateway.core.audit.AuditEntry;
import io.edgeprov.gateway.core.audit.AuditEvent;
import io.edgeprov.gateway.core.audit.AuditLog;
import io.edgeprov.gateway.core.registry.RegistryException;
import io.edgeprov.gateway.core.registry.RegistryFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.sqlite.SQLiteConfig;

/**
 * Read-only access to the audit log of a registry file, for the CLI's chain check: it never migrates or
 * writes, so it can run beside a live gateway (WAL lets it read while the gateway writes).
 */
public final class SqliteAuditReader implements AuditLog, AutoCloseable {

    private final ReadPool reader;

    private SqliteAuditReader(ReadPool reader) {
        this.reader = reader;
    }

    /**
     * Opens the registry file read-only; fails with {@link RegistryFailure#STORAGE_ERROR} when it is missing
     * or holds no audit log, and {@link RegistryFailure#SCHEMA_NEWER_THAN_CODE} when written by a newer gateway.
     */
    public static SqliteAuditReader open(Path databaseFile) {
        if (!Files.isRegularFile(databaseFile)) {
            throw new RegistryException(RegistryFailure.STORAGE_ERROR, "no registry file at " + databaseFile);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(5_000);
        Connection connection;
        try {
            connection = config.createConnection("jdbc:sqlite:" + databaseFile.toAbsolutePath());
        } catch (SQLException e) {
            throw new RegistryException(RegistryFailure.STORAGE_ERROR, "cannot open " + databaseFile + ": "
                    + e.getMessage(), e);
        }
        ReadPool pool = new ReadPool(List.of(connection), Duration.ofSeconds(5));
        try {
            int latest = ClasspathMigrations.load().size();
            int version = pool.read(c -> schemaVersion(c.connection()));
            if (version > latest) {
                throw new RegistryException(RegistryFailure.SCHEMA_NEWER_THAN_CODE, "database schema version "
                        + version + " is newer than this gateway understands (" + latest + ")");
            }
            if (version < 1) {
                throw new RegistryException(RegistryFailure.STORAGE_ERROR, databaseFile + " holds no registry");
            }
            return new SqliteAuditReader(pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    private static int schemaVersion(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'");
                ResultSet rs = ps.executeQuery()) {
            if (!rs.next() || rs.getInt(1) == 0) {
                return 0;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(max(version), 0) FROM schema_version");
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /** Always fails: this view only reads. */
    @Override
    public CompletableFuture<AuditEntry> append(AuditEvent event) {
        return CompletableFuture.failedFuture(
                new RegistryException(RegistryFailure.CLOSED, "the read-only audit reader cannot append"));
    }

    @Override
    public Optional<AuditEntry> head() {
        return AuditRows.head(reader);
    }

    @Override
    public Optional<AuditAnchor> anchor() {
        return AuditRows.anchor(reader);
    }

    @Override
    public List<AuditEntry> entriesFrom(long fromSequence, int limit) {
        return AuditRows.entriesFrom(reader, fromSequence, limit);
    }

    @Override
    public void close() {
        reader.close();
    }
}
