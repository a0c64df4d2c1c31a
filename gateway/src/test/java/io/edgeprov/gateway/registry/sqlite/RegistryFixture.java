package io.edgeprov.gateway.registry.sqlite;

import io.edgeprov.gateway.audit.AuditEvent;
import io.edgeprov.gateway.audit.AuditOutcome;
import io.edgeprov.gateway.registry.DeviceRecord;
import io.edgeprov.gateway.registry.IssuedCertificate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/** Opens registries in a test folder and builds the rows and events tests write; closes what it opened. */
final class RegistryFixture implements AutoCloseable {

    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    private final Path file;
    private final ExecutorService completions = Executors.newFixedThreadPool(2);

    RegistryFixture(Path folder) {
        this.file = folder.resolve("registry.db");
    }

    Path file() {
        return file;
    }

    /** A fast configuration: tests need consistency, not power-loss durability. */
    SqliteRegistryConfig config() {
        return new SqliteRegistryConfig(file, Durability.NORMAL, 500, 2, Duration.ofSeconds(5));
    }

    SqliteRegistry open() {
        return SqliteRegistry.open(config(), clock(), completions);
    }

    SqliteRegistry open(SqliteRegistryConfig config) {
        return SqliteRegistry.open(config, clock(), completions);
    }

    SqliteRegistry open(List<Migration> migrations) {
        return SqliteRegistry.open(config(), clock(), completions, migrations, daemon());
    }

    static Clock clock() {
        return Clock.fixed(NOW, ZoneOffset.UTC);
    }

    static ThreadFactory daemon() {
        return body -> {
            Thread t = new Thread(body, "test-registry-writer");
            t.setDaemon(true);
            return t;
        };
    }

    static SqliteRegistry withDevice(SqliteRegistry registry, String deviceId) {
        registry.devices().save(DeviceRecord.pending(deviceId)).join();
        return registry;
    }

    static IssuedCertificate certificate(String serialHex, String deviceId) {
        return new IssuedCertificate(serialHex, deviceId, NOW, NOW.plus(Duration.ofHours(24)),
                ("DER of " + serialHex).getBytes(StandardCharsets.UTF_8), NOW, Optional.empty());
    }

    static AuditEvent issued(String serialHex, String deviceId) {
        return AuditEvent.of(NOW, "gateway", "certificate.issue", deviceId, AuditOutcome.SUCCESS, "OK")
                .withDetail("serial", serialHex);
    }

    /** Raw SQL on the file, as an intruder with file access would run it. */
    void rawUpdate(String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.executeUpdate(sql);
            }
        }
    }

    /** One long from a raw query with one string parameter. */
    long rawLong(String sql, String parameter) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, parameter);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** SQLite's query plan for {@code sql} (with one integer parameter), its steps joined by newlines. */
    String rawPlan(String sql) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                PreparedStatement ps = c.prepareStatement("EXPLAIN QUERY PLAN " + sql)) {
            ps.setLong(1, 0);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString("detail")).append('\n');
                }
            }
        }
        return plan.toString();
    }

    @Override
    public void close() throws InterruptedException {
        completions.shutdown();
        completions.awaitTermination(10, TimeUnit.SECONDS);
    }
}
