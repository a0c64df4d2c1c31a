package io.edgeprov.gateway.revocation;

import io.edgeprov.gateway.audit.AuditEvent;
import io.edgeprov.gateway.audit.AuditOutcome;
import io.edgeprov.gateway.identity.DeviceIds;
import io.edgeprov.gateway.registry.CertificateStore;
import io.edgeprov.gateway.registry.DeviceRecord;
import io.edgeprov.gateway.registry.DeviceState;
import io.edgeprov.gateway.registry.DeviceStore;
import io.edgeprov.gateway.registry.IssuedCertificate;
import io.edgeprov.gateway.registry.RegistryException;
import io.edgeprov.gateway.registry.Revocation;
import io.edgeprov.gateway.registry.RevocationReason;
import io.edgeprov.pki.PkiException;
import io.edgeprov.pki.crl.CrlBuilder;
import io.edgeprov.pki.crl.RevokedCertificate;
import io.edgeprov.pki.crl.SignedCrl;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Revokes a device's current certificates on an operator's word: records each revocation with its
 * audit event, rebuilds the CRL from the registry with the next CRL number, writes it to the data
 * folder, and only then tells the {@link RevocationListener} (broker: retained CRL, disconnect,
 * notice), so a device is never cut off before the CRL that explains why exists.
 *
 * <p>The CRL always lists every revoked, unexpired certificate the registry holds, whoever revoked
 * it (this gateway, an offline {@code revoke}), so a rebuild also picks up revocations made elsewhere.
 */
public final class RevocationService {
    private static final Logger LOG = LoggerFactory.getLogger(RevocationService.class);
    /** How long relying parties may trust a CRL; the gateway rebuilds well before this. */
    public static final Duration DEFAULT_CRL_VALIDITY = Duration.ofHours(24);
    /** How far back each look for revocations made elsewhere reaches: a write committed late, or a clock step. */
    static final Duration WATCH_SLACK = Duration.ofSeconds(60);

    private final CertificateStore certificates;
    private final DeviceStore devices;
    private final CrlBuilder crlBuilder;
    private final CrlNumberFile numbers;
    private final CrlFiles files;
    private final RevocationListener listener;
    private final Clock clock;
    private final Duration crlValidity;
    private final Object crlLock = new Object();
    private volatile Optional<SignedCrl> latest = Optional.empty();
    private final Object watchLock = new Object();
    /** Serials the listener has heard about, with their revocation time, kept while a look-up can still return them. */
    private final Map<String, Instant> announced = new ConcurrentHashMap<>();
    private Instant watchedFrom;

    public RevocationService(CertificateStore certificates, DeviceStore devices, CrlBuilder crlBuilder, CrlNumberFile numbers,
            CrlFiles files, RevocationListener listener, Clock clock, Duration crlValidity) {
        this.certificates = Objects.requireNonNull(certificates, "certificates");
        this.devices = Objects.requireNonNull(devices, "devices");
        this.crlBuilder = Objects.requireNonNull(crlBuilder, "crlBuilder");
        this.numbers = Objects.requireNonNull(numbers, "numbers");
        this.files = Objects.requireNonNull(files, "files");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.crlValidity = Objects.requireNonNull(crlValidity, "crlValidity");
        if (crlValidity.isNegative() || crlValidity.isZero()) {
            throw new IllegalArgumentException("crlValidity must be positive");
        }
        this.watchedFrom = clock.instant();
    }

    /**
     * Finds revocations written by another process since the last look (the CLI's {@code revoke}
     * beside a running gateway), republishes the CRL once and tells the listener about each device,
     * so a device revoked from the command line is cut off within one look-up period rather than at
     * its next connect. Revocations this service made itself are not announced twice.
     *
     * @return how many certificates were newly announced
     */
    public int announceRevocationsMadeElsewhere() {
        synchronized (watchLock) {
            Instant now = clock.instant();
            Map<String, List<IssuedCertificate>> fresh = new LinkedHashMap<>();
            for (IssuedCertificate certificate : certificates.findRevokedSince(watchedFrom.minus(WATCH_SLACK))) {
                Instant revokedAt = certificate.revocation().orElseThrow().revokedAt();
                if (announced.putIfAbsent(certificate.serialHex(), revokedAt) == null) {
                    fresh.computeIfAbsent(certificate.deviceId(), d -> new ArrayList<>()).add(certificate);
                }
            }
            watchedFrom = now;
            announced.values().removeIf(revokedAt -> revokedAt.isBefore(now.minus(WATCH_SLACK.multipliedBy(2))));
            if (fresh.isEmpty()) {
                return 0;
            }
            rebuildCrl();
            int count = 0;
            for (Map.Entry<String, List<IssuedCertificate>> device : fresh.entrySet()) {
                RevocationReason reason = device.getValue().get(0).revocation().orElseThrow().reason();
                listener.deviceRevoked(device.getKey(), List.copyOf(device.getValue()), reason);
                count += device.getValue().size();
                LOG.info("revocation of {} certificate(s) of device {} ({}) made outside this gateway picked up",
                        device.getValue().size(), device.getKey(), reason);
            }
            return count;
        }
    }

