package io.edgeprov.gateway.registry.sqlite;

import io.edgeprov.gateway.core.audit.AuditEvent;
import io.edgeprov.gateway.core.registry.ActiveCertificates;
import io.edgeprov.gateway.core.registry.CertificateStore;
import io.edgeprov.gateway.core.registry.DeviceRecord;
import io.edgeprov.gateway.core.registry.CertificateRecord;
import io.edgeprov.gateway.core.registry.RegistryException;
import io.edgeprov.gateway.core.registry.RegistryFailure;
import io.edgeprov.gateway.core.registry.Revocation;
import io.edgeprov.gateway.core.registry.RevokedSerial;
import io.edgeprov.contracts.device.RevocationReason;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.sqlite.SQLiteErrorCode;

/** Issued certificates in table {@code certificate}, read here; written by {@link SqliteRegistryCommands}. */
final class SqliteCertificateStore implements CertificateStore {

    static final String COLUMNS = "serial_hex, device_id, not_before_ms, not_after_ms, der, issued_at_ms,"
            + " revoked_at_ms, revocation_reason";
    private static final String INSERT = "INSERT INTO certificate (serial_hex, device_id, not_before_ms,"
            + " not_after_ms, der, issued_at_ms) VALUES (?, ?, ?, ?, ?, ?)";
    private static final String BY_SERIAL = "SELECT " + COLUMNS + " FROM certificate WHERE serial_hex = ?";
    static final String ACTIVE = "SELECT COUNT(*), MIN(not_before_ms) FROM certificate"
            + " WHERE revoked_at_ms IS NULL AND not_after_ms > ?";

    private final ReadPool readers;

    SqliteCertificateStore(ReadPool readers) {
        this.readers = readers;
    }

    /** Inserts a certificate with its audit entry inside the caller's transaction. */
    static CertificateRecord insert(WriteTx tx, CertificateRecord certificate, AuditEvent audit) throws SQLException {
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
    public Optional<CertificateRecord> findBySerial(String serialHex) {
        Objects.requireNonNull(serialHex, "serialHex");
        return readers.read(c -> {
            List<CertificateRecord> found = Rows.query(c, BY_SERIAL, ps -> ps.setString(1, serialHex),
                    SqliteCertificateStore::read);
            return found.stream().findFirst();
        });
    }

    @Override
    public List<CertificateRecord> findByDevice(String deviceId) {
        Objects.requireNonNull(deviceId, "deviceId");
        return readers.read(c -> Rows.query(c, "SELECT " + COLUMNS
                + " FROM certificate WHERE device_id = ? ORDER BY issued_at_ms, serial_hex",
                ps -> ps.setString(1, deviceId), SqliteCertificateStore::read));
    }

    /** Package-visible so a test can check the plan walks only the revoked-certificate index ({@code certificate_crl_entries}, V9). */
    static final String REVOKED_SINCE = "SELECT " + COLUMNS + " FROM certificate"
            + " WHERE revoked_at_ms IS NOT NULL AND revoked_at_ms >= ? ORDER BY revoked_at_ms, serial_hex";

    @Override
    public List<CertificateRecord> findRevokedSince(Instant since) {
        return readers.read(c -> Rows.query(c, REVOKED_SINCE, ps -> ps.setLong(1, since.toEpochMilli()),
                SqliteCertificateStore::read));
    }

    @Override
    public List<CertificateRecord> findRevokedUnexpired(Instant at) {
        Objects.requireNonNull(at, "at");
        return readers.read(c -> Rows.query(c, "SELECT " + COLUMNS + " FROM certificate"
                + " WHERE revoked_at_ms IS NOT NULL AND not_after_ms > ? ORDER BY revoked_at_ms, serial_hex",
                ps -> ps.setLong(1, at.toEpochMilli()), SqliteCertificateStore::read));
    }

    /**
     * Package-visible so a test can check the plan walks only the index {@code certificate_crl_entries} (V9):
     * it holds these columns in this order, so SQLite neither visits the table nor sorts.
     */
    static final String REVOKED_SERIALS_UNEXPIRED = "SELECT serial_hex, revoked_at_ms, revocation_reason FROM certificate"
            + " WHERE revoked_at_ms IS NOT NULL AND not_after_ms > ? ORDER BY revoked_at_ms, serial_hex";

    @Override
    public List<RevokedSerial> findRevokedSerialsUnexpired(Instant at) {
        Objects.requireNonNull(at, "at");
        // Columns by position and no CertificateRecord: this runs over every revoked certificate on each revocation.
        return readers.read(c -> Rows.query(c, REVOKED_SERIALS_UNEXPIRED, ps -> ps.setLong(1, at.toEpochMilli()),
                rs -> new RevokedSerial(rs.getString(1), new Revocation(Instant.ofEpochMilli(rs.getLong(2)),
                        reason(rs.getString(3))))));
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

    static CertificateRecord read(ResultSet rs) throws SQLException {
        Optional<Revocation> revocation = Rows.optionalInstant(rs, "revoked_at_ms")
                .map(at -> new Revocation(at, reason(rs)));
        return new CertificateRecord(rs.getString("serial_hex"), rs.getString("device_id"),
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

    private static RevocationReason reason(String stored) {
        try {
            return RevocationReason.valueOf(stored);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new RegistryException(RegistryFailure.STORAGE_ERROR, "unknown revocation_reason '" + stored + "'", e);
        }
    }
}
