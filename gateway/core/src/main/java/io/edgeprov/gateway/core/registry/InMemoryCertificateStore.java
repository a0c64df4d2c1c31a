package io.edgeprov.gateway.core.registry;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Certificates in memory, for use-case tests; written through {@link InMemoryRegistry}. */
public final class InMemoryCertificateStore implements CertificateStore {

    private final Map<String, CertificateRecord> bySerial = new LinkedHashMap<>();

    /** Stores or replaces a certificate; {@link InMemoryRegistry} calls it under its own lock. */
    synchronized void put(CertificateRecord certificate) {
        bySerial.put(certificate.serialHex(), certificate);
    }

    @Override
    public synchronized Optional<CertificateRecord> findBySerial(String serialHex) {
        return Optional.ofNullable(bySerial.get(serialHex));
    }

    @Override
    public synchronized List<CertificateRecord> findByDevice(String deviceId) {
        return bySerial.values().stream().filter(c -> c.deviceId().equals(deviceId))
                .sorted(Comparator.comparing(CertificateRecord::issuedAt).thenComparing(CertificateRecord::serialHex))
                .toList();
    }

    @Override
    public synchronized List<CertificateRecord> findRevokedUnexpired(Instant at) {
        return bySerial.values().stream().filter(c -> c.isRevoked() && c.notAfter().isAfter(at))
                .sorted(Comparator.comparing((CertificateRecord c) -> c.revocation().orElseThrow().revokedAt())
                        .thenComparing(CertificateRecord::serialHex))
                .toList();
    }

    @Override
    public synchronized List<CertificateRecord> findRevokedSince(Instant since) {
        return bySerial.values().stream().filter(c -> c.revocation().filter(r -> !r.revokedAt().isBefore(since)).isPresent())
                .sorted(Comparator.comparing((CertificateRecord c) -> c.revocation().orElseThrow().revokedAt())
                        .thenComparing(CertificateRecord::serialHex))
                .toList();
    }

    @Override
    public synchronized ActiveCertificates active(Instant at) {
        List<CertificateRecord> active = bySerial.values().stream()
                .filter(c -> !c.isRevoked() && c.notAfter().isAfter(at))
                .toList();
        return new ActiveCertificates(active.size(),
                active.stream().map(CertificateRecord::notBefore).min(Comparator.naturalOrder()));
    }

    /** Every certificate; for {@link InMemoryRegistry}'s directory. */
    synchronized List<CertificateRecord> all() {
        return List.copyOf(bySerial.values());
    }
}
