package io.edgeprov.gateway.core.revocation;

import io.edgeprov.gateway.core.audit.AuditEvent;
import io.edgeprov.gateway.core.audit.AuditLog;
import io.edgeprov.gateway.core.audit.AuditOutcome;
import io.edgeprov.gateway.core.identity.DeviceIds;
import io.edgeprov.gateway.core.operator.Permission;
import io.edgeprov.gateway.core.operator.Principal;
import io.edgeprov.gateway.core.registry.CertificateStore;
import io.edgeprov.gateway.core.registry.CertificateRecord;
import io.edgeprov.gateway.core.registry.DeviceDirectory;
import io.edgeprov.gateway.core.registry.DeviceRevocation;
import io.edgeprov.gateway.core.registry.Enrollment;
import io.edgeprov.gateway.core.registry.EnrollmentRule;
import io.edgeprov.gateway.core.registry.EnrollmentStore;
import io.edgeprov.gateway.core.registry.InboundOutcome;
import io.edgeprov.gateway.core.registry.InboundRevocation;
import io.edgeprov.gateway.core.registry.RevocationRecord;
import io.edgeprov.gateway.core.registry.RevocationStore;
import io.edgeprov.gateway.core.registry.RevokedSerial;
import io.edgeprov.gateway.core.registry.RegistryCommands;
import io.edgeprov.gateway.core.registry.RegistryException;
import io.edgeprov.gateway.core.registry.RegistryFailure;
import io.edgeprov.gateway.core.registry.Revocation;
import io.edgeprov.gateway.core.registry.RevocationEventId;
import io.edgeprov.gateway.core.registry.RevokeDevice;
import io.edgeprov.contracts.device.RevocationReason;
import io.edgeprov.pki.PkiException;
import io.edgeprov.pki.crl.CrlBuilder;
import io.edgeprov.pki.crl.CrlReason;
import io.edgeprov.pki.crl.RevokedCertificate;
import io.edgeprov.pki.crl.SignedCrl;
import java.math.BigInteger;
import java.security.SecureRandom;
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
import java.util.Set;
import java.util.regex.Pattern;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
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
    /**
     * The reasons an operator may revoke a device for: RFC 5280's, less removeFromCRL (a delta-CRL
     * marker, not a reason) and aACompromise (for attribute authorities), in the RFC's order.
     */
    public static final java.util.Set<RevocationReason> DEVICE_REASONS = java.util.Collections.unmodifiableSet(
            java.util.EnumSet.complementOf(java.util.EnumSet.of(RevocationReason.REMOVE_FROM_CRL, RevocationReason.AA_COMPROMISE)));
    /** How far back each look for revocations made elsewhere reaches: a write committed late, or a clock step. */
    static final Duration WATCH_SLACK = Duration.ofSeconds(60);

    private final CertificateStore certificates;
    private final RegistryCommands commands;
    private final AuditLog audit;
    private final SecureRandom random;
    private final CrlBuilder crlBuilder;
    private final CrlNumberFile numbers;
    private final CrlFiles files;
    private final List<RevocationListener> listeners = new CopyOnWriteArrayList<>();
    private final Optional<DeviceDirectory> directory;
    private final Optional<EnrollmentStore> enrollments;
    private final Optional<RevocationStore> revocations;
    private long lastMark = -1;
    private final Clock clock;
    private final Duration crlValidity;
    private final Object crlLock = new Object();
    private volatile Optional<SignedCrl> latest = Optional.empty();
    /** The entries of the current CRL by serial, from the last full rebuild plus revocations since; guarded by crlLock. */
    private Map<String, RevokedCertificate> crlEntries;
    private final Object watchLock = new Object();
    /** Serials the listener has heard about, with their revocation time, kept while a look-up can still return them. */
    private final Map<String, Instant> announced = new ConcurrentHashMap<>();
    private Instant watchedFrom;

    private RevocationService(Builder b) {
        this.certificates = b.certificates;
        this.commands = b.commands;
        this.audit = b.audit;
        this.crlBuilder = b.crlBuilder;
        this.numbers = b.numbers;
        this.files = b.files;
        this.listeners.addAll(b.listeners);
        this.directory = Optional.ofNullable(b.directory);
        this.enrollments = Optional.ofNullable(b.enrollments);
        this.revocations = Optional.ofNullable(b.revocations);
        this.clock = b.clock;
        this.crlValidity = b.crlValidity;
        this.random = b.random;
        this.watchedFrom = clock.instant();
    }

    public static Builder builder() {
        return new Builder();
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
            List<CertificateRecord> candidates;
            if (revocations.isPresent()) {
                long mark = revocations.get().revocationMark();
                if (mark == lastMark && lastMark >= 0) {
                    return 0;
                }
                // After the first look, only decisions recorded since the last one are read, whatever their time:
                // a look after a 90,000-device batch must not read the batch again.
                candidates = lastMark < 0 ? certificates.findRevokedSince(watchedFrom.minus(WATCH_SLACK))
                        : revocations.get().certificatesRevokedAfter(lastMark);
                lastMark = mark;
            } else {
                candidates = certificates.findRevokedSince(watchedFrom.minus(WATCH_SLACK));
            }
            Map<String, List<CertificateRecord>> fresh = new LinkedHashMap<>();
            for (CertificateRecord certificate : candidates) {
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
            publishCrlWith(fresh.values().stream().flatMap(List::stream).toList());
            int count = 0;
            for (Map.Entry<String, List<CertificateRecord>> device : fresh.entrySet()) {
                RevocationReason reason = device.getValue().get(0).revocation().orElseThrow().reason();
                tellDeviceRevoked(device.getKey(), List.copyOf(device.getValue()), reason);
                count += device.getValue().size();
                LOG.info("revocation of {} certificate(s) of device {} ({}) made outside this gateway picked up",
                        device.getValue().size(), device.getKey(), reason);
            }
            return count;
        }
    }

    /** Revokes the device without a note; see {@link #revokeDevice(Principal, String, RevocationReason, Optional)}. */
    public RevocationOutcome revokeDevice(Principal actor, String deviceId, RevocationReason reason) {
        return revokeDevice(actor, deviceId, reason, Optional.empty());
    }

    /**
     * Revokes the device: in one registry command, every unrevoked, unexpired certificate it holds when
     * the command commits, the device marked revoked so that nothing more can be issued to it, the
     * revocation recorded under a new event id and queued for upstream. Then the CRL is rebuilt and
     * published, and only then are the listeners told to cut the device off.
     *
     * @param actor who asks (an operator with {@link Permission#REVOKE}, or the host's administrator); the
     *              revocation is recorded and audited under their name, a refusal is audited too
     * @param note the operator's free text, recorded with the revocation
     * @throws RevocationException {@link RevocationFailure#NOT_PERMITTED} for a principal without the
     *         permission, {@link RevocationFailure#NO_CURRENT_CERTIFICATE} when there is nothing to revoke
     */
    public RevocationOutcome revokeDevice(Principal actor, String deviceId, RevocationReason reason, Optional<String> note) {
        Objects.requireNonNull(actor, "actor");
        DeviceIds.require(deviceId, "deviceId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(note, "note");
        if (!DEVICE_REASONS.contains(reason)) {
            throw new IllegalArgumentException(reason.rfcName() + " is not a reason to revoke a device for");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        if (!actor.may(Permission.REVOKE)) {
            audit.append(AuditEvent.of(now, actor.actor(), "device.revoke", deviceId, AuditOutcome.DENIED, "NOT_PERMITTED"))
                    .join();
            throw new RevocationException(RevocationFailure.NOT_PERMITTED, actor.actor() + " may not revoke devices");
        }
        RevokeDevice command = new RevokeDevice(RevocationEventId.random(random), deviceId, reason, now, actor.actor(), note);
        DeviceRevocation done;
        try {
            done = commands.revoke(command).join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof RegistryException registry && registry.failure() == RegistryFailure.NOTHING_TO_REVOKE) {
                throw new RevocationException(RevocationFailure.NO_CURRENT_CERTIFICATE,
                        "device " + deviceId + " has no unrevoked, unexpired certificate to revoke");
            }
            String detail = cause instanceof RegistryException registry ? registry.getMessage() : cause.getClass().getSimpleName();
            throw new RevocationException(RevocationFailure.REGISTRY_FAILED, "cannot revoke device " + deviceId + ": "
                    + detail, cause);
        }
        List<CertificateRecord> revoked = done.revoked();
        revoked.forEach(certificate -> announced.put(certificate.serialHex(), now));
        SignedCrl crl = publishCrlWith(revoked);
        tellDeviceRevoked(deviceId, revoked, reason);
        LOG.info("revoked {} certificate(s) of device {} ({}) for {}; CRL number {}", revoked.size(), deviceId, reason, actor.actor(),
                crl.number());
        return new RevocationOutcome(deviceId, revoked.stream().map(CertificateRecord::serialHex).toList(), reason, now,
                crl.number(), command.eventId());
    }

    /**
     * Which devices a revocation of {@code target} would cut off, and which it would leave as they are,
     * without changing anything: what a person is asked to confirm before a batch runs.
     *
     * @throws RevocationException {@link RevocationFailure#NOT_PERMITTED} for a principal without the permission
     */
    public RevocationPreview preview(Principal actor, RevocationTarget target) {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(target, "target");
        if (!actor.may(Permission.REVOKE)) {
            throw new RevocationException(RevocationFailure.NOT_PERMITTED, actor.actor() + " may not revoke devices");
        }
        return resolve(target, clock.instant());
    }

    /**
     * Revokes every device of {@code target} that holds a current certificate, each under its own event
     * id as {@link #revokeDevice} would, in registry transactions of many devices; then publishes one CRL
     * and only then cuts the devices off. Devices already revoked, holding no certificate, or unknown are
     * counted and left alone, so running the same batch twice is harmless. One audit entry sums the batch
     * up beside the per-certificate entries.
     *
     * @throws RevocationException {@link RevocationFailure#NOT_PERMITTED} (audited), or
     *         {@link RevocationFailure#REGISTRY_FAILED}
     */
    public BatchRevocationOutcome revoke(Principal actor, RevocationTarget target, RevocationReason reason,
            Optional<String> note) {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(note, "note");
        if (!DEVICE_REASONS.contains(reason)) {
            throw new IllegalArgumentException(reason.rfcName() + " is not a reason to revoke a device for");
        }
        long started = System.nanoTime();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        if (!actor.may(Permission.REVOKE)) {
            audit.append(AuditEvent.of(now, actor.actor(), "device.revoke", target.describe(), AuditOutcome.DENIED,
                    "NOT_PERMITTED")).join();
            throw new RevocationException(RevocationFailure.NOT_PERMITTED, actor.actor() + " may not revoke devices");
        }
        RevocationPreview preview = resolve(target, now);
        List<RevokeDevice> commandsToRun = new ArrayList<>(preview.devices());
        for (String deviceId : preview.toCutOff()) {
            commandsToRun.add(new RevokeDevice(RevocationEventId.random(random), deviceId, reason, now, actor.actor(), note));
        }
        List<DeviceRevocation> done;
        try {
            done = commandsToRun.isEmpty() ? List.of() : commands.revokeAll(commandsToRun).join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String detail = cause instanceof RegistryException registry ? registry.getMessage() : cause.getClass().getSimpleName();
            throw new RevocationException(RevocationFailure.REGISTRY_FAILED, "cannot revoke " + target.describe() + ": "
                    + detail, cause);
        }
        done.forEach(d -> d.revoked().forEach(certificate -> announced.put(certificate.serialHex(), now)));
        Optional<SignedCrl> crl = done.isEmpty() ? Optional.empty()
                : Optional.of(publishCrlWith(done.stream().flatMap(d -> d.revoked().stream()).toList()));
        List<RevocationOutcome> outcomes = new ArrayList<>(done.size());
        for (DeviceRevocation revocation : done) {
            if (revocation.revoked().isEmpty()) {
                continue;
            }
            tellDeviceRevoked(revocation.revocation().deviceId(), revocation.revoked(), reason);
            outcomes.add(new RevocationOutcome(revocation.revocation().deviceId(),
                    revocation.revoked().stream().map(CertificateRecord::serialHex).toList(), reason, now,
                    crl.orElseThrow().number(), revocation.revocation().eventId()));
        }
        if (!(target instanceof RevocationTarget.Device)) {
            AuditEvent summary = AuditEvent.of(now, actor.actor(), "device.revoke.batch", target.describe(),
                    AuditOutcome.SUCCESS, reason.name())
                    .withDetail("revoked", Integer.toString(outcomes.size()))
                    .withDetail("alreadyRevoked", Integer.toString(preview.alreadyRevoked()))
                    .withDetail("withoutCertificate", Integer.toString(preview.withoutCertificate()))
                    .withDetail("unknown", Integer.toString(preview.unknown()));
            audit.append(summary).join();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        LOG.info("revoked {} device(s) of {} ({}) for {} in {} ms; {} already revoked, {} without certificate, {} unknown",
                outcomes.size(), target.describe(), reason, actor.actor(), took.toMillis(), preview.alreadyRevoked(),
                preview.withoutCertificate(), preview.unknown());
        return new BatchRevocationOutcome(preview, outcomes, crl.map(SignedCrl::number), took);
    }

    /**
     * Records and enforces a revocation another gateway of the fleet made (arrived through upstream
     * sync, already verified): in one registry command with its inbox entry, then a new CRL and the
     * device cut off here, as for a local revocation. A replay changes nothing; a conflicting replay
     * changes nothing and is returned for the caller to audit.
     */
    public InboundOutcome recordFleetRevocation(InboundRevocation inbound) {
        Objects.requireNonNull(inbound, "inbound");
        InboundOutcome outcome;
        try {
            outcome = commands.recordInbound(inbound).join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String detail = cause instanceof RegistryException registry ? registry.getMessage() : cause.getClass().getSimpleName();
            throw new RevocationException(RevocationFailure.REGISTRY_FAILED, "cannot record revocation "
                    + inbound.revocation().eventId() + " from " + inbound.originId() + ": " + detail, cause);
        }
        if (outcome instanceof InboundOutcome.Applied applied) {
            RevocationRecord record = applied.applied().revocation();
            List<CertificateRecord> revoked = applied.applied().revoked();
            Instant now = clock.instant();
            revoked.forEach(certificate -> announced.put(certificate.serialHex(), now));
            if (!revoked.isEmpty()) {
                publishCrlWith(revoked);
            }
            // Told even without a certificate here: a device connected on a session this gateway cannot map to a
            // certificate it issued is still cut off by id.
            tellDeviceRevoked(record.deviceId(), revoked, record.reason());
            LOG.info("revocation {} of device {} from gateway {} enforced here: {} certificate(s)", record.eventId(),
                    record.deviceId(), inbound.originId(), revoked.size());
        }
        return outcome;
    }

    /**
     * Releases a device from certificateHold, the one revocation RFC 5280 lets be undone: its held
     * certificates are in force again (a new CRL omits them) and it may connect and renew. Any other
     * reason is final and refused, as is a principal without {@link Permission#REVOKE} (audited).
     *
     * @return the serials back in force
     */
    public List<String> releaseHold(Principal actor, String deviceId, Optional<String> note) {
        Objects.requireNonNull(actor, "actor");
        DeviceIds.require(deviceId, "deviceId");
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        if (!actor.may(Permission.REVOKE)) {
            audit.append(AuditEvent.of(now, actor.actor(), "certificate.release-hold", deviceId, AuditOutcome.DENIED,
                    "NOT_PERMITTED")).join();
            throw new RevocationException(RevocationFailure.NOT_PERMITTED, actor.actor() + " may not release held devices");
        }
        List<CertificateRecord> released;
        try {
            released = commands.releaseHold(new io.edgeprov.gateway.core.registry.ReleaseHold(deviceId, now, actor.actor(), note))
                    .join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof RegistryException registry && registry.failure() == RegistryFailure.NOT_ON_HOLD) {
                throw new RevocationException(RevocationFailure.NOT_ON_HOLD, registry.getMessage());
            }
            String detail = cause instanceof RegistryException registry ? registry.getMessage() : cause.getClass().getSimpleName();
            throw new RevocationException(RevocationFailure.REGISTRY_FAILED, "cannot release device " + deviceId + ": " + detail,
                    cause);
        }
        released.forEach(certificate -> announced.remove(certificate.serialHex()));
        SignedCrl crl = rebuildCrl();
        LOG.info("released {} certificate(s) of device {} from hold for {}; CRL number {}", released.size(), deviceId,
                actor.actor(), crl.number());
        return released.stream().map(CertificateRecord::serialHex).toList();
    }

    private RevocationPreview resolve(RevocationTarget target, Instant now) {
        DeviceDirectory fleet = directory.orElseThrow(() -> new IllegalStateException(
                "this RevocationService was built without a device directory, so it revokes single devices only"));
        Set<String> known;
        List<String> ids;
        if (target instanceof RevocationTarget.Device device) {
            ids = List.of(device.deviceId());
            known = null;
        } else if (target instanceof RevocationTarget.DeviceList list) {
            ids = list.deviceIds();
            known = null;
        } else if (target instanceof RevocationTarget.Lot lot) {
            ids = fleet.deviceIdsInLot(lot.lot());
            known = null;
        } else if (target instanceof RevocationTarget.SerialPattern serialPattern) {
            Pattern pattern = serialPattern.pattern();
            ids = fleet.allDeviceIds().stream().filter(id -> pattern.matcher(id).matches()).toList();
            known = Set.copyOf(ids);
        } else {
            RevocationTarget.EnrollmentGroup group = (RevocationTarget.EnrollmentGroup) target;
            EnrollmentStore store = enrollments.orElseThrow(() -> new IllegalStateException(
                    "this RevocationService was built without an enrollment store"));
            Enrollment enrollment = store.findById(group.enrollmentId())
                    .filter(e -> e.rule() instanceof EnrollmentRule.Group)
                    .orElseThrow(() -> new RevocationException(RevocationFailure.NO_SUCH_TARGET,
                            "no group enrollment " + group.enrollmentId()));
            Pattern pattern = Pattern.compile(((EnrollmentRule.Group) enrollment.rule()).serialPattern());
            Set<String> individual = fleet.individuallyEnrolled();
            ids = fleet.allDeviceIds().stream().filter(id -> pattern.matcher(id).matches() && !individual.contains(id)).toList();
            known = Set.copyOf(ids);
        }
        Map<String, Integer> current = fleet.currentCertificateCounts(now);
        Set<String> revoked = fleet.revokedDeviceIds();
        Set<String> everyone = known != null ? known : new java.util.HashSet<>(fleet.allDeviceIds());
        List<String> toCutOff = new ArrayList<>();
        int certificatesHeld = 0;
        int alreadyRevoked = 0;
        int withoutCertificate = 0;
        int unknown = 0;
        for (String id : ids) {
            Integer held = current.get(id);
            if (held != null) {
                toCutOff.add(id);
                certificatesHeld += held;
            } else if (revoked.contains(id)) {
                alreadyRevoked++;
            } else if (everyone.contains(id)) {
                withoutCertificate++;
            } else {
                unknown++;
            }
        }
        return new RevocationPreview(target, toCutOff, certificatesHeld, alreadyRevoked, withoutCertificate, unknown);
    }

    /**
     * Signs a CRL of every revoked, unexpired certificate with the next CRL number, writes it to the
     * data folder and hands it to the listener.
     */
    public SignedCrl rebuildCrl() {
        synchronized (crlLock) {
            Instant now = clock.instant();
            Map<String, RevokedCertificate> entries = new LinkedHashMap<>();
            // Serials and revocations only: a CRL of 100,000 entries must not read 100,000 certificates (decision 0023).
            for (RevokedSerial revoked : certificates.findRevokedSerialsUnexpired(now)) {
                Revocation revocation = revoked.revocation();
                entries.put(revoked.serialHex(), new RevokedCertificate(new BigInteger(revoked.serialHex(), 16),
                        revocation.revokedAt(), crlReason(revocation.reason())));
            }
            crlEntries = entries;
            return signAndPublish();
        }
    }

    /**
     * Publishes a CRL that adds the certificates just revoked to the entries of the last full rebuild, without
     * reading the registry again: with 100,000 revoked certificates the read costs a quarter of a second and
     * the build 15 ms, and a single revocation should pay only the second (decision 0023). Entries that expire
     * meanwhile stay listed until the next full rebuild (the periodic refresh), which RFC 5280 allows.
     */
    SignedCrl publishCrlWith(List<CertificateRecord> newlyRevoked) {
        synchronized (crlLock) {
            if (crlEntries == null) {
                return rebuildCrl();
            }
            for (CertificateRecord certificate : newlyRevoked) {
                Revocation revocation = certificate.revocation().orElseThrow();
                crlEntries.put(certificate.serialHex(), new RevokedCertificate(new BigInteger(certificate.serialHex(), 16),
                        revocation.revokedAt(), crlReason(revocation.reason())));
            }
            return signAndPublish();
        }
    }

    private SignedCrl signAndPublish() {
        BigInteger number = numbers.next();
        SignedCrl crl;
        try {
            crl = crlBuilder.build(number, new ArrayList<>(crlEntries.values()), crlValidity);
        } catch (PkiException e) {
            throw new RevocationException(RevocationFailure.CRL_SIGNING_FAILED, "cannot sign CRL number " + number
                    + ": " + e.getMessage(), e);
        }
        files.write(crl);
        latest = Optional.of(crl);
        for (RevocationListener listener : listeners) {
            try {
                listener.crlPublished(crl);
            } catch (RuntimeException e) {
                LOG.warn("a revocation listener failed on CRL number {}: {}", crl.number(), e.toString());
            }
        }
        return crl;
    }

    /**
     * Adds a place revocations reach (a front end that starts after the core was built); listeners hear
     * of CRLs and revoked devices in the order they were added.
     */
    public void addListener(RevocationListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    private void tellDeviceRevoked(String deviceId, List<CertificateRecord> revoked, RevocationReason reason) {
        for (RevocationListener listener : listeners) {
            try {
                listener.deviceRevoked(deviceId, revoked, reason);
            } catch (RuntimeException e) {
                LOG.warn("a revocation listener failed on device {}: {}", deviceId, e.toString());
            }
        }
    }

    /** The CRL this service built last, if any. */
    public Optional<SignedCrl> latestCrl() {
        return latest;
    }

    /**
     * The one mapping between the contract's revocation reasons (what devices read in a notice, and
     * what the registry records) and the CRL's: the same RFC 5280 codes, checked by the compiler.
     */
    public static CrlReason crlReason(RevocationReason reason) {
        return switch (reason) {
            case UNSPECIFIED -> CrlReason.UNSPECIFIED;
            case KEY_COMPROMISE -> CrlReason.KEY_COMPROMISE;
            case CA_COMPROMISE -> CrlReason.CA_COMPROMISE;
            case AFFILIATION_CHANGED -> CrlReason.AFFILIATION_CHANGED;
            case SUPERSEDED -> CrlReason.SUPERSEDED;
            case CESSATION_OF_OPERATION -> CrlReason.CESSATION_OF_OPERATION;
            case CERTIFICATE_HOLD -> CrlReason.CERTIFICATE_HOLD;
            case REMOVE_FROM_CRL -> CrlReason.REMOVE_FROM_CRL;
            case PRIVILEGE_WITHDRAWN -> CrlReason.PRIVILEGE_WITHDRAWN;
            case AA_COMPROMISE -> CrlReason.AA_COMPROMISE;
        };
    }



    /** Collects the collaborators; all are required except the listeners, which a gateway adds as parts start. */
    public static final class Builder {
        private CertificateStore certificates;
        private RegistryCommands commands;
        private AuditLog audit;
        private CrlBuilder crlBuilder;
        private CrlNumberFile numbers;
        private CrlFiles files;
        private final List<RevocationListener> listeners = new ArrayList<>();
        private DeviceDirectory directory;
        private EnrollmentStore enrollments;
        private RevocationStore revocations;
        private Clock clock = Clock.systemUTC();
        private Duration crlValidity = DEFAULT_CRL_VALIDITY;
        private SecureRandom random;

        private Builder() {
        }

        /** Where the CRL's content and revocations made elsewhere are read. */
        public Builder certificates(CertificateStore value) {
            this.certificates = value;
            return this;
        }

        /** Where a revocation is written, as one command. */
        public Builder commands(RegistryCommands value) {
            this.commands = value;
            return this;
        }

        /** Where a principal's refused revocation is audited; the revocations themselves go through the commands. */
        public Builder auditLog(AuditLog value) {
            this.audit = value;
            return this;
        }

        public Builder crlBuilder(CrlBuilder value) {
            this.crlBuilder = value;
            return this;
        }

        public Builder crlNumbers(CrlNumberFile value) {
            this.numbers = value;
            return this;
        }

        public Builder crlFiles(CrlFiles value) {
            this.files = value;
            return this;
        }

        /** Where batch revocations find their devices; without it, only single devices can be revoked. */
        public Builder directory(DeviceDirectory value) {
            this.directory = value;
            return this;
        }

        /** Where a batch by enrollment group finds the group's serial pattern. */
        public Builder enrollments(EnrollmentStore value) {
            this.enrollments = value;
            return this;
        }

        /**
         * Where the watch for revocations made by another process first looks whether anything changed at
         * all, so looking often costs one indexed read; without it, every look reads the recent revocations.
         */
        public Builder revocations(RevocationStore value) {
            this.revocations = value;
            return this;
        }

        public Builder listener(RevocationListener value) {
            this.listeners.add(Objects.requireNonNull(value, "listener"));
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        /** How long relying parties may trust a CRL (24 h by default). */
        public Builder crlValidity(Duration value) {
            this.crlValidity = value;
            return this;
        }

        /** Where revocation event ids come from; a new {@link SecureRandom} when unset. */
        public Builder random(SecureRandom value) {
            this.random = value;
            return this;
        }

        public RevocationService build() {
            require(certificates, "a certificate store");
            require(commands, "registry commands");
            require(audit, "an audit log");
            require(crlBuilder, "a CRL builder");
            require(numbers, "a CRL number file");
            require(files, "CRL files");
            require(clock, "a clock");
            require(crlValidity, "a CRL validity");
            if (crlValidity.isNegative() || crlValidity.isZero()) {
                throw new IllegalStateException("crlValidity must be positive");
            }
            if (random == null) {
                random = new SecureRandom();
            }
            return new RevocationService(this);
        }

        private static void require(Object value, String what) {
            if (value == null) {
                throw new IllegalStateException("RevocationService needs " + what);
            }
        }
    }
}
