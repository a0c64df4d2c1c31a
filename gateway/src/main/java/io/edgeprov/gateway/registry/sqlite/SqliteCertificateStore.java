package io.edgeprov.gateway.registry.sqlite;

import io.edgeprov.gateway.audit.AuditEvent;
import io.edgeprov.gateway.registry.ActiveCertificates;
import io.edgeprov.gateway.registry.CertificateStore;
import io.edgeprov.gateway.registry.DeviceRecord;
import io.edgeprov.gateway.registry.IssuedCertificate;
import io.edgeprov.gateway.registry.RegistryException;
import io.edgeprov.gateway.registry.RegistryFailure;
import io.edgeprov.gateway.registry.Revocation;
import io.edgeprov.gateway.registry.RevocationReason;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.sqlite.SQLiteErrorCode;

/** Issued certificates in table {@code certificate}; each change commits with its audit entry. */
final class SqliteCertificateStore implements CertificateStore {

    private static final String COLUMNS = "serial_hex, device_id, not_before_ms, not_after_ms, der, issued_at_ms,"
            + " revoked_at_ms, revocation_reason";
    private static final String INSERT = "INSERT INTO certificate (serial_hex, device_id, not_before_ms,"
            + " not_after_ms, der, issued_at_ms) VALUES (?, ?, ?, ?, ?, ?)";
    private static final String BY_SERIAL = "SELECT " + COLUMNS + " FROM certificate WHERE serial_hex = ?";
    static final String ACTIVE = "SELECT COUNT(*), MIN(not_before_ms) FROM certificate"
            + " WHERE revoked_at_ms IS NULL AND not_after_ms > ?";
    private static final String REVOKE = "UPDATE certificate SET revoked_at_ms = ?, revocation_reason = ?"
            + " WHERE serial_hex = ?";

    private final SingleWriter writer;
    private final ReadPool readers;

    SqliteCertificateStore(SingleWriter writer, ReadPool readers) {
        this.writer = writer;
        this.readers = readers;
    }

    @Override
    public CompletableFuture<IssuedCertificate> record(IssuedCertificate certificate, AuditEvent audit) {
        requireRecordable(certificate, audit);
        return writer.submit(tx -> insert(tx, certificate, audit));
    }

    @Override
    public CompletableFuture<IssuedCertificate> record(IssuedCertificate certificate, DeviceRecord device, AuditEvent audit) {
        requireRecordable(certificate, audit);
        Objects.requireNonNull(device, "device");
        if (!device.deviceId().equals(certificate.deviceId())) {
            throw new IllegalArgumentException("certificate " + certificate.serialHex() + " names device "
                    + certificate.deviceId() + ", not " + device.deviceId());
        }
        // The device row first: a first enrollment's certificate refers to it.
        return writer.submit(tx -> {
            SqliteDeviceStore.upsert(tx, device);
            return insert(tx, certificate, audit);
        });
    }

    private static void requireRecordable(IssuedCertificate certificate, AuditEvent audit) {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(audit, "audit");
        if (certificate.isRevoked()) {
            throw new IllegalArgumentException("a certificate is recorded unrevoked; revoke it afterwards");
        }
    }

    private static IssuedCertificate insert(WriteTx tx, IssuedCertificate certificate, AuditEvent audit) throws SQLException {
        PreparedStatement ps = tx.statement(INSERT);
        ps.setString(1, certificate.serialHex());
        ps.setString(2, certificate.deviceId());
        ps.setLong(3, certificate.notBefore().toEpochMilli());
        ps.setLong(4, certificate.notAfter().toEpochMilli());
        ps.setBytes(5, certificate.der());
        ps.setLong(6, certificate.issuedAt().toEpochMilli());
        try {
            ps.executeUpdate();
        } catch (SQLException e) {
            if (Rows.violates(e, SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY)) {
                throw new RegistryException(RegistryFailure.SERIAL_ALREADY_USED,
                        "serial " + certificate.serialHex() + " was already used", e);
            }
            if (Rows.violates(e, SQLiteErrorCode.SQLITE_CONSTRAINT_FOREIGNKEY)) {
                throw new RegistryException(RegistryFailure.DEVICE_UNKNOWN,
                        "device " + certificate.deviceId() + " is not registered", e);
            }
            throw e;
        }
        tx.appendAudit(audit);
        return certificate;
    }

