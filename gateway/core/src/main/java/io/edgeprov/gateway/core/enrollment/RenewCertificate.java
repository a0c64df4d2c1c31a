package io.edgeprov.gateway.core.enrollment;

import io.edgeprov.contracts.device.AttestationProofs;
import io.edgeprov.contracts.device.CredentialBundle;
import io.edgeprov.contracts.device.NewDeviceKey;
import io.edgeprov.contracts.device.RenewRequest;
import io.edgeprov.gateway.core.identity.ClientIdentity;
import io.edgeprov.gateway.core.policy.RateLimiter;
import io.edgeprov.gateway.core.registry.AttestedKeys;
import io.edgeprov.gateway.core.registry.CertificateRecord;
import io.edgeprov.gateway.core.registry.CertificateStore;
import io.edgeprov.gateway.core.registry.DeviceChange;
import io.edgeprov.gateway.core.registry.DeviceRecord;
import io.edgeprov.gateway.core.registry.DeviceState;
import io.edgeprov.gateway.core.registry.DeviceStore;
import io.edgeprov.pki.Certificates;
import io.edgeprov.pki.CsrVerifier;
import io.edgeprov.pki.tpm.CertifyEvidence;
import io.edgeprov.pki.tpm.EvidenceVerifier;
import io.edgeprov.pki.tpm.TpmPublic;
import io.edgeprov.pki.tpm.VerifiedDeviceKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Renewal authenticated by the device's current certificate: it must be on record, the device's, not
 * revoked and not expired; the device active and attested recently enough for the policy; the CSR for
 * the same key, or for a new TPM key certified by the attested AK. The registry checks the device's
 * state again when it records the new certificate, so a revocation made meanwhile always wins.
 */
public final class RenewCertificate {
    private final DeviceStore devices;
    private final CertificateStore certificates;
    private final EvidenceVerifier evidence;
    private final CsrVerifier csrVerifier;
    private final CertificateIssuer issuer;
    private final EnrollmentPolicy policy;
    private final RateLimiter rateLimiter;
    private final EnrollmentMetrics metrics;
    private final Clock clock;
    private final RefusalRecorder refusals;

    RenewCertificate(DeviceStore devices, CertificateStore certificates, EvidenceVerifier evidence, CsrVerifier csrVerifier,
            CertificateIssuer issuer, EnrollmentPolicy policy, RateLimiter rateLimiter, EnrollmentMetrics metrics, Clock clock,
            RefusalRecorder refusals) {
        this.devices = devices;
        this.certificates = certificates;
        this.evidence = evidence;
        this.csrVerifier = csrVerifier;
        this.issuer = issuer;
        this.policy = policy;
        this.rateLimiter = rateLimiter;
        this.metrics = metrics;
        this.clock = clock;
        this.refusals = refusals;
    }

