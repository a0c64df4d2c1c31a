package io.edgeprov.gateway.registry.sqlite;

import io.edgeprov.gateway.core.audit.AuditEntry;
import io.edgeprov.gateway.core.audit.AuditEvent;
import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The writer thread's view of the open group transaction: the write connection, its cached prepared
 * statements, and the audit chain head. Confined to the writer thread.
 */
final class WriteTx implements AutoCloseable {

    /** Position of the last audit entry: its sequence and entry hash. */
    record ChainHead(long sequence, Sha256Digest hash) {
    }

    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private ChainHead head;

    WriteTx(Connection connection) throws SQLException {
        this.connection = connection;
        this.head = readHead();
    }

    /**
     * A cached prepared statement with cleared parameters. Callers must not close it; the writer closes
     * all of them on shutdown.
     */
    PreparedStatement statement(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = connection.prepareStatement(sql);
            statements.put(sql, ps);
        } else {
            ps.clearParameters();
        }
        return ps;
    }

    /** Appends an audit entry after the current head, inside the current transaction. */
    AuditEntry appendAudit(AuditEvent event) throws SQLException {
        AuditEntry entry = AuditEntry.chain(head.sequence() + 1, event, head.hash());
        AuditRows.insert(statement(AuditRows.INSERT), entry);
        head = new ChainHead(entry.sequence(), entry.entryHash());
        return entry;
    }

    ChainHead head() {
        return head;
    }

    /** Puts the head back after a savepoint or transaction was rolled back. */
    void resetHead(ChainHead value) {
        head = value;
    }

    /** Runs a parameterless control statement (BEGIN, SAVEPOINT, COMMIT...), prepared once. */
    void execute(String sql) throws SQLException {
        statement(sql).execute();
    }

    /** Reloads the head from disk, after a failed commit left the cached one unreliable. */
    void reloadHead() throws SQLException {
        head = readHead();
    }

    private ChainHead readHead() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT seq, entry_hash FROM audit_log ORDER BY seq DESC LIMIT 1");
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? new ChainHead(rs.getLong(1), new Sha256Digest(rs.getBytes(2)))
                    : new ChainHead(0, Sha256Digest.zero());
        }
    }

    @Override
    public void close() throws SQLException {
        for (PreparedStatement ps : statements.values()) {
            ps.close();
        }
        statements.clear();
    }
}
