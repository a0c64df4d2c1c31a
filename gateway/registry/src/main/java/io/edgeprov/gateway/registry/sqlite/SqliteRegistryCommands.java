package io.edgeprov.gateway.registry.sqlite;

import io.edgeprov.gateway.core.registry.CertificateRecord;
import io.edgeprov.gateway.core.registry.DeviceRecord;
import io.edgeprov.gateway.core.registry.DeviceRevocation;
import io.edgeprov.gateway.core.registry.DeviceRows;
import io.edgeprov.gateway.core.registry.InboundOutcome;
import io.edgeprov.gateway.core.registry.InboundRevocation;
import io.edgeprov.gateway.core.registry.IssueCertificate;
import io.edgeprov.gateway.core.registry.OutboundEvent;
import io.edgeprov.gateway.core.registry.RegistryCommands;
import io.edgeprov.gateway.core.registry.RegistryException;
import io.edgeprov.gateway.core.registry.RegistryFailure;
import io.edgeprov.gateway.core.registry.Revocation;
import io.edgeprov.gateway.core.registry.RevocationRecord;
import io.edgeprov.gateway.core.registry.RevokeDevice;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The registry's domain writes, each one {@link WriteOp} on the single writer, so each is one
 * savepoint of a group commit: all of it or none. The checks that decide whether a write may happen
 * (the device's state, which certificates a revocation covers) read the rows inside that same
 * transaction, under SQLite's write lock, which another process (the CLI beside a running gateway)
 * takes too: no revocation can slip between a check and its write.
 */
final class SqliteRegistryCommands implements RegistryCommands {
    private static final String CURRENT_OF_DEVICE = "SELECT " + SqliteCertificateStore.COLUMNS + " FROM certificate"
            + " WHERE device_id = ? AND revoked_at_ms IS NULL AND not_after_ms > ? ORDER BY issued_at_ms, serial_hex";
    private static final String REVOKE_ONE = "UPDATE certificate SET revoked_at_ms = ?, revocation_reason = ?,"
            + " revocation_event = ? WHERE serial_hex = ? AND revoked_at_ms IS NULL";
    private static final String MARK_DEVICE_REVOKED = "INSERT INTO device (device_id, state, renewal_count)"
            + " VALUES (?, 'REVOKED', 0) ON CONFLICT (device_id) DO UPDATE SET state = 'REVOKED'";
    private static final String EVENT_KNOWN = "SELECT 1 FROM revocation WHERE event_id = ?";

    private final SingleWriter writer;
    private final Clock clock;

    SqliteRegistryCommands(SingleWriter writer, Clock clock) {
        this.writer = writer;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<CertificateRecord> issue(IssueCertificate command) {
        Objects.requireNonNull(command, "command");
        return writer.submit(tx -> {
            Optional<DeviceRecord> current = SqliteDeviceStore.find(tx, command.deviceId());
            DeviceRecord changed = DeviceRows.apply(command.deviceId(), current, command.change());
            // The device row first: a first enrollment's certificate refers to it.
            SqliteDeviceStore.upsert(tx, changed);
            return SqliteCertificateStore.insert(tx, command.certificate(), command.audit());
        });
    }

    @Override
    public CompletableFuture<DeviceRevocation> revoke(RevokeDevice command) {
        Objects.requireNonNull(command, "command");
        return writer.submit(tx -> {
            List<CertificateRecord> current = current(tx, command.deviceId(), command.at());
            if (current.isEmpty()) {
                throw new RegistryException(RegistryFailure.NOTHING_TO_REVOKE, "device " + command.deviceId()
                        + " has no unrevoked, unexpired certificate to revoke");
            }
            DeviceRevocation done = apply(tx, command.record(), current, command.at());
            SqliteRevocationStore.insertOutbound(tx, OutboundEvent.of(done, command.at()));
            return done;
        });
    }

    @Override
    public CompletableFuture<InboundOutcome> recordInbound(InboundRevocation command) {
        Objects.requireNonNull(command, "command");
        RevocationRecord record = command.revocation();
        return writer.submit(tx -> {
            PreparedStatement known = tx.statement(EVENT_KNOWN);
            known.setString(1, record.eventId().value());
            if (!Rows.all(known, rs -> 1).isEmpty()) {
                return new InboundOutcome.AlreadyRecorded(record.eventId());
            }
            List<CertificateRecord> current = current(tx, record.deviceId(), record.revokedAt());
            DeviceRevocation done = apply(tx, record, current, clock.instant());
            if (current.isEmpty()) {
                tx.appendAudit(DeviceRows.revocationAudit(record));
            }
            return new InboundOutcome.Applied(done);
        });
    }

    @Override
    public CompletableFuture<OutboundEvent> enqueue(OutboundEvent event) {
        Objects.requireNonNull(event, "event");
        return writer.submit(tx -> SqliteRevocationStore.insertOutbound(tx, event));
    }

    private static List<CertificateRecord> current(WriteTx tx, String deviceId, Instant at) throws SQLException {
        PreparedStatement select = tx.statement(CURRENT_OF_DEVICE);
        select.setString(1, deviceId);
        select.setLong(2, at.toEpochMilli());
        return Rows.all(select, SqliteCertificateStore::read);
    }

    private static DeviceRevocation apply(WriteTx tx, RevocationRecord record, List<CertificateRecord> current,
            Instant recordedAt) throws SQLException {
        SqliteRevocationStore.insert(tx, record, recordedAt);
        Revocation revocation = new Revocation(record.revokedAt(), record.reason());
        List<CertificateRecord> revoked = new ArrayList<>();
        for (CertificateRecord certificate : current) {
            PreparedStatement update = tx.statement(REVOKE_ONE);
            update.setLong(1, record.revokedAt().toEpochMilli());
            update.setString(2, record.reason().name());
            update.setString(3, record.eventId().value());
            update.setString(4, certificate.serialHex());
            update.executeUpdate();
            tx.appendAudit(DeviceRows.revocationAudit(record, certificate.serialHex()));
            revoked.add(certificate.revoked(revocation));
        }
        // A device revoked elsewhere and never seen here gets a row too, so it cannot enroll here either.
        PreparedStatement device = tx.statement(MARK_DEVICE_REVOKED);
        device.setString(1, record.deviceId());
        device.executeUpdate();
        return new DeviceRevocation(record, revoked);
    }
}