    @Override
    public CompletableFuture<IssuedCertificate> revoke(String serialHex, Revocation revocation, AuditEvent audit) {
        Objects.requireNonNull(serialHex, "serialHex");
        Objects.requireNonNull(revocation, "revocation");
        Objects.requireNonNull(audit, "audit");
        return writer.submit(tx -> {
            PreparedStatement select = tx.statement(BY_SERIAL);
            select.setString(1, serialHex);
            IssuedCertificate current = Rows.all(select, SqliteCertificateStore::read).stream().findFirst()
                    .orElseThrow(() -> new RegistryException(RegistryFailure.NOT_FOUND,
                            "no certificate has serial " + serialHex));
            if (current.isRevoked()) {
                throw new RegistryException(RegistryFailure.ALREADY_REVOKED, "certificate " + serialHex
                        + " was revoked at " + current.revocation().orElseThrow().revokedAt());
            }
            PreparedStatement update = tx.statement(REVOKE);
            update.setLong(1, revocation.revokedAt().toEpochMilli());
            update.setString(2, revocation.reason().name());
            update.setString(3, serialHex);
            update.executeUpdate();
            tx.appendAudit(audit);
            return current.revoked(revocation);
        });
    }

    @Override
    public Optional<IssuedCertificate> findBySerial(String serialHex) {
        Objects.requireNonNull(serialHex, "serialHex");
        return readers.read(c -> {
            List<IssuedCertificate> found = Rows.query(c, BY_SERIAL, ps -> ps.setString(1, serialHex),
                    SqliteCertificateStore::read);
            return found.stream().findFirst();
        });
    }

    @Override
    public List<IssuedCertificate> findByDevice(String deviceId) {
        Objects.requireNonNull(deviceId, "deviceId");
        return readers.read(c -> Rows.query(c, "SELECT " + COLUMNS
                + " FROM certificate WHERE device_id = ? ORDER BY issued_at_ms, serial_hex",
                ps -> ps.setString(1, deviceId), SqliteCertificateStore::read));
    }

    /** Package-visible so a test can check the plan walks only the revoked-certificate index. */
    static final String REVOKED_SINCE = "SELECT " + COLUMNS + " FROM certificate"
            + " WHERE revoked_at_ms IS NOT NULL AND revoked_at_ms >= ? ORDER BY revoked_at_ms, serial_hex";

    @Override
    public List<IssuedCertificate> findRevokedSince(Instant since) {
        return readers.read(c -> Rows.query(c, REVOKED_SINCE, ps -> ps.setLong(1, since.toEpochMilli()),
                SqliteCertificateStore::read));
    }

    @Override
    public List<IssuedCertificate> findRevokedUnexpired(Instant at) {
        Objects.requireNonNull(at, "at");
        return readers.read(c -> Rows.query(c, "SELECT " + COLUMNS + " FROM certificate"
                + " WHERE revoked_at_ms IS NOT NULL AND not_after_ms > ? ORDER BY revoked_at_ms, serial_hex",
                ps -> ps.setLong(1, at.toEpochMilli()), SqliteCertificateStore::read));
    }

    /**
     * One range scan over the partial index {@code certificate_active_by_expiry} (V3): it visits each
     * active certificate's index entry (about one per device) and never the expired or revoked rows.
     */
    @Override
    public ActiveCertificates active(Instant at) {
        Objects.requireNonNull(at, "at");
        return readers.read(c -> Rows.query(c, ACTIVE, ps -> ps.setLong(1, at.toEpochMilli()),
                rs -> new ActiveCertificates(rs.getLong(1), Rows.optionalInstant(rs, 2))).get(0));
    }

    private static IssuedCertificate read(ResultSet rs) throws SQLException {
        Optional<Revocation> revocation = Rows.optionalInstant(rs, "revoked_at_ms")
                .map(at -> new Revocation(at, reason(rs)));
        return new IssuedCertificate(rs.getString("serial_hex"), rs.getString("device_id"),
                Rows.instant(rs, "not_before_ms"), Rows.instant(rs, "not_after_ms"), rs.getBytes("der"),
                Rows.instant(rs, "issued_at_ms"), revocation);
    }

    private static RevocationReason reason(ResultSet rs) {
        try {
            return RevocationReason.valueOf(rs.getString("revocation_reason"));
        } catch (SQLException e) {
            throw new RegistryException(RegistryFailure.STORAGE_ERROR, "cannot read revocation_reason", e);
        }
    }
}
