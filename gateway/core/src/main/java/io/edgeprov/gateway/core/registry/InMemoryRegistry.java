package io.edgeprov.gateway.core.registry;

import io.edgeprov.gateway.core.audit.AuditLog;
import io.edgeprov.gateway.core.audit.InMemoryAuditLog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A whole registry in memory for use-case tests: the stores, and the domain commands run under one lock
 * so each is atomic, with the same checks and the same audit entries as the SQLite registry.
 */
public final class InMemoryRegistry implements RegistryCommands, RevocationStore {
    private final InMemoryAuditLog audit = new InMemoryAuditLog();
    private final InMemoryDeviceStore devices = new InMemoryDeviceStore();
    private final InMemoryCertificateStore certificates = new InMemoryCertificateStore();
    private final InMemoryEnrollmentStore enrollments = new InMemoryEnrollmentStore(audit);
    private final InMemoryChallengeStore challenges = new InMemoryChallengeStore(devices);
    private final Map<RevocationEventId, RevocationRecord> revocations = new LinkedHashMap<>();
    private final Map<RevocationEventId, OutboundEvent> outbox = new LinkedHashMap<>();

    public AuditLog auditLog() {
        return audit;
    }

    public DeviceStore devices() {
        return devices;
    }

    public CertificateStore certificates() {
        return certificates;
    }

    public EnrollmentStore enrollments() {
        return enrollments;
    }

    public ChallengeStore challenges() {
        return challenges;
    }

    @Override
    public synchronized CompletableFuture<CertificateRecord> issue(IssueCertificate command) {
        CertificateRecord certificate = command.certificate();
        if (certificates.findBySerial(certificate.serialHex()).isPresent()) {
            return failed(RegistryFailure.SERIAL_ALREADY_USED, "serial " + certificate.serialHex() + " was already used");
        }
        Optional<DeviceRecord> current = devices.find(command.deviceId());
        DeviceRecord changed;
        try {
            changed = DeviceRows.apply(command.deviceId(), current, command.change());
        } catch (RegistryException e) {
            return CompletableFuture.failedFuture(e);
        }
        devices.save(changed);
        certificates.put(certificate);
        audit.append(command.audit());
        return CompletableFuture.completedFuture(certificate);
    }

    @Override
    public synchronized CompletableFuture<DeviceRevocation> revoke(RevokeDevice command) {
        if (revocations.containsKey(command.eventId())) {
            return failed(RegistryFailure.EVENT_EXISTS, "revocation " + command.eventId() + " is already on record");
        }
        List<CertificateRecord> current = certificates.findByDevice(command.deviceId()).stream()
                .filter(c -> !c.isRevoked() && c.notAfter().isAfter(command.at())).toList();
        if (current.isEmpty()) {
            return failed(RegistryFailure.NOTHING_TO_REVOKE, "device " + command.deviceId()
                    + " has no unrevoked, unexpired certificate to revoke");
        }
        DeviceRevocation done = apply(command.record(), current);
        OutboundEvent event = OutboundEvent.of(done, command.at());
        outbox.put(event.eventId(), event);
        return CompletableFuture.completedFuture(done);
    }

    @Override
    public synchronized CompletableFuture<InboundOutcome> recordInbound(InboundRevocation command) {
        RevocationRecord record = command.revocation();
        if (revocations.containsKey(record.eventId())) {
            return CompletableFuture.completedFuture(new InboundOutcome.AlreadyRecorded(record.eventId()));
        }
        List<CertificateRecord> current = certificates.findByDevice(record.deviceId()).stream()
                .filter(c -> !c.isRevoked() && c.notAfter().isAfter(record.revokedAt())).toList();
        DeviceRevocation applied = apply(record, current);
        if (current.isEmpty()) {
            audit.append(DeviceRows.revocationAudit(record));
        }
        return CompletableFuture.completedFuture(new InboundOutcome.Applied(applied));
    }

    @Override
    public synchronized CompletableFuture<OutboundEvent> enqueue(OutboundEvent event) {
        if (outbox.containsKey(event.eventId())) {
            return failed(RegistryFailure.EVENT_EXISTS, "event " + event.eventId() + " is already queued");
        }
        outbox.put(event.eventId(), event);
        return CompletableFuture.completedFuture(event);
    }

    private DeviceRevocation apply(RevocationRecord record, List<CertificateRecord> current) {
        revocations.put(record.eventId(), record);
        Revocation revocation = new Revocation(record.revokedAt(), record.reason());
        List<CertificateRecord> revoked = new ArrayList<>();
        for (CertificateRecord certificate : current) {
            CertificateRecord now = certificate.revoked(revocation);
            certificates.put(now);
            revoked.add(now);
            audit.append(DeviceRows.revocationAudit(record, certificate.serialHex()));
        }
        // A device revoked elsewhere and never seen here is recorded revoked, so it cannot enroll here either.
        devices.save(devices.find(record.deviceId()).orElse(DeviceRecord.pending(record.deviceId()))
                .withState(DeviceState.REVOKED));
        return new DeviceRevocation(record, revoked);
    }

    @Override
    public synchronized Optional<RevocationRecord> find(RevocationEventId eventId) {
        return Optional.ofNullable(revocations.get(eventId));
    }

    @Override
    public synchronized List<RevocationRecord> findByDevice(String deviceId) {
        return revocations.values().stream().filter(r -> r.deviceId().equals(deviceId)).toList();
    }

    @Override
    public synchronized List<OutboundEvent> pendingOutbound(int limit) {
        return outbox.values().stream().filter(e -> e.deliveredAt().isEmpty()).limit(limit).toList();
    }

    private static <T> CompletableFuture<T> failed(RegistryFailure failure, String message) {
        return CompletableFuture.failedFuture(new RegistryException(failure, message));
    }
}
