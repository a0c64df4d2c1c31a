package io.edgeprov.gateway.core.enrollment;

import io.edgeprov.gateway.core.fleet.PendingDevices;

import io.edgeprov.gateway.core.registry.Enrollment;
import io.edgeprov.gateway.core.registry.EnrollmentRule;
import io.edgeprov.gateway.core.registry.EnrollmentStore;
import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import io.edgeprov.pki.tpm.AttestationException;
import io.edgeprov.pki.tpm.EkCertificate;
import io.edgeprov.pki.tpm.EkCertificateValidator;
import io.edgeprov.pki.tpm.TpmPublic;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Finds the enabled enrollment that admits a device's serial and EK.
 *
 * <p>An individual enrollment pins the EK by SHA-256 of its TPM2B_PUBLIC: the 2-byte big-endian size
 * followed by the marshalled TPMT_PUBLIC, re-marshalled from the parsed area so only its canonical form counts.
 * That is the file tpm2-tools write in their default {@code tss} format ({@code tpm2_createek -u ek.pub}),
 * so a technician gets the digest with {@code sha256sum ek.pub}. A group enrollment needs an EK
 * certificate whose key is the EK and which chains to the group's manufacturer roots, through the
 * intermediates the device sent with it (roots stay the only configured trust; decision 0025), and a
 * serial matching the group's pattern.
 */
final class EnrollmentMatcher {

    private final EnrollmentStore enrollments;
    private final ManufacturerRoots roots;
    private final Clock clock;
    private final PendingDevices pending;

    EnrollmentMatcher(EnrollmentStore enrollments, ManufacturerRoots roots, Clock clock) {
        this(enrollments, roots, clock, PendingDevices.none());
    }

    EnrollmentMatcher(EnrollmentStore enrollments, ManufacturerRoots roots, Clock clock, PendingDevices pending) {
        this.enrollments = enrollments;
        this.roots = roots;
        this.clock = clock;
        this.pending = pending;
    }

    /** The SHA-256 an individual enrollment pins: over the canonical TPM2B_PUBLIC of the EK. */
    static Sha256Digest ekDigest(TpmPublic ek) {
        return Sha256Digest.of(ek.marshalTpm2b());
    }

    /** The admitting enrollment, or the refusal. */
    Enrollment admit(String deviceId, TpmPublic ek, Optional<byte[]> ekCertificate, List<byte[]> ekIntermediates)
            throws StepRefused {
        Sha256Digest digest = ekDigest(ek);
        Optional<Enrollment> byDevice = enrollments.findIndividualByDeviceId(deviceId);
        if (byDevice.isPresent()) {
            return individual(byDevice.get(), digest, ek, ekCertificate);
        }
        Optional<Enrollment> byEk = enrollments.findIndividualByEk(digest);
        if (byEk.isPresent()) {
            // The EK is pinned to another serial: one TPM cannot enroll under two names.
            throw new StepRefused(EnrollmentRefusal.EK_MISMATCH, "EK " + digest.hex()
                    + " is enrolled for another device (enrollment " + byEk.get().enrollmentId() + ")");
        }
        try {
            return group(deviceId, ek, ekCertificate, ekIntermediates, digest);
        } catch (StepRefused refused) {
            if (refused.refusal() == EnrollmentRefusal.NOT_ENROLLED
                    || refused.refusal() == EnrollmentRefusal.SERIAL_PATTERN_MISMATCH) {
                queueIfGenuine(deviceId, ek, ekCertificate, ekIntermediates, digest);
            }
            throw refused;
        }
    }

