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
public final class InMemoryRegistry implements RegistryCommands, RevocationStore, DeviceDirectory {
    private final InMemoryAuditLog audit = new InMemoryAuditLog();
    private final InMemoryDeviceStore devices = new InMemoryDeviceStore();
    private final InMemoryCertificateStore certificates = new InMemoryCertificateStore();
    private final InMemoryEnrollmentStore enrollments = new InMemoryEnrollmentStore(audit);
    private final InMemoryChallengeStore challenges = new InMemoryChallengeStore(devices);
    private final Map<RevocationEventId, RevocationRecord> revocations = new LinkedHashMap<>();
    private final Map<RevocationEventId, OutboundEvent> outbox = new LinkedHashMap<>();
    private final Map<RevocationEventId, Long> outboxSequence = new LinkedHashMap<>();
    private final Map<String, String> lots = new java.util.TreeMap<>();
    private final Map<String, Long> inboundSequence = new java.util.HashMap<>();
    private final Map<String, RevocationEventId> inboundEvents = new java.util.HashMap<>();
    private long nextSequence = 1;

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
        queue(OutboundEvent.of(done, command.at()));
        return CompletableFuture.completedFuture(done);
    }

    @Override
    public synchronized CompletableFuture<InboundOutcome> recordInbound(InboundRevocation command) {
        RevocationRecord record = command.revocation();
        RevocationRecord known = revocations.get(record.eventId());
        if (known != null) {
            return CompletableFuture.completedFuture(known.equals(record)
                    ? new InboundOutcome.AlreadyRecorded(record.eventId())
                    : new InboundOutcome.Conflicting(record.eventId(), InboundConflicts.difference(known, record)));
        }
        if (inboundEvents.containsKey(command.originId() + "#" + command.originSequence())) {
            return CompletableFuture.completedFuture(new InboundOutcome.Conflicting(record.eventId(), "originSequence"));
        }
        inboundEvents.put(command.originId() + "#" + command.originSequence(), record.eventId());
        inboundSequence.merge(command.originId(), command.originSequence(), Math::max);
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
        queue(event);
        return CompletableFuture.completedFuture(event);
    }

    private void queue(OutboundEvent event) {
        outbox.put(event.eventId(), event);
        outboxSequence.put(event.eventId(), nextSequence++);
    }

    @Override
    public synchronized CompletableFuture<List<DeviceRevocation>> revokeAll(List<RevokeDevice> commands) {
        List<DeviceRevocation> done = new ArrayList<>();
        for (RevokeDevice command : commands) {
            boolean hasCurrent = certificates.findByDevice(command.deviceId()).stream()
                    .anyMatch(c -> !c.isRevoked() && c.notAfter().isAfter(command.at()));
            if (hasCurrent && !revocations.containsKey(command.eventId())) {
                done.add(revoke(command).join());
            }
        }
        return CompletableFuture.completedFuture(done);
    }

    @Override
    public synchronized CompletableFuture<Integer> markDelivered(List<RevocationEventId> eventIds, java.time.Instant at) {
        int marked = 0;
        for (RevocationEventId id : eventIds) {
            OutboundEvent event = outbox.get(id);
            if (event != null && event.deliveredAt().isEmpty()) {
                outbox.put(id, new OutboundEvent(event.eventId(), event.deviceId(), event.reason(), event.occurredAt(),
                        event.serials(), event.queuedAt(), Optional.of(at)));
                marked++;
            }
        }
        return CompletableFuture.completedFuture(marked);
    }

    @Override
    public synchronized CompletableFuture<List<CertificateRecord>> releaseHold(ReleaseHold command) {
        List<RevocationRecord> decisions = findByDevice(command.deviceId());
        boolean latestIsHold = !decisions.isEmpty() && decisions.stream().max(java.util.Comparator.comparing(RevocationRecord::revokedAt))
                .orElseThrow().reason() == io.edgeprov.contracts.device.RevocationReason.CERTIFICATE_HOLD;
        List<CertificateRecord> held = certificates.findByDevice(command.deviceId()).stream()
                .filter(c -> c.revocation().map(r -> r.reason() == io.edgeprov.contracts.device.RevocationReason.CERTIFICATE_HOLD)
                        .orElse(false) && c.notAfter().isAfter(command.at())).toList();
        if (held.isEmpty() || !latestIsHold) {
            return failed(RegistryFailure.NOT_ON_HOLD, "device " + command.deviceId() + " holds no certificate on hold");
        }
        List<CertificateRecord> released = new ArrayList<>();
        for (CertificateRecord certificate : held) {
            CertificateRecord now = new CertificateRecord(certificate.serialHex(), certificate.deviceId(), certificate.notBefore(),
                    certificate.notAfter(), certificate.der(), certificate.issuedAt(), Optional.empty());
            certificates.put(now);
            released.add(now);
            audit.append(DeviceRows.releaseAudit(command, certificate.serialHex()));
        }
        devices.save(devices.find(command.deviceId()).orElseThrow().withState(DeviceState.ACTIVE));
        return CompletableFuture.completedFuture(released);
    }

    @Override
    public synchronized CompletableFuture<Integer> assignLot(AssignLot command) {
        command.deviceIds().forEach(id -> lots.put(id, command.lot()));
        audit.append(DeviceRows.lotAudit(command));
        return CompletableFuture.completedFuture(command.deviceIds().size());
    }

    @Override
    public synchronized List<QueuedEvent> pendingPage(int limit) {
        return pendingOutbound(limit).stream()
                .map(e -> new QueuedEvent(outboxSequence.get(e.eventId()), revocations.get(e.eventId()), e)).toList();
    }

    @Override
    public synchronized int outboxDepth() {
        return (int) outbox.values().stream().filter(e -> e.deliveredAt().isEmpty()).count();
    }

    @Override
    public synchronized Optional<java.time.Instant> oldestPending() {
        return outbox.values().stream().filter(e -> e.deliveredAt().isEmpty()).map(OutboundEvent::queuedAt).findFirst();
    }

    @Override
    public synchronized List<CertificateRecord> certificatesRevokedAfter(long mark) {
        List<RevocationRecord> after = revocations.values().stream().skip(Math.max(0, mark)).toList();
        List<CertificateRecord> revoked = new ArrayList<>();
        for (RevocationRecord decision : after) {
            certificates.findByDevice(decision.deviceId()).stream()
                    .filter(c -> c.revocation().map(r -> r.revokedAt().equals(decision.revokedAt())).orElse(false))
                    .forEach(revoked::add);
        }
        return revoked;
    }

    @Override
    public synchronized long revocationMark() {
        return revocations.size();
    }

    @Override
    public synchronized long lastInboundSequence(String originGatewayId) {
        return inboundSequence.getOrDefault(originGatewayId, 0L);
    }

    @Override
    public synchronized List<String> allDeviceIds() {
        java.util.TreeSet<String> ids = new java.util.TreeSet<>(devices.ids());
        certificates.all().forEach(c -> ids.add(c.deviceId()));
        return List.copyOf(ids);
    }

    @Override
    public synchronized List<String> deviceIdsInLot(String lot) {
        return lots.entrySet().stream().filter(e -> e.getValue().equals(lot)).map(Map.Entry::getKey).toList();
    }

    @Override
    public synchronized java.util.Set<String> individuallyEnrolled() {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (Enrollment enrollment : enrollments.all()) {
            if (enrollment.rule() instanceof EnrollmentRule.Individual individual) {
                ids.add(individual.deviceId());
            }
        }
        return ids;
    }

    @Override
    public synchronized Map<String, Integer> currentCertificateCounts(java.time.Instant at) {
        Map<String, Integer> counts = new java.util.HashMap<>();
        certificates.all().stream().filter(c -> !c.isRevoked() && c.notAfter().isAfter(at))
                .forEach(c -> counts.merge(c.deviceId(), 1, Integer::sum));
        return counts;
    }

    @Override
    public synchronized java.util.Set<String> revokedDeviceIds() {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (String id : devices.ids()) {
            devices.find(id).filter(d -> d.state() == DeviceState.REVOKED).ifPresent(d -> ids.add(id));
        }
        return ids;
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
