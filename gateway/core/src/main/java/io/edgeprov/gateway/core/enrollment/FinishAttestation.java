package io.edgeprov.gateway.core.enrollment;

import io.edgeprov.contracts.device.AttestationFinish;
import io.edgeprov.contracts.device.CredentialBundle;
import io.edgeprov.gateway.core.registry.AttestedKeys;
import io.edgeprov.gateway.core.registry.ChallengeBinding;
import io.edgeprov.gateway.core.registry.ChallengeStore;
import io.edgeprov.gateway.core.registry.ConsumeResult;
import io.edgeprov.gateway.core.registry.DeviceChange;
import io.edgeprov.gateway.core.registry.StoredChallenge;
import io.edgeprov.pki.CsrVerifier;
import io.edgeprov.pki.tpm.CertifyEvidence;
import io.edgeprov.pki.tpm.EvidenceVerifier;
import io.edgeprov.pki.tpm.TpmPublic;
import io.edgeprov.pki.tpm.VerifiedDeviceKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Attestation step 2: the challenge is consumed once, the device proves the activated secret, the AK
 * certified the device key for this challenge, and the CSR is for that key; then a certificate is
 * issued and recorded before it is handed out. The CSR signature is verified once, by the
 * {@link CsrVerifier}; the evidence check only compares the CSR's key with the certified one.
 */
public final class FinishAttestation {
    private final ChallengeStore challenges;
    private final EvidenceVerifier evidence;
    private final CsrVerifier csrVerifier;
    private final CertificateIssuer issuer;
    private final EnrollmentMetrics metrics;
    private final Clock clock;
    private final Executor verification;
    private final RefusalRecorder refusals;

    FinishAttestation(ChallengeStore challenges, EvidenceVerifier evidence, CsrVerifier csrVerifier, CertificateIssuer issuer,
            EnrollmentMetrics metrics, Clock clock, Executor verification, RefusalRecorder refusals) {
        this.challenges = challenges;
        this.evidence = evidence;
        this.csrVerifier = csrVerifier;
        this.issuer = issuer;
        this.metrics = metrics;
        this.clock = clock;
        this.verification = verification;
        this.refusals = refusals;
    }

    public CompletableFuture<EnrollmentOutcome<CredentialBundle>> finish(String deviceId, AttestationFinish request) {
        Instant now = clock.instant();
        long started = System.nanoTime();
        String challengeId = request.challengeId().value();
        Optional<StoredChallenge> found = challenges.find(challengeId);
        if (found.isPresent() && !found.get().deviceId().equals(deviceId)) {
            // Not consumed: a device that learns another's challenge id must not be able to burn it.
            return refusals.refuse(Step.FINISH, deviceId, challengeId, now, new StepRefused(
                    EnrollmentRefusal.CHALLENGE_UNKNOWN, "challenge " + challengeId + " was issued to another device"));
        }
        // The consume completes on the registry's single completion thread; the evidence checks and the
        // signature must not run there, or every finish in the gateway queues behind one core.
        CompletableFuture<EnrollmentOutcome<CredentialBundle>> done = challenges.consume(challengeId, now)
                .thenComposeAsync(result -> {
                    if (result instanceof ConsumeResult.Refused r) {
                        EnrollmentRefusal cause = switch (r.reason()) {
                            case UNKNOWN -> EnrollmentRefusal.CHALLENGE_UNKNOWN;
                            case EXPIRED -> EnrollmentRefusal.CHALLENGE_EXPIRED;
                            case REPLAYED -> EnrollmentRefusal.CHALLENGE_REPLAYED;
                        };
                        return refusals.refuse(Step.FINISH, deviceId, challengeId, now,
                                new StepRefused(cause, "challenge " + challengeId + " " + r.reason()));
                    }
                    StoredChallenge challenge = ((ConsumeResult.Consumed) result).challenge();
                    try {
                        return verifyAndIssue(deviceId, request, challenge, now, started);
                    } catch (StepRefused refused) {
                        return refusals.refuse(Step.FINISH, deviceId, challengeId, now, refused);
                    }
                }, verification);
        return refusals.recover(done, Step.FINISH, deviceId, challengeId, now);
    }

    private CompletableFuture<EnrollmentOutcome<CredentialBundle>> verifyAndIssue(String deviceId,
            AttestationFinish request, StoredChallenge challenge, Instant now, long started) throws StepRefused {
        if (!challenge.deviceId().equals(deviceId)) {
            throw new StepRefused(EnrollmentRefusal.CHALLENGE_UNKNOWN, "challenge " + challenge.challengeId()
                    + " was issued to another device");
        }
        ChallengeBinding binding = challenge.binding().orElseThrow(() -> new StepRefused(
                EnrollmentRefusal.CHALLENGE_UNKNOWN, "challenge " + challenge.challengeId() + " predates schema V2"));
        if (!challenge.acceptsProof(request.secretProof())) {
            throw new StepRefused(EnrollmentRefusal.SECRET_PROOF_INVALID, "secretProof does not match challenge "
                    + challenge.challengeId());
        }
        TpmPublic ak = StepChecks.storedAk(binding.akPublic());
        PublicKey csrKey = StepChecks.csrKey(csrVerifier, request.csr());
        VerifiedDeviceKey verified = StepChecks.checked(() -> evidence.verifyCertify(ak, binding.qualifyingData(),
                new CertifyEvidence(request.certifyInfo(), request.certifySignature(), request.deviceKeyPublic(),
                        request.csr()), csrKey));
        AttestedKeys keys = new AttestedKeys(binding.ekPublicSha256(), binding.akPublic());
        return issuer.issue(deviceId, verified.publicKey(), new DeviceChange.Attested(now, keys), now, "certificate.issue")
                .thenApply(recorded -> {
                    metrics.enrollmentSucceeded(Duration.ofNanos(System.nanoTime() - started));
                    return new EnrollmentOutcome.Accepted<>(issuer.bundle(request.clientToken(), recorded),
                            Optional.of(recorded.serialHex()));
                });
    }
}
