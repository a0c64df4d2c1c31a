package io.edgeprov.gateway.registry.sqlite;

import io.edgeprov.gateway.core.registry.DeviceDirectory;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The fleet as sets of ids, each one query over an index: devices known by a row of their own or by a
 * certificate, lots from {@code device_lot} (schema V8), current certificates grouped by device.
 */
final class SqliteDeviceDirectory implements DeviceDirectory {
    private final ReadPool readers;

    SqliteDeviceDirectory(ReadPool readers) {
        this.readers = readers;
    }

    @Override
    public List<String> allDeviceIds() {
        return readers.read(c -> Rows.query(c, "SELECT device_id FROM device UNION SELECT device_id FROM certificate"
                + " ORDER BY 1", ps -> { }, rs -> rs.getString(1)));
    }

    @Override
    public List<String> deviceIdsInLot(String lot) {
        Objects.requireNonNull(lot, "lot");
        return readers.read(c -> Rows.query(c, "SELECT device_id FROM device_lot WHERE lot = ? ORDER BY device_id",
                ps -> ps.setString(1, lot), rs -> rs.getString(1)));
    }

    @Override
    public Set<String> individuallyEnrolled() {
        return new HashSet<>(readers.read(c -> Rows.query(c, "SELECT device_id FROM enrollment WHERE kind = 'INDIVIDUAL'",
                ps -> { }, rs -> rs.getString(1))));
    }

    @Override
    public Map<String, Integer> currentCertificateCounts(Instant at) {
        Objects.requireNonNull(at, "at");
        Map<String, Integer> counts = new HashMap<>();
        readers.read(c -> Rows.query(c, "SELECT device_id, count(*) FROM certificate WHERE revoked_at_ms IS NULL"
                + " AND not_after_ms > ? GROUP BY device_id", ps -> ps.setLong(1, at.toEpochMilli()),
                rs -> counts.put(rs.getString(1), rs.getInt(2))));
        return counts;
    }

    @Override
    public Set<String> revokedDeviceIds() {
        return new HashSet<>(readers.read(c -> Rows.query(c, "SELECT device_id FROM device WHERE state = 'REVOKED'",
                ps -> { }, rs -> rs.getString(1))));
    }
}