    /**
     * Revokes every unrevoked, unexpired certificate of {@code deviceId}.
     *
     * @param actor who asked (an operator name); recorded in the audit log
     * @throws RevocationException {@link RevocationFailure#NO_CURRENT_CERTIFICATE} when there is nothing to revoke
     */
    public RevocationOutcome revokeDevice(String deviceId, RevocationReason reason, String actor) {
        DeviceIds.require(deviceId, "deviceId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(actor, "actor");
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<IssuedCertificate> current = certificates.findByDevice(deviceId).stream()
                .filter(certificate -> !certificate.isRevoked() && certificate.notAfter().isAfter(now))
                .toList();
        if (current.isEmpty()) {
            throw new RevocationException(RevocationFailure.NO_CURRENT_CERTIFICATE,
                    "device " + deviceId + " has no unrevoked, unexpired certificate to revoke");
        }
        Revocation revocation = new Revocation(now, reason);
        List<CompletableFuture<IssuedCertificate>> writes = new ArrayList<>();
        for (IssuedCertificate certificate : current) {
            AuditEvent audit = AuditEvent.of(now, actor, "certificate.revoke", deviceId, AuditOutcome.SUCCESS, reason.name())
                    .withDetail("serial", certificate.serialHex());
            writes.add(certificates.revoke(certificate.serialHex(), revocation, audit));
        }
        List<IssuedCertificate> revoked = new ArrayList<>();
        for (CompletableFuture<IssuedCertificate> write : writes) {
            revoked.add(join(write, "revoke a certificate of device " + deviceId));
        }
        revoked.forEach(certificate -> announced.put(certificate.serialHex(), now));
        markRevoked(deviceId);
        SignedCrl crl = rebuildCrl();
        listener.deviceRevoked(deviceId, List.copyOf(revoked), reason);
        LOG.info("revoked {} certificate(s) of device {} ({}) for {}; CRL number {}", revoked.size(), deviceId, reason, actor,
                crl.number());
        return new RevocationOutcome(deviceId, revoked.stream().map(IssuedCertificate::serialHex).toList(), reason, now,
                crl.number());
    }

    /**
     * Signs a CRL of every revoked, unexpired certificate with the next CRL number, writes it to the
     * data folder and hands it to the listener.
     */
    public SignedCrl rebuildCrl() {
        synchronized (crlLock) {
            Instant now = clock.instant();
            List<RevokedCertificate> entries = new ArrayList<>();
            for (IssuedCertificate certificate : certificates.findRevokedUnexpired(now)) {
                Revocation revocation = certificate.revocation().orElseThrow();
                entries.add(new RevokedCertificate(new BigInteger(certificate.serialHex(), 16), revocation.revokedAt(),
                        crlReason(revocation.reason())));
            }
            BigInteger number = numbers.next();
            SignedCrl crl;
            try {
                crl = crlBuilder.build(number, entries, crlValidity);
            } catch (PkiException e) {
                throw new RevocationException(RevocationFailure.CRL_SIGNING_FAILED, "cannot sign CRL number " + number
                        + ": " + e.getMessage(), e);
            }
            files.write(crl);
            latest = Optional.of(crl);
            listener.crlPublished(crl);
            return crl;
        }
    }

    /** The CRL this service built last, if any. */
    public Optional<SignedCrl> latestCrl() {
        return latest;
    }

    /** The registry's reason as the CRL builder spells it; the names are the RFC 5280 ones in both. */
    public static io.edgeprov.pki.crl.RevocationReason crlReason(RevocationReason reason) {
        return io.edgeprov.pki.crl.RevocationReason.valueOf(reason.name());
    }

    private void markRevoked(String deviceId) {
        Optional<DeviceRecord> device = devices.find(deviceId);
        if (device.isPresent() && device.get().state() != DeviceState.REVOKED) {
            join(devices.save(device.get().withState(DeviceState.REVOKED)), "mark device " + deviceId + " revoked");
        }
    }

    private static <T> T join(CompletableFuture<T> future, String what) {
        try {
            return future.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String detail = cause instanceof RegistryException registry ? registry.getMessage() : cause.getClass().getSimpleName();
            throw new RevocationException(RevocationFailure.REGISTRY_FAILED, "cannot " + what + ": " + detail, cause);
        }
    }
}
