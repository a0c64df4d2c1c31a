package io.edgeprov.gateway.registry.sqlite;

import io.edgeprov.contracts.device.RevocationReason;
import io.edgeprov.gateway.core.registry.AttestedKeys;
import io.edgeprov.gateway.core.registry.DeviceChange;
import io.edgeprov.gateway.core.registry.DeviceRevocation;
import io.edgeprov.gateway.core.registry.IssueCertificate;
import io.edgeprov.gateway.core.registry.RevocationEventId;
import io.edgeprov.gateway.core.registry.RevokeDevice;
import io.edgeprov.gateway.core.registry.value.Sha256Digest;

import io.edgeprov.gateway.core.audit.AuditEvent;
import io.edgeprov.gateway.core.audit.AuditOutcome;
import io.edgeprov.gateway.core.registry.DeviceRecord;
import io.edgeprov.gateway.core.registry.CertificateRecord;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/** Opens registries in a test folder and builds the rows and events tests write; closes what it opened. */
final class RegistryFixture implements AutoCloseable {

    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    /** Attested keys for certificates recorded as attested issuances. */
    static final AttestedKeys KEYS = new AttestedKeys(Sha256Digest.of(new byte[] {7}), new byte[] {0, 2, 0, 1});

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

    /** Records a certificate as an attested issuance does (the device active, created if new). */
    static CertificateRecord record(SqliteRegistry registry, CertificateRecord certificate) {
        return issue(registry, certificate).join();
    }

    /** The same, without waiting for the commit. */
    static CompletableFuture<CertificateRecord> issue(SqliteRegistry registry, CertificateRecord certificate) {
        return registry.commands().issue(new IssueCertificate(certificate, new DeviceChange.Attested(certificate.issuedAt(), KEYS),
                issued(certificate.serialHex(), certificate.deviceId())));
    }

    /** Revokes a device at {@code at}, as an operator on this gateway would. */
    static DeviceRevocation revoke(SqliteRegistry registry, String deviceId, Instant at, RevocationReason reason) {
        return registry.commands().revoke(new RevokeDevice(RevocationEventId.random(new java.security.SecureRandom()),
                deviceId, reason, at, "operator:bob", Optional.empty())).join();
    }

    static CertificateRecord certificate(String serialHex, String deviceId) {
        return new CertificateRecord(serialHex, deviceId, NOW, NOW.plus(Duration.ofHours(24)),
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

    /** One text value from a raw query without parameters. */
    String rawHex(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
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
