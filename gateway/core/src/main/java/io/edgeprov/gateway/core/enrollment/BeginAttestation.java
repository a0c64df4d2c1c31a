package io.edgeprov.gateway.core.enrollment;

import io.edgeprov.contracts.device.AttestationBegin;
import io.edgeprov.contracts.device.AttestationProofs;
import io.edgeprov.contracts.device.Challenge;
import io.edgeprov.contracts.device.ChallengeId;
import io.edgeprov.gateway.core.audit.AuditEvent;
import io.edgeprov.gateway.core.audit.AuditLog;
import io.edgeprov.gateway.core.audit.AuditOutcome;
import io.edgeprov.gateway.core.policy.RateLimiter;
import io.edgeprov.gateway.core.registry.ChallengeBinding;
import io.edgeprov.gateway.core.registry.ChallengeStore;
import io.edgeprov.gateway.core.registry.DeviceRecord;
import io.edgeprov.gateway.core.registry.DeviceStore;
import io.edgeprov.gateway.core.registry.Enrollment;
import io.edgeprov.gateway.core.registry.StoredChallenge;
import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import io.edgeprov.pki.tpm.EvidenceVerifier;
import io.edgeprov.pki.tpm.MadeCredential;
import io.edgeprov.pki.tpm.MakeCredential;
import io.edgeprov.pki.tpm.TpmFormatException;
import io.edgeprov.pki.tpm.TpmPublic;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Attestation step 1: the device is admitted by an enabled enrollment, its EK and AK are acceptable,
 * and it gets a one-use credential challenge bound to its AK's Name. The challenge row keeps only values
 * derived from the secret (SHA-256 of the expected proof, the expected TPM2_Certify qualifying data)
 * beside the AK public area and the EK digest; the secret itself is wiped once MakeCredential used it.
 */
public final class BeginAttestation {
    /** Bytes of credential secret; a SHA-256 EK nameAlg takes at most 32. */
    static final int SECRET_BYTES = 32;
    private static final int CHALLENGE_ID_BYTES = 16;

    private final DeviceStore devices;
    private final ChallengeStore challenges;
    private final AuditLog audit;
    private final EvidenceVerifier evidence;
    private final EnrollmentMatcher matcher;
    private final EnrollmentPolicy policy;
    private final RateLimiter rateLimiter;
    private final Clock clock;
    private final SecureRandom random;
    private final RefusalRecorder refusals;

    BeginAttestation(DeviceStore devices, ChallengeStore challenges, AuditLog audit, EvidenceVerifier evidence,
            EnrollmentMatcher matcher, EnrollmentPolicy policy, RateLimiter rateLimiter, Clock clock, SecureRandom random,
            RefusalRecorder refusals) {
        this.devices = devices;
        this.challenges = challenges;
        this.audit = audit;
        this.evidence = evidence;
        this.matcher = matcher;
        this.policy = policy;
        this.rateLimiter = rateLimiter;
        this.clock = clock;
        this.random = random;
        this.refusals = refusals;
    }

    public CompletableFuture<EnrollmentOutcome<Challenge>> begin(String deviceId, AttestationBegin request) {
        Instant now = clock.instant();
        try {
            StepChecks.requireRate(rateLimiter, deviceId);
            Optional<DeviceRecord> device = devices.find(deviceId);
            StepChecks.requireNotBarred(device);
            TpmPublic ek = StepChecks.checked(() -> evidence.checkEndorsementKey(request.ekPublic()));
            Enrollment enrollment = matcher.admit(deviceId, ek, request.ekCertificate(), request.ekCertificateChain());
            TpmPublic ak = StepChecks.checked(() -> evidence.checkAttestationKey(request.akPublic()));
            ChallengeId challengeId = new ChallengeId(randomId());
            byte[] secret = new byte[SECRET_BYTES];
            MadeCredential made;
            StoredChallenge stored;
            try {
                random.nextBytes(secret);
                made = MakeCredential.make(ek, ak.name(), secret, random);
                ChallengeBinding binding = new ChallengeBinding(ak.marshalTpm2b(),
                        AttestationProofs.qualifyingData(challengeId, secret), EnrollmentMatcher.ekDigest(ek));
                stored = new StoredChallenge(challengeId.value(), deviceId,
                        Sha256Digest.of(AttestationProofs.secretProof(secret, challengeId)), ak.name().bytes(), now,
                        now.plus(policy.challengeTtl()), Optional.of(binding));
            } finally {
                Arrays.fill(secret, (byte) 0);
            }
            Challenge reply = new Challenge(request.clientToken(), challengeId, made.idObject(),
                    made.encryptedSecret(), stored.expiresAt());
            AuditEvent event = AuditEvent.of(now, deviceId, Step.BEGIN.action(), deviceId, AuditOutcome.SUCCESS, "OK")
                    .withDetail("enrollment", enrollment.enrollmentId())
                    .withDetail("challengeId", challengeId.value())
                    .withDetail("ekSha256", EnrollmentMatcher.ekDigest(ek).hex());
            CompletableFuture<EnrollmentOutcome<Challenge>> done = (device.isPresent()
                    ? CompletableFuture.completedFuture(device.get())
                    : devices.save(DeviceRecord.pending(deviceId)))
                    .thenCompose(saved -> challenges.put(stored))
                    .thenCompose(put -> audit.append(event))
                    .thenApply(entry -> new EnrollmentOutcome.Accepted<>(reply));
            return refusals.recover(done, Step.BEGIN, deviceId, deviceId, now);
        } catch (StepRefused refused) {
            return refusals.refuse(Step.BEGIN, deviceId, deviceId, now, refused);
        } catch (TpmFormatException | RuntimeException e) {
            return refusals.internal(Step.BEGIN, deviceId, deviceId, now, e);
        }
    }

    private String randomId() {
        byte[] id = new byte[CHALLENGE_ID_BYTES];
        random.nextBytes(id);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    }
}
