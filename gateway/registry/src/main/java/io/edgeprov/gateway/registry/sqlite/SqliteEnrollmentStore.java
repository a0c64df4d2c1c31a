package io.edgeprov.gateway.registry.sqlite;

import io.edgeprov.gateway.core.audit.AuditEvent;
import io.edgeprov.gateway.core.registry.Enrollment;
import io.edgeprov.gateway.core.registry.EnrollmentRule;
import io.edgeprov.gateway.core.registry.EnrollmentStore;
import io.edgeprov.gateway.core.registry.RegistryException;
import io.edgeprov.gateway.core.registry.RegistryFailure;
import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.sqlite.SQLiteErrorCode;

/** Enrollments in table {@code enrollment}; each change commits with its audit entry. */
final class SqliteEnrollmentStore implements EnrollmentStore {

    private static final String SELECT = "SELECT enrollment_id, kind, device_id, ek_sha256, root_bundle_id,"
            + " serial_pattern, enabled, created_by, created_at_ms FROM enrollment";

    private final SingleWriter writer;
    private final ReadPool readers;

    SqliteEnrollmentStore(SingleWriter writer, ReadPool readers) {
        this.writer = writer;
        this.readers = readers;
    }

    @Override
    public Optional<Enrollment> findById(String enrollmentId) {
        Objects.requireNonNull(enrollmentId, "enrollmentId");
        return one(SELECT + " WHERE enrollment_id = ?", enrollmentId);
    }

    @Override
    public Optional<Enrollment> findIndividualByDeviceId(String deviceId) {
        Objects.requireNonNull(deviceId, "deviceId");
        return one(SELECT + " WHERE kind = 'INDIVIDUAL' AND device_id = ?", deviceId);
    }

    @Override
    public Optional<Enrollment> findIndividualByEk(Sha256Digest ekPublicSha256) {
        Objects.requireNonNull(ekPublicSha256, "ekPublicSha256");
        return readers.read(c -> Rows.query(c, SELECT + " WHERE kind = 'INDIVIDUAL' AND ek_sha256 = ?",
                ps -> ps.setBytes(1, ekPublicSha256.bytes()), SqliteEnrollmentStore::read).stream().findFirst());
    }

    @Override
    public List<Enrollment> findGroups() {
        return readers.read(c -> Rows.query(c, SELECT + " WHERE kind = 'GROUP' ORDER BY enrollment_id",
                ps -> { }, SqliteEnrollmentStore::read));
    }

    @Override
    public CompletableFuture<Enrollment> add(Enrollment enrollment, AuditEvent audit) {
        Objects.requireNonNull(enrollment, "enrollment");
        Objects.requireNonNull(audit, "audit");
        return writer.submit(tx -> {
            PreparedStatement ps = tx.statement("INSERT INTO enrollment (enrollment_id, kind, device_id, ek_sha256,"
                    + " root_bundle_id, serial_pattern, enabled, created_by, created_at_ms)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
            ps.setString(1, enrollment.enrollmentId());
            if (enrollment.rule() instanceof EnrollmentRule.Individual individual) {
                ps.setString(2, "INDIVIDUAL");
                ps.setString(3, individual.deviceId());
                ps.setBytes(4, individual.ekPublicSha256().bytes());
                ps.setNull(5, Types.VARCHAR);
                ps.setNull(6, Types.VARCHAR);
            } else if (enrollment.rule() instanceof EnrollmentRule.Group group) {
                ps.setString(2, "GROUP");
                ps.setNull(3, Types.VARCHAR);
                ps.setNull(4, Types.BLOB);
                ps.setString(5, group.rootBundleId());
                ps.setString(6, group.serialPattern());
            }
            ps.setInt(7, enrollment.enabled() ? 1 : 0);
            ps.setString(8, enrollment.createdBy());
            ps.setLong(9, enrollment.createdAt().toEpochMilli());
            try {
                ps.executeUpdate();
            } catch (SQLException e) {
                if (Rows.violates(e, SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY)
                        || Rows.violates(e, SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE)) {
                    throw new RegistryException(RegistryFailure.ENROLLMENT_EXISTS, "enrollment "
                            + enrollment.enrollmentId() + " clashes with an existing id, device id or EK", e);
                }
                throw e;
            }
            tx.appendAudit(audit);
            return enrollment;
        });
    }

    @Override
    public CompletableFuture<Enrollment> setEnabled(String enrollmentId, boolean enabled, AuditEvent audit) {
        Objects.requireNonNull(enrollmentId, "enrollmentId");
        Objects.requireNonNull(audit, "audit");
        return writer.submit(tx -> {
            PreparedStatement update = tx.statement("UPDATE enrollment SET enabled = ? WHERE enrollment_id = ?");
            update.setInt(1, enabled ? 1 : 0);
            update.setString(2, enrollmentId);
            if (update.executeUpdate() == 0) {
                throw new RegistryException(RegistryFailure.NOT_FOUND, "no enrollment has id " + enrollmentId);
            }
            PreparedStatement select = tx.statement(SELECT + " WHERE enrollment_id = ?");
            select.setString(1, enrollmentId);
            Enrollment updated = Rows.all(select, SqliteEnrollmentStore::read).get(0);
            tx.appendAudit(audit);
            return updated;
        });
    }

    private Optional<Enrollment> one(String sql, String key) {
        return readers.read(c -> Rows.query(c, sql, ps -> ps.setString(1, key), SqliteEnrollmentStore::read)
                .stream().findFirst());
    }

    private static Enrollment read(ResultSet rs) throws SQLException {
        EnrollmentRule rule = "INDIVIDUAL".equals(rs.getString("kind"))
                ? new EnrollmentRule.Individual(rs.getString("device_id"), new Sha256Digest(rs.getBytes("ek_sha256")))
                : new EnrollmentRule.Group(rs.getString("root_bundle_id"), rs.getString("serial_pattern"));
        return new Enrollment(rs.getString("enrollment_id"), rule, rs.getInt("enabled") == 1,
                rs.getString("created_by"), Rows.instant(rs, "created_at_ms"));
    }
}