    /**
     * A TPM no enrollment admits, whose EK certificate chains to a configured manufacturer root, waits in the
     * pending queue for a technician (it still gets its refusal). Recording is best effort: the refusal stands
     * whether or not the queue could be written.
     */
    private void queueIfGenuine(String deviceId, TpmPublic ek, Optional<byte[]> ekCertificate, List<byte[]> ekIntermediates,
            Sha256Digest digest) {
        if (ekCertificate.isEmpty()) {
            return;
        }
        try {
            EkCertificate certificate = EkCertificate.parse(ekCertificate.get());
            certificate.checkKeyMatches(ek);
            List<X509Certificate> intermediates = EkCertificate.parseIntermediates(ekIntermediates);
            for (String bundle : roots.bundleIds()) {
                Optional<List<X509Certificate>> trusted = roots.roots(bundle);
                if (trusted.isEmpty()) {
                    continue;
                }
                try {
                    new EkCertificateValidator(trusted.get(), clock).validateChain(certificate, intermediates);
                } catch (AttestationException e) {
                    continue;
                }
                pending.record(deviceId, digest, bundle, clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
                return;
            }
        } catch (AttestationException | RuntimeException e) {
            // Not genuine as far as we can tell, or not readable: the refusal alone answers it.
        }
    }

    private static Enrollment individual(Enrollment enrollment, Sha256Digest digest, TpmPublic ek,
            Optional<byte[]> ekCertificate) throws StepRefused {
        EnrollmentRule.Individual rule = (EnrollmentRule.Individual) enrollment.rule();
        if (!rule.ekPublicSha256().equals(digest)) {
            throw new StepRefused(EnrollmentRefusal.EK_MISMATCH, "EK " + digest.hex() + " is not the EK enrolled by "
                    + enrollment.enrollmentId());
        }
        if (!enrollment.enabled()) {
            throw new StepRefused(EnrollmentRefusal.ENROLLMENT_DISABLED, "enrollment " + enrollment.enrollmentId()
                    + " is disabled");
        }
        if (ekCertificate.isPresent()) {
            // The EK is pinned already; a certificate sent anyway must at least be for this EK.
            EkCertificate certificate = parse(ekCertificate.get());
            try {
                certificate.checkKeyMatches(ek);
            } catch (AttestationException e) {
                throw Refusals.of(e);
            }
        }
        return enrollment;
    }

    private Enrollment group(String deviceId, TpmPublic ek, Optional<byte[]> ekCertificate, List<byte[]> ekIntermediates,
            Sha256Digest digest) throws StepRefused {
        List<Enrollment> groups = enrollments.findGroups();
        if (groups.isEmpty()) {
            throw new StepRefused(EnrollmentRefusal.NOT_ENROLLED, "no individual enrollment for this device or EK "
                    + digest.hex() + ", and no group enrollment");
        }
        List<Enrollment> matching = groups.stream()
                .filter(e -> ((EnrollmentRule.Group) e.rule()).admitsSerial(deviceId)).toList();
        if (matching.isEmpty()) {
            throw new StepRefused(EnrollmentRefusal.SERIAL_PATTERN_MISMATCH, "no group enrollment's serial pattern"
                    + " admits this device id");
        }
        List<Enrollment> enabled = matching.stream().filter(Enrollment::enabled).toList();
        if (enabled.isEmpty()) {
            throw new StepRefused(EnrollmentRefusal.ENROLLMENT_DISABLED, "every group enrollment admitting this serial"
                    + " is disabled (first: " + matching.get(0).enrollmentId() + ")");
        }
        if (ekCertificate.isEmpty()) {
            throw new StepRefused(EnrollmentRefusal.EK_CERTIFICATE_MISSING, "group enrollment "
                    + enabled.get(0).enrollmentId() + " needs an EK certificate and none was sent");
        }
        EkCertificate certificate = parse(ekCertificate.get());
        List<X509Certificate> intermediates;
        try {
            certificate.checkKeyMatches(ek);
            intermediates = EkCertificate.parseIntermediates(ekIntermediates);
        } catch (AttestationException e) {
            throw Refusals.of(e);
        }
        StepRefused last = null;
        for (Enrollment enrollment : enabled) {
            String bundle = ((EnrollmentRule.Group) enrollment.rule()).rootBundleId();
            Optional<List<X509Certificate>> trusted = roots.roots(bundle);
            if (trusted.isEmpty()) {
                last = new StepRefused(EnrollmentRefusal.EK_CERTIFICATE_UNTRUSTED, "root bundle " + bundle
                        + " of group enrollment " + enrollment.enrollmentId() + " is not configured");
                continue;
            }
            try {
                new EkCertificateValidator(trusted.get(), clock).validateChain(certificate, intermediates);
                return enrollment;
            } catch (AttestationException e) {
                last = new StepRefused(Refusals.map(e.failure()), "group enrollment " + enrollment.enrollmentId()
                        + ": " + e.getMessage());
            }
        }
        throw last;
    }

    private static EkCertificate parse(byte[] der) throws StepRefused {
        try {
            return EkCertificate.parse(der);
        } catch (AttestationException e) {
            throw Refusals.of(e);
        }
    }
}