    public CompletableFuture<EnrollmentOutcome<CredentialBundle>> renew(ClientIdentity.Device who, RenewRequest request) {
        Instant now = clock.instant();
        long started = System.nanoTime();
        String deviceId = who.deviceId();
        try {
            StepChecks.requireRate(rateLimiter, deviceId);
            CertificateRecord current = certificates.findBySerial(who.serialHex()).orElseThrow(() -> new StepRefused(
                    EnrollmentRefusal.CERTIFICATE_UNKNOWN, "no certificate has serial " + who.serialHex()));
            if (!current.deviceId().equals(deviceId)) {
                throw new StepRefused(EnrollmentRefusal.DEVICE_MISMATCH, "certificate " + who.serialHex()
                        + " names device " + current.deviceId());
            }
            if (current.isRevoked()) {
                // A revoked device is told so (terminal, 600): CERTIFICATE_REVOKED would send it to enroll again.
                boolean deviceRevoked = devices.find(deviceId).map(d -> d.state() == DeviceState.REVOKED).orElse(false);
                throw new StepRefused(deviceRevoked ? EnrollmentRefusal.DEVICE_REVOKED : EnrollmentRefusal.CERTIFICATE_REVOKED,
                        "certificate " + who.serialHex() + " was revoked at " + current.revocation().orElseThrow().revokedAt());
            }
            if (!now.isBefore(current.notAfter())) {
                throw new StepRefused(EnrollmentRefusal.CERTIFICATE_EXPIRED, "certificate " + who.serialHex()
                        + " expired at " + current.notAfter());
            }
            DeviceRecord device = devices.find(deviceId).orElseThrow(() -> new StepRefused(
                    EnrollmentRefusal.DEVICE_NOT_ACTIVE, "device is not registered"));
            StepChecks.requireNotBarred(Optional.of(device));
            if (device.state() != DeviceState.ACTIVE) {
                throw new StepRefused(EnrollmentRefusal.DEVICE_NOT_ACTIVE, "device state is " + device.state());
            }
            AttestedKeys keys = requireFreshAttestation(device, now);
            PublicKey key = renewalKey(request, current, keys);
            Duration age = Duration.between(current.notBefore(), now);
            CompletableFuture<EnrollmentOutcome<CredentialBundle>> done = issuer.issue(deviceId, key,
                    new DeviceChange.Renewed(now), now, Step.RENEW.action()).thenApply(recorded -> {
                        metrics.renewalSucceeded(Duration.ofNanos(System.nanoTime() - started), age);
                        return new EnrollmentOutcome.Accepted<>(issuer.bundle(request.clientToken(), recorded),
                                Optional.of(recorded.serialHex()));
                    });
            return refusals.recover(done, Step.RENEW, deviceId, who.serialHex(), now);
        } catch (StepRefused refused) {
            return refusals.refuse(Step.RENEW, deviceId, who.serialHex(), now, refused);
        } catch (RuntimeException e) {
            return refusals.internal(Step.RENEW, deviceId, who.serialHex(), now, e);
        }
    }

    private AttestedKeys requireFreshAttestation(DeviceRecord device, Instant now) throws StepRefused {
        AttestedKeys keys = device.attestedKeys().orElseThrow(() -> new StepRefused(
                EnrollmentRefusal.REATTESTATION_REQUIRED, "no attested TPM keys on record"));
        if (device.renewalCount() >= policy.renewalsBeforeReattestation()) {
            throw new StepRefused(EnrollmentRefusal.REATTESTATION_REQUIRED, device.renewalCount()
                    + " renewals since the last attestation, policy allows " + policy.renewalsBeforeReattestation());
        }
        Instant attested = device.lastAttestation().orElseThrow(() -> new StepRefused(
                EnrollmentRefusal.REATTESTATION_REQUIRED, "never attested"));
        if (!now.isBefore(attested.plus(policy.reattestationAge()))) {
            throw new StepRefused(EnrollmentRefusal.REATTESTATION_REQUIRED, "last attestation at " + attested
                    + " is older than " + policy.reattestationAge());
        }
        return keys;
    }

    /** The key to certify: the current certificate's, or a new TPM key certified by the attested AK. */
    private PublicKey renewalKey(RenewRequest request, CertificateRecord current, AttestedKeys keys) throws StepRefused {
        byte[] csr = request.csr();
        PublicKey requested = StepChecks.csrKey(csrVerifier, csr);
        Optional<NewDeviceKey> newKey = request.newKey();
        if (newKey.isEmpty()) {
            if (!Arrays.equals(requested.getEncoded(), subjectPublicKeyInfo(current))) {
                throw new StepRefused(EnrollmentRefusal.CSR_KEY_MISMATCH,
                        "CSR key is not the key of certificate " + current.serialHex() + " and no new TPM key was sent");
            }
            return requested;
        }
        TpmPublic ak = StepChecks.storedAk(keys.akPublic());
        NewDeviceKey fresh = newKey.get();
        VerifiedDeviceKey verified = StepChecks.checked(() -> evidence.verifyCertify(ak,
                AttestationProofs.renewalQualifyingData(csr),
                new CertifyEvidence(fresh.certifyInfo(), fresh.certifySignature(), fresh.deviceKeyPublic(), csr),
                requested));
        return verified.publicKey();
    }

    private static byte[] subjectPublicKeyInfo(CertificateRecord certificate) {
        try {
            return Certificates.subjectPublicKeyInfo(certificate.der());
        } catch (CertificateException e) {
            throw new IllegalStateException("recorded certificate " + certificate.serialHex() + " does not parse", e);
        }
    }
}
