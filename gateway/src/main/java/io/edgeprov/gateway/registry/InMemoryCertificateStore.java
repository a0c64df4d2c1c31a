package io.edgeprov.gateway.registry;

import io.edgeprov.gateway.audit.AuditEvent;
import io.edgeprov.gateway.audit.AuditLog;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Certificates in memory, auditing each change like the SQLite store, for use-case tests. */
public final class InMemoryCertificateStore implements CertificateStore {

    private final DeviceStore devices;
    private final AuditLog audit;
    private final Map<String, IssuedCertificate> bySerial = new LinkedHashMap<>();

    /**
     * @param devices where a certificate's device must be registered
     * @param audit where each change's audit event goes (an in-memory log completes at once)
     */
    public InMemoryCertificateStore(DeviceStore devices, AuditLog audit) {
        this.devices = Objects.requireNonNull(devices, "devices");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    @Override
    public synchronized CompletableFuture<IssuedCertificate> record(IssuedCertificate certificate, AuditEvent event) {
        if (bySerial.containsKey(certificate.serialHex())) {
            return failed(RegistryFailure.SERIAL_ALREADY_USED, "serial " + certificate.serialHex() + " was already used");
        }
        if (devices.find(certificate.deviceId()).isEmpty()) {
            return failed(RegistryFailure.DEVICE_UNKNOWN, "device " + certificate.deviceId() + " is not registered");
        }
        bySerial.put(certificate.serialHex(), certificate);
        return audit.append(event).thenApply(entry -> certificate);
    }

    @Override
    public synchronized CompletableFuture<IssuedCertificate> record(IssuedCertificate certificate, DeviceRecord device,
            AuditEvent event) {
        if (bySerial.containsKey(certificate.serialHex())) {
            return failed(RegistryFailure.SERIAL_ALREADY_USED, "serial " + certificate.serialHex() + " was already used");
        }
        return devices.save(device).thenCompose(saved -> record(certificate, event));
    }

    @Override
    public synchronized CompletableFuture<IssuedCertificate> revoke(String serialHex, Revocation revocation,
            AuditEvent event) {
        IssuedCertificate current = bySerial.get(serialHex);
        if (current == null) {
            return failed(RegistryFailure.NOT_FOUND, "no certificate has serial " + serialHex);
        }
        if (current.isRevoked()) {
            return failed(RegistryFailure.ALREADY_REVOKED, "certificate " + serialHex + " is already revoked");
        }
        IssuedCertificate revoked = current.revoked(revocation);
        bySerial.put(serialHex, revoked);
        return audit.append(event).thenApply(entry -> revoked);
    }

    @Override
    public synchronized Optional<IssuedCertificate> findBySerial(String serialHex) {
        return Optional.ofNullable(bySerial.get(serialHex));
    }

    @Override
    public synchronized List<IssuedCertificate> findByDevice(String deviceId) {
        return bySerial.values().stream().filter(c -> c.deviceId().equals(deviceId))
                .sorted(Comparator.comparing(IssuedCertificate::issuedAt).thenComparing(IssuedCertificate::serialHex))
                .toList();
    }

    @Override
    public synchronized List<IssuedCertificate> findRevokedUnexpired(Instant at) {
        return bySerial.values().stream().filter(c -> c.isRevoked() && c.notAfter().isAfter(at))
                .sorted(Comparator.comparing((IssuedCertificate c) -> c.revocation().orElseThrow().revokedAt())
                        .thenComparing(IssuedCertificate::serialHex))
                .toList();
    }

    @Override
    public synchronized List<IssuedCertificate> findRevokedSince(Instant since) {
        return bySerial.values().stream().filter(c -> c.revocation().filter(r -> !r.revokedAt().isBefore(since)).isPresent())
                .sorted(Comparator.comparing((IssuedCertificate c) -> c.revocation().orElseThrow().revokedAt())
                        .thenComparing(IssuedCertificate::serialHex))
                .toList();
    }

    @Override
    public synchronized ActiveCertificates active(Instant at) {
        List<IssuedCertificate> active = bySerial.values().stream()
                .filter(c -> !c.isRevoked() && c.notAfter().isAfter(at))
                .toList();
        return new ActiveCertificates(active.size(),
                active.stream().map(IssuedCertificate::notBefore).min(Comparator.naturalOrder()));
    }

    private static <T> CompletableFuture<T> failed(RegistryFailure failure, String message) {
        return CompletableFuture.failedFuture(new RegistryException(failure, message));
    }
}
