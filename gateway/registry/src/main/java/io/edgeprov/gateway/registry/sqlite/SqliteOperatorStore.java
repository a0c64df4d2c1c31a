package io.edgeprov.gateway.registry.sqlite;

import io.edgeprov.gateway.core.audit.AuditEvent;
import io.edgeprov.gateway.core.operator.Operator;
import io.edgeprov.gateway.core.operator.OperatorRole;
import io.edgeprov.gateway.core.operator.OperatorStore;
import io.edgeprov.gateway.core.registry.RegistryException;
import io.edgeprov.gateway.core.registry.RegistryFailure;
import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.sqlite.SQLiteErrorCode;

/** Operators in table {@code operator} (schema V6); each change commits with its audit entry. */
final class SqliteOperatorStore implements OperatorStore {
    private static final String COLUMNS = "name, role, certificate_sha256, enabled, added_by, added_at_ms";
    private static final String INSERT = "INSERT INTO operator (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)";

    private final SingleWriter writer;
    private final ReadPool readers;

    SqliteOperatorStore(SingleWriter writer, ReadPool readers) {
        this.writer = writer;
        this.readers = readers;
    }

    @Override
    public Optional<Operator> findByCertificate(Sha256Digest certificateSha256) {
        Objects.requireNonNull(certificateSha256, "certificateSha256");
        return readers.read(c -> Rows.query(c, "SELECT " + COLUMNS + " FROM operator WHERE certificate_sha256 = ?",
                ps -> ps.setBytes(1, certificateSha256.bytes()), SqliteOperatorStore::read).stream().findFirst());
    }

    @Override
    public Optional<Operator> findByName(String name) {
        Objects.requireNonNull(name, "name");
        return readers.read(c -> Rows.query(c, "SELECT " + COLUMNS + " FROM operator WHERE name = ?",
                ps -> ps.setString(1, name), SqliteOperatorStore::read).stream().findFirst());
    }

    @Override
    public List<Operator> all() {
        return readers.read(c -> Rows.query(c, "SELECT " + COLUMNS + " FROM operator ORDER BY name", ps -> { },
                SqliteOperatorStore::read));
    }

    @Override
    public CompletableFuture<Operator> add(Operator operator, AuditEvent audit) {
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(audit, "audit");
        return writer.submit(tx -> {
            PreparedStatement ps = tx.statement(INSERT);
            ps.setString(1, operator.name());
            ps.setString(2, operator.role().name());
            ps.setBytes(3, operator.certificateSha256().bytes());
            ps.setInt(4, operator.enabled() ? 1 : 0);
            ps.setString(5, operator.addedBy());
            ps.setLong(6, operator.addedAt().toEpochMilli());
            try {
                ps.executeUpdate();
            } catch (SQLException e) {
                if (Rows.violates(e, SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY)
                        || Rows.violates(e, SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE)) {
                    throw new RegistryException(RegistryFailure.OPERATOR_EXISTS, "operator " + operator.name()
                            + " or its certificate is already registered", e);
                }
                throw e;
            }
            tx.appendAudit(audit);
            return operator;
        });
    }

    @Override
    public CompletableFuture<Optional<Operator>> setEnabled(String name, boolean enabled, AuditEvent audit) {
        Objects.requireNonNull(name, "name");
        return writer.submit(tx -> {
            PreparedStatement ps = tx.statement("UPDATE operator SET enabled = ? WHERE name = ?");
            ps.setInt(1, enabled ? 1 : 0);
            ps.setString(2, name);
            if (ps.executeUpdate() != 1) {
                return Optional.<Operator>empty();
            }
            tx.appendAudit(audit);
            PreparedStatement read = tx.statement("SELECT " + COLUMNS + " FROM operator WHERE name = ?");
            read.setString(1, name);
            try (ResultSet rs = read.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.<Operator>empty();
            }
        });
    }

    private static Operator read(ResultSet rs) throws SQLException {
        return new Operator(rs.getString("name"), OperatorRole.valueOf(rs.getString("role")),
                new Sha256Digest(rs.getBytes("certificate_sha256")), rs.getInt("enabled") == 1, rs.getString("added_by"),
                Rows.instant(rs, "added_at_ms"));
    }
}
