package io.edgeprov.gateway.registry.sqlite;

import io.edgeprov.gateway.core.audit.AuditEntry;
import io.edgeprov.gateway.core.audit.AuditLog;
import io.edgeprov.gateway.core.registry.CertificateStore;
import io.edgeprov.gateway.core.registry.ChallengeStore;
import io.edgeprov.gateway.core.registry.DeviceStore;
import io.edgeprov.gateway.core.registry.EnrollmentStore;
import io.edgeprov.gateway.core.operator.OperatorStore;
import io.edgeprov.gateway.core.registry.RegistryCommands;
import io.edgeprov.gateway.core.registry.RegistryException;
import io.edgeprov.gateway.core.registry.RevocationStore;
import io.edgeprov.gateway.core.registry.RegistryFailure;
import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import org.sqlite.SQLiteConfig;

/**
 * The gateway registry in one SQLite file: migrated on open, written by a single group-committing writer
 * thread, read through a small pool of read-only connections. Close it to drain queued writes.
 */
public final class SqliteRegistry implements AutoCloseable {

    private final SingleWriter writer;
    private final ReadPool readers;
    private final int schemaVersion;
    private final SqliteEnrollmentStore enrollments;
    private final SqliteDeviceStore devices;
    private final SqliteChallengeStore challenges;
    private final SqliteCertificateStore certificates;
    private final SqliteAuditLog auditLog;
    private final SqliteFleetQueries fleetQueries;
    private final SqlitePendingDevices pendingDevices;
    private final SqliteRegistryCommands commands;
    private final SqliteRevocationStore revocations;
    private final SqliteDeviceDirectory directory;
    private final SqliteOperatorStore operators;
    private final Clock clock;

    private SqliteRegistry(SingleWriter writer, ReadPool readers, int schemaVersion, Clock clock) {
        this.clock = clock;
        this.writer = writer;
        this.readers = readers;
        this.schemaVersion = schemaVersion;
        this.enrollments = new SqliteEnrollmentStore(writer, readers);
        this.devices = new SqliteDeviceStore(writer, readers);
        this.challenges = new SqliteChallengeStore(writer, readers);
        this.certificates = new SqliteCertificateStore(readers);
        this.commands = new SqliteRegistryCommands(writer, clock);
        this.revocations = new SqliteRevocationStore(readers);
        this.directory = new SqliteDeviceDirectory(readers);
        this.operators = new SqliteOperatorStore(writer, readers);
        this.auditLog = new SqliteAuditLog(writer, readers);
        this.fleetQueries = new SqliteFleetQueries(readers);
        this.pendingDevices = new SqlitePendingDevices(writer, readers);
    }

    /**
     * Opens (creating if needed) and migrates the database with the gateway's own migrations.
     *
     * @param clock stamps applied migrations
     * @param completions runs the completion of callers' futures, off the writer thread
     */
    public static SqliteRegistry open(SqliteRegistryConfig config, Clock clock, Executor completions) {
        return open(config, clock, completions, ClasspathMigrations.load(), SqliteRegistry::writerThread);
    }

