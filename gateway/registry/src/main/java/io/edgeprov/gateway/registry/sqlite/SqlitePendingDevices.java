package io.edgeprov.gateway.registry.sqlite;

import io.edgeprov.gateway.core.audit.AuditEvent;
import io.edgeprov.gateway.core.fleet.FleetCursor;
import io.edgeprov.gateway.core.fleet.PendingDevice;
import io.edgeprov.gateway.core.fleet.PendingDevices;
import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The pending queue in table {@code pending_device} (schema V12). */
final class SqlitePendingDevices implements PendingDevices {
    private static final String COLUMNS = "device_id, ek_sha256, root_bundle, first_seen_ms, last_seen_ms, attempts";
    private static final String UPSERT = "INSERT INTO pending_device (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, 1)"
            + " ON CONFLICT (device_id) DO UPDATE SET ek_sha256 = excluded.ek_sha256, root_bundle = excluded.root_bundle,"
            + " last_seen_ms = excluded.last_seen_ms, attempts = attempts + 1";

    private final SingleWriter writer;
    private final ReadPool readers;

    SqlitePendingDevices(SingleWriter writer, ReadPool readers) {
        this.writer = writer;
        this.readers = readers;
    }

    @Override
    public CompletableFuture<Void> record(String deviceId, Sha256Digest ekSha256, String rootBundle, Instant at) {
        Objects.requireNonNull(deviceId, "deviceId");
        return writer.submit(tx -> {
            PreparedStatement ps = tx.statement(UPSERT);
            ps.setString(1, deviceId);
            ps.setBytes(2, ekSha256.bytes());
            ps.setString(3, rootBundle);
            ps.setLong(4, at.toEpochMilli());
            ps.setLong(5, at.toEpochMilli());
            ps.executeUpdate();
            return null;
        });
    }

    @Override
    public Optional<PendingDevice> find(String deviceId) {
        return readers.read(c -> Rows.query(c, "SELECT " + COLUMNS + " FROM pending_device WHERE device_id = ?",
                ps -> ps.setString(1, deviceId), SqlitePendingDevices::read).stream().findFirst());
    }

    @Override
    public List<PendingDevice> page(Optional<FleetCursor> after, int size) {
        String sql = "SELECT " + COLUMNS + " FROM pending_device WHERE (first_seen_ms > ? OR (first_seen_ms = ? AND device_id > ?))"
                + " ORDER BY first_seen_ms, device_id LIMIT ?";
        long key = after.map(a -> Long.parseLong(a.key())).orElse(Long.MIN_VALUE);
        return readers.read(c -> Rows.query(c, sql, ps -> {
            ps.setLong(1, key);
            ps.setLong(2, key);
            ps.setString(3, after.map(FleetCursor::deviceId).orElse(""));
            ps.setInt(4, size);
        }, SqlitePendingDevices::read));
    }

    @Override
    public long count() {
        return readers.read(c -> Rows.query(c, "SELECT COUNT(*) FROM pending_device", ps -> { }, rs -> rs.getLong(1)).get(0));
    }

    @Override
    public CompletableFuture<Boolean> remove(String deviceId, AuditEvent audit) {
        return writer.submit(tx -> {
            PreparedStatement ps = tx.statement("DELETE FROM pending_device WHERE device_id = ?");
            ps.setString(1, deviceId);
            boolean removed = ps.executeUpdate() == 1;
            if (removed) {
                tx.appendAudit(audit);
            }
            return removed;
        });
    }

    private static PendingDevice read(ResultSet rs) throws SQLException {
        return new PendingDevice(rs.getString("device_id"), new Sha256Digest(rs.getBytes("ek_sha256")),
                rs.getString("root_bundle"), Rows.instant(rs, "first_seen_ms"), Rows.instant(rs, "last_seen_ms"),
                rs.getLong("attempts"));
    }
}
