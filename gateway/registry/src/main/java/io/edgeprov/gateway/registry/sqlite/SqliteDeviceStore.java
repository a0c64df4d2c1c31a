package io.edgeprov.gateway.registry.sqlite;

import io.edgeprov.gateway.core.registry.AttestedKeys;
import io.edgeprov.gateway.core.registry.DeviceRecord;
import io.edgeprov.gateway.core.registry.DeviceState;
import io.edgeprov.gateway.core.registry.DeviceStore;
import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Devices in table {@code device}. */
final class SqliteDeviceStore implements DeviceStore {

    private static final String UPSERT = "INSERT INTO device (device_id, state, last_seen_ms, renewal_count,"
            + " last_attested_ms, ek_sha256, ak_public) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (device_id) DO UPDATE SET"
            + " state = excluded.state, last_seen_ms = excluded.last_seen_ms,"
            + " renewal_count = excluded.renewal_count, last_attested_ms = excluded.last_attested_ms,"
            + " ek_sha256 = excluded.ek_sha256, ak_public = excluded.ak_public";

    private final SingleWriter writer;
    private final ReadPool readers;

    SqliteDeviceStore(SingleWriter writer, ReadPool readers) {
        this.writer = writer;
        this.readers = readers;
    }

    private static final String BY_ID = "SELECT device_id, state, last_seen_ms, renewal_count,"
            + " last_attested_ms, ek_sha256, ak_public FROM device WHERE device_id = ?";

    @Override
    public Optional<DeviceRecord> find(String deviceId) {
        Objects.requireNonNull(deviceId, "deviceId");
        return readers.read(c -> Rows.query(c, BY_ID, ps -> ps.setString(1, deviceId), SqliteDeviceStore::read).stream()
                .findFirst());
    }

    /** The device's row as it stands inside the caller's transaction. */
    static Optional<DeviceRecord> find(WriteTx tx, String deviceId) throws SQLException {
        PreparedStatement ps = tx.statement(BY_ID);
        ps.setString(1, deviceId);
        return Rows.all(ps, SqliteDeviceStore::read).stream().findFirst();
    }

    @Override
    public CompletableFuture<DeviceRecord> save(DeviceRecord device) {
        Objects.requireNonNull(device, "device");
        return writer.submit(tx -> upsert(tx, device));
    }

    /** Writes the device's row inside the caller's transaction; shared with a certificate that changes the device. */
    static DeviceRecord upsert(WriteTx tx, DeviceRecord device) throws SQLException {
        PreparedStatement ps = tx.statement(UPSERT);
        ps.setString(1, device.deviceId());
        ps.setString(2, device.state().name());
        Rows.setOptionalInstant(ps, 3, device.lastSeen());
        ps.setInt(4, device.renewalCount());
        Rows.setOptionalInstant(ps, 5, device.lastAttestation());
        ps.setBytes(6, device.attestedKeys().map(k -> k.ekPublicSha256().bytes()).orElse(null));
        ps.setBytes(7, device.attestedKeys().map(AttestedKeys::akPublic).orElse(null));
        ps.executeUpdate();
        return device;
    }

    private static DeviceRecord read(ResultSet rs) throws SQLException {
        return new DeviceRecord(rs.getString("device_id"), DeviceState.valueOf(rs.getString("state")),
                Rows.optionalInstant(rs, "last_seen_ms"), rs.getInt("renewal_count"),
                Rows.optionalInstant(rs, "last_attested_ms"), attestedKeys(rs));
    }

    private static Optional<AttestedKeys> attestedKeys(ResultSet rs) throws SQLException {
        byte[] ekSha256 = rs.getBytes("ek_sha256");
        byte[] akPublic = rs.getBytes("ak_public");
        if (ekSha256 == null || akPublic == null) {
            return Optional.empty();
        }
        return Optional.of(new AttestedKeys(new Sha256Digest(ekSha256), akPublic));
    }
}