    /** Opens with the given migrations and writer thread factory; for tests of schema evolution. */
    public static SqliteRegistry open(SqliteRegistryConfig config, Clock clock, Executor completions,
            List<Migration> migrations, ThreadFactory writerThreads) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(completions, "completions");
        Objects.requireNonNull(migrations, "migrations");
        Objects.requireNonNull(writerThreads, "writerThreads");
        ownerOnly(config.databaseFile());
        Connection write = connect(config, false);
        List<Connection> reads = new ArrayList<>();
        try {
            int version = new Migrator(migrations, clock).migrate(write);
            for (int i = 0; i < config.readConnections(); i++) {
                reads.add(connect(config, true));
            }
            ReadPool pool = new ReadPool(reads, config.busyTimeout());
            SingleWriter writer = new SingleWriter(write, config.maxGroupSize(), completions, writerThreads);
            return new SqliteRegistry(writer, pool, version, clock);
        } catch (SQLException | RuntimeException e) {
            closeAll(write, reads);
            if (e instanceof RegistryException re) {
                throw re;
            }
            throw new RegistryException(RegistryFailure.STORAGE_ERROR, "cannot open registry "
                    + config.databaseFile() + ": " + e.getMessage(), e);
        }
    }

    // Daemon so a JVM that forgot close() can still exit; close() is what guarantees the drain.
    private static Thread writerThread(Runnable body) {
        Thread thread = new Thread(body, "registry-writer");
        thread.setDaemon(true);
        return thread;
    }

    /**
     * The registry holds certificates, enrollments and the audit trail: readable by the gateway's user
     * only. A new file is created owner-only (SQLite gives its WAL and shared-memory files the database
     * file's mode), an existing one is narrowed to it.
     */
    private static void ownerOnly(Path databaseFile) {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Set<PosixFilePermission> owner = PosixFilePermissions.fromString("rw-------");
        try {
            if (!Files.exists(databaseFile)) {
                Files.createFile(databaseFile, PosixFilePermissions.asFileAttribute(owner));
                return;
            }
            for (String suffix : List.of("", "-wal", "-shm")) {
                Path file = databaseFile.resolveSibling(databaseFile.getFileName() + suffix);
                if (Files.exists(file)) {
                    Files.setPosixFilePermissions(file, owner);
                }
            }
        } catch (IOException e) {
            throw new RegistryException(RegistryFailure.STORAGE_ERROR, "cannot make " + databaseFile
                    + " readable by its owner only: " + e.getMessage(), e);
        }
    }

    private static Connection connect(SqliteRegistryConfig config, boolean readOnly) {
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        sqlite.setSynchronous(config.durability() == Durability.FULL
                ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
        sqlite.enforceForeignKeys(true);
        sqlite.setBusyTimeout((int) config.busyTimeout().toMillis());
        sqlite.setReadOnly(readOnly);
        try {
            return sqlite.createConnection("jdbc:sqlite:" + config.databaseFile().toAbsolutePath());
        } catch (SQLException e) {
            throw new RegistryException(RegistryFailure.STORAGE_ERROR, "cannot open " + config.databaseFile()
                    + (readOnly ? " for reading: " : " for writing: ") + e.getMessage(), e);
        }
    }

    private static void closeAll(Connection write, List<Connection> reads) {
        List<Connection> all = new ArrayList<>(reads);
        all.add(write);
        for (Connection c : all) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // Already failing to open; the original error is the one worth reporting.
            }
        }
    }

    public EnrollmentStore enrollments() {
        return enrollments;
    }

    public DeviceStore devices() {
        return devices;
    }

    public ChallengeStore challenges() {
        return challenges;
    }

    public CertificateStore certificates() {
        return certificates;
    }

    /** The domain writes: issue, revoke, record an inbound revocation, queue an outbound event. */
    public RegistryCommands commands() {
        return commands;
    }

    /** The admin plane's paged read model (schema V12). */
    public io.edgeprov.gateway.core.fleet.FleetQueries fleetQueries() {
        return fleetQueries;
    }

    /** The pending queue of genuine TPMs no enrollment admits (schema V12). */
    public io.edgeprov.gateway.core.fleet.PendingDevices pendingDevices() {
        return pendingDevices;
    }

    public OperatorStore operators() {
        return operators;
    }

    /** The fleet as sets of device ids, for batch revocation. */
    public io.edgeprov.gateway.core.registry.DeviceDirectory directory() {
        return directory;
    }

    public RevocationStore revocations() {
        return revocations;
    }

    public AuditLog auditLog() {
        return auditLog;
    }

    /**
     * Deletes the audit entries up to {@code through}, which an export holds, keeping that entry's hash as the
     * anchor the chain check starts after, and appends the {@code audit.prune} entry naming it; refused with
     * {@link RegistryFailure#AUDIT_PRUNE_REFUSED} (and nothing changed) when the entries are not stored, reach
     * the head, or entry {@code through} does not have {@code expectedHash}. Completes with the prune entry.
     */
    public CompletableFuture<AuditEntry> pruneAudit(long through, Sha256Digest expectedHash, Sha256Digest exportSha256,
            String actor) {
        return writer.submit(new AuditPruning(through, expectedHash, exportSha256, actor, clock.instant()));
    }

    /** Schema version the database is at. */
    public int schemaVersion() {
        return schemaVersion;
    }

    /** Writes queued and not yet taken by the writer. */
    public int queuedWrites() {
        return writer.queued();
    }

    /** Transactions committed since open. */
    public long groupsCommitted() {
        return writer.groupsCommitted();
    }

    /** The writer, for tests in this package that run their own write on the write connection. */
    SingleWriter writer() {
        return writer;
    }

    /** Refuses new writes, commits every queued one, then closes all connections. */
    @Override
    public void close() {
        writer.drain();
        // The write connection closes last: as the last connection it checkpoints the WAL into the file.
        readers.close();
        writer.close();
    }
}
