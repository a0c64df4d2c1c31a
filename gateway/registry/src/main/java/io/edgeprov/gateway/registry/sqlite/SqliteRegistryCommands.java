package io.edgeprov.gateway.registry.sqlite;

import io.edgeprov.gateway.core.registry.AssignLot;
import io.edgeprov.gateway.core.registry.ReleaseHold;
import io.edgeprov.gateway.core.registry.CertificateRecord;
import io.edgeprov.gateway.core.registry.InboundConflicts;
import io.edgeprov.gateway.core.registry.RevocationEventId;
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

    /** Devices per savepoint of a batch revocation. */
    static final int BATCH_CHUNK = 500;

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
            Optional<RevocationRecord> known = SqliteRevocationStore.find(tx, record.eventId());
            if (known.isPresent()) {
                return known.get().equals(record) ? new InboundOutcome.AlreadyRecorded(record.eventId())
                        : new InboundOutcome.Conflicting(record.eventId(), InboundConflicts.difference(known.get(), record));
            }
            PreparedStatement sameSequence = tx.statement("SELECT event_id FROM inbox WHERE origin = ? AND origin_seq = ?");
            sameSequence.setString(1, command.originId());
            sameSequence.setLong(2, command.originSequence());
            if (!Rows.all(sameSequence, rs -> rs.getString(1)).isEmpty()) {
                return new InboundOutcome.Conflicting(record.eventId(), "originSequence");
            }
            List<CertificateRecord> current = current(tx, record.deviceId(), record.revokedAt());
            Instant now = clock.instant();
            DeviceRevocation done = apply(tx, record, current, now);
            SqliteRevocationStore.insertInbox(tx, command, InboundDigest.of(record), now);
            if (current.isEmpty()) {
                tx.appendAudit(DeviceRows.revocationAudit(record));
            }
            return new InboundOutcome.Applied(done);
        });
    }

    @Override
    public CompletableFuture<List<DeviceRevocation>> revokeAll(List<RevokeDevice> commands) {
        Objects.requireNonNull(commands, "commands");
        List<CompletableFuture<List<DeviceRevocation>>> chunks = new ArrayList<>();
        // Chunks keep each savepoint short, so issuances and renewals interleave with a 10,000-device batch.
        for (int from = 0; from < commands.size(); from += BATCH_CHUNK) {
            List<RevokeDevice> chunk = List.copyOf(commands.subList(from, Math.min(commands.size(), from + BATCH_CHUNK)));
            chunks.add(writer.submit(tx -> {
                List<DeviceRevocation> done = new ArrayList<>(chunk.size());
                for (RevokeDevice command : chunk) {
                    List<CertificateRecord> current = current(tx, command.deviceId(), command.at());
                    if (current.isEmpty()) {
                        continue;
                    }
                    DeviceRevocation revocation = apply(tx, command.record(), current, command.at());
                    SqliteRevocationStore.insertOutbound(tx, OutboundEvent.of(revocation, command.at()));
                    done.add(revocation);
                }
                return done;
            }));
        }
        return CompletableFuture.allOf(chunks.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            List<DeviceRevocation> all = new ArrayList<>();
            chunks.forEach(chunk -> all.addAll(chunk.join()));
            return all;
        });
    }

    @Override
    public CompletableFuture<Integer> markDelivered(List<RevocationEventId> eventIds, Instant at) {
        List<RevocationEventId> ids = List.copyOf(eventIds);
        return writer.submit(tx -> SqliteRevocationStore.markDelivered(tx, ids, at));
    }

    @Override
    public CompletableFuture<List<CertificateRecord>> releaseHold(ReleaseHold command) {
        Objects.requireNonNull(command, "command");
        return writer.submit(tx -> {
            PreparedStatement latest = tx.statement("SELECT reason FROM revocation WHERE device_id = ?"
                    + " ORDER BY revoked_at_ms DESC, recorded_at_ms DESC LIMIT 1");
            latest.setString(1, command.deviceId());
            List<String> reasons = Rows.all(latest, rs -> rs.getString(1));
            PreparedStatement select = tx.statement("SELECT " + SqliteCertificateStore.COLUMNS + " FROM certificate"
                    + " WHERE device_id = ? AND revocation_reason = 'CERTIFICATE_HOLD' AND not_after_ms > ?"
                    + " ORDER BY issued_at_ms, serial_hex");
            select.setString(1, command.deviceId());
            select.setLong(2, command.at().toEpochMilli());
            List<CertificateRecord> held = Rows.all(select, SqliteCertificateStore::read);
            if (held.isEmpty() || reasons.isEmpty() || !reasons.get(0).equals("CERTIFICATE_HOLD")) {
                throw new RegistryException(RegistryFailure.NOT_ON_HOLD, "device " + command.deviceId()
                        + " holds no certificate on hold" + (reasons.isEmpty() || reasons.get(0).equals("CERTIFICATE_HOLD") ? ""
                                : " (its latest revocation is for " + reasons.get(0) + ", which is final)"));
            }
            List<CertificateRecord> released = new ArrayList<>();
            PreparedStatement update = tx.statement("UPDATE certificate SET revoked_at_ms = NULL, revocation_reason = NULL,"
                    + " revocation_event = NULL WHERE serial_hex = ?");
            for (CertificateRecord certificate : held) {
                update.setString(1, certificate.serialHex());
                update.executeUpdate();
                tx.appendAudit(DeviceRows.releaseAudit(command, certificate.serialHex()));
                released.add(new CertificateRecord(certificate.serialHex(), certificate.deviceId(), certificate.notBefore(),
                        certificate.notAfter(), certificate.der(), certificate.issuedAt(), Optional.empty()));
            }
            PreparedStatement device = tx.statement("UPDATE device SET state = 'ACTIVE' WHERE device_id = ?");
            device.setString(1, command.deviceId());
            device.executeUpdate();
            return released;
        });
    }

    @Override
    public CompletableFuture<Integer> assignLot(AssignLot command) {
        Objects.requireNonNull(command, "command");
        return writer.submit(tx -> {
            PreparedStatement ps = tx.statement("INSERT INTO device_lot (device_id, lot, assigned_by, assigned_at_ms)"
                    + " VALUES (?, ?, ?, ?) ON CONFLICT (device_id) DO UPDATE SET lot = excluded.lot,"
                    + " assigned_by = excluded.assigned_by, assigned_at_ms = excluded.assigned_at_ms");
            for (String deviceId : command.deviceIds()) {
                ps.setString(1, deviceId);
                ps.setString(2, command.lot());
                ps.setString(3, command.actor());
                ps.setLong(4, command.at().toEpochMilli());
                ps.executeUpdate();
            }
            tx.appendAudit(DeviceRows.lotAudit(command));
            return command.deviceIds().size();
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
