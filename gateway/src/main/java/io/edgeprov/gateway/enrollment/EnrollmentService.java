package io.edgeprov.gateway.enrollment;

import io.edgeprov.contracts.device.AttestationBegin;
import io.edgeprov.contracts.device.AttestationFinish;
import io.edgeprov.contracts.device.AttestationProofs;
import io.edgeprov.contracts.device.Challenge;
import io.edgeprov.contracts.device.ChallengeId;
import io.edgeprov.contracts.device.ClientToken;
import io.edgeprov.contracts.device.CredentialBundle;
import io.edgeprov.contracts.device.NewDeviceKey;
import io.edgeprov.contracts.device.RenewRequest;
import io.edgeprov.gateway.audit.AuditEvent;
import io.edgeprov.gateway.audit.AuditLog;
import io.edgeprov.gateway.audit.AuditOutcome;
import io.edgeprov.gateway.identity.ClientIdentity;
import io.edgeprov.gateway.observability.GatewayMetrics;
import io.edgeprov.gateway.policy.RateLimiter;
import io.edgeprov.gateway.registry.AttestedKeys;
import io.edgeprov.gateway.registry.CertificateStore;
import io.edgeprov.gateway.registry.ChallengeBinding;
import io.edgeprov.gateway.registry.ChallengeStore;
import io.edgeprov.gateway.registry.ConsumeResult;
import io.edgeprov.gateway.registry.DeviceRecord;
import io.edgeprov.gateway.registry.DeviceState;
import io.edgeprov.gateway.registry.DeviceStore;
import io.edgeprov.gateway.registry.Enrollment;
import io.edgeprov.gateway.registry.EnrollmentStore;
import io.edgeprov.gateway.registry.IssuedCertificate;
import io.edgeprov.gateway.registry.value.Sha256Digest;
import io.edgeprov.pki.CertificateAuthority;
import io.edgeprov.pki.CsrCheck;
import io.edgeprov.pki.CsrVerifier;
import io.edgeprov.pki.IssuanceRequest;
import io.edgeprov.pki.PkiException;
import io.edgeprov.pki.tpm.AttestationException;
import io.edgeprov.pki.tpm.CertifyEvidence;
import io.edgeprov.pki.tpm.EvidenceVerifier;
import io.edgeprov.pki.tpm.MadeCredential;
import io.edgeprov.pki.tpm.MakeCredential;
import io.edgeprov.pki.tpm.TpmFormatException;
import io.edgeprov.pki.tpm.TpmPublic;
import io.edgeprov.pki.tpm.VerifiedDeviceKey;
import java.io.IOException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.CompletionException;

/**
 * The gateway's main job: TPM-attested enrollment (begin, finish) and renewal (DESIGN "Identity and
 * attestation" and "Renewal").
 *
 * <p>A challenge row keeps only values derived from the credential secret: SHA-256 of the expected
 * secret proof and the expected TPM2_Certify qualifying data, next to the AK public area and the EK
 * digest; the secret itself is wiped once MakeCredential has used it. A certificate is recorded, with
 * its audit entry, before the future answering the device completes. Every refusal is audited (outcome
 * DENIED, reason code = the {@link EnrollmentRefusal} name) and counted. Safe for concurrent use.
 */
public final class EnrollmentService implements EnrollmentUseCases {

    /** Bytes of credential secret; a SHA-256 EK nameAlg takes at most 32. */
    static final int SECRET_BYTES = 32;
    private static final int CHALLENGE_ID_BYTES = 16;
    private static final String OK = "OK";

    private final EnrollmentStore enrollments;
    private final DeviceStore devices;
    private final ChallengeStore challenges;
    private final CertificateStore certificates;
    private final AuditLog audit;
    private final CertificateAuthority authority;
    private final CsrVerifier csrVerifier;
    private final EvidenceVerifier evidence;
    private final EnrollmentMatcher matcher;
    private final Clock clock;
    private final SecureRandom random;
    private final GatewayMetrics metrics;
    private final EnrollmentPolicy policy;
    private final RateLimiter rateLimiter;
    private final List<byte[]> chainDer;
    private final Executor verification;

    private EnrollmentService(Builder b) {
        this.enrollments = b.enrollments;
        this.devices = b.devices;
        this.challenges = b.challenges;
        this.certificates = b.certificates;
        this.audit = b.audit;
        this.authority = b.authority;
        this.csrVerifier = b.csrVerifier;
        this.evidence = b.evidence;
        this.clock = b.clock;
        this.random = b.random;
        this.metrics = b.metrics;
        this.policy = b.policy;
        this.rateLimiter = b.rateLimiter;
        this.verification = b.verification;
        this.matcher = new EnrollmentMatcher(enrollments, b.manufacturerRoots, clock);
        this.chainDer = encode(authority.chain());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The policy in force. */
    public EnrollmentPolicy policy() {
        return policy;
    }

    @Override
    public CompletableFuture<EnrollmentOutcome<Challenge>> begin(String deviceId, AttestationBegin request) {
        Instant now = clock.instant();
        try {
            requireRate(deviceId);
            Optional<DeviceRecord> device = devices.find(deviceId);
            requireNotBarred(device);
            TpmPublic ek = checked(() -> evidence.checkEndorsementKey(request.ekPublic()));
            Enrollment enrollment = matcher.admit(deviceId, ek, request.ekCertificate());
            TpmPublic ak = checked(() -> evidence.checkAttestationKey(request.akPublic()));
            ChallengeId challengeId = new ChallengeId(randomId());
            byte[] secret = new byte[SECRET_BYTES];
            MadeCredential made;
            io.edgeprov.gateway.registry.Challenge stored;
            try {
                random.nextBytes(secret);
                made = MakeCredential.make(ek, ak.name(), secret, random);
                Instant expiresAt = now.plus(policy.challengeTtl());
                ChallengeBinding binding = new ChallengeBinding(ak.marshalTpm2b(),
                        AttestationProofs.qualifyingData(challengeId, secret), EnrollmentMatcher.ekDigest(ek));
                stored = new io.edgeprov.gateway.registry.Challenge(challengeId.value(), deviceId,
                        Sha256Digest.of(AttestationProofs.secretProof(secret, challengeId)), ak.name().bytes(), now,
                        expiresAt, Optional.of(binding));
            } finally {
                Arrays.fill(secret, (byte) 0);
            }
            Challenge reply = new Challenge(request.clientToken(), challengeId, made.idObject(),
                    made.encryptedSecret(), stored.expiresAt());
            AuditEvent event = AuditEvent.of(now, deviceId, Step.BEGIN.action(), deviceId, AuditOutcome.SUCCESS, OK)
                    .withDetail("enrollment", enrollment.enrollmentId())
                    .withDetail("challengeId", challengeId.value())
                    .withDetail("ekSha256", EnrollmentMatcher.ekDigest(ek).hex());
            CompletableFuture<EnrollmentOutcome<Challenge>> done = (device.isPresent()
                    ? CompletableFuture.completedFuture(device.get())
                    : devices.save(DeviceRecord.pending(deviceId)))
                    .thenCompose(saved -> challenges.put(stored))
                    .thenCompose(put -> audit.append(event))
                    .thenApply(entry -> new EnrollmentOutcome.Accepted<>(reply));
            return recoverInternal(done, Step.BEGIN, deviceId, now);
        } catch (StepRefused refused) {
            return refuse(Step.BEGIN, deviceId, deviceId, now, refused);
        } catch (TpmFormatException | RuntimeException e) {
            return internal(Step.BEGIN, deviceId, deviceId, now, e);
        }
    }

    @Override
    public CompletableFuture<EnrollmentOutcome<CredentialBundle>> finish(String deviceId, AttestationFinish request) {
        Instant now = clock.instant();
        long started = System.nanoTime();
        String challengeId = request.challengeId().value();
        Optional<io.edgeprov.gateway.registry.Challenge> found = challenges.find(challengeId);
        if (found.isPresent() && !found.get().deviceId().equals(deviceId)) {
            // Not consumed: a device that learns another's challenge id must not be able to burn it.
            return refuse(Step.FINISH, deviceId, challengeId, now, new StepRefused(EnrollmentRefusal.CHALLENGE_UNKNOWN,
                    "challenge " + challengeId + " was issued to another device"));
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
                        return refuse(Step.FINISH, deviceId, challengeId, now,
                                new StepRefused(cause, "challenge " + challengeId + " " + r.reason()));
                    }
                    io.edgeprov.gateway.registry.Challenge challenge = ((ConsumeResult.Consumed) result).challenge();
                    try {
                        return verifyAndIssue(deviceId, request, challenge, now, started);
                    } catch (StepRefused refused) {
                        return refuse(Step.FINISH, deviceId, challengeId, now, refused);
                    }
                }, verification);
        return recoverInternal(done, Step.FINISH, deviceId, now);
    }

    private CompletableFuture<EnrollmentOutcome<CredentialBundle>> verifyAndIssue(String deviceId,
            AttestationFinish request, io.edgeprov.gateway.registry.Challenge challenge, Instant now, long started)
            throws StepRefused {
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
        TpmPublic ak = storedAk(binding.akPublic());
        VerifiedDeviceKey verified = checked(() -> evidence.verifyCertify(ak, binding.qualifyingData(),
                new CertifyEvidence(request.certifyInfo(), request.certifySignature(), request.deviceKeyPublic(),
                        request.csr())));
        requireAllowedKey(request.csr());
        AttestedKeys keys = new AttestedKeys(binding.ekPublicSha256(), binding.akPublic());
        DeviceRecord attested = devices.find(deviceId).orElse(DeviceRecord.pending(deviceId))
                .withState(DeviceState.ACTIVE).seenAt(now).attestedWith(now, keys);
        return issue(attested, verified.publicKey(), now, "certificate.issue").thenApply(recorded -> {
            metrics.enrollmentSucceeded(Duration.ofNanos(System.nanoTime() - started));
            return new EnrollmentOutcome.Accepted<>(bundle(request.clientToken(), recorded));
        });
    }

    @Override
    public CompletableFuture<EnrollmentOutcome<CredentialBundle>> renew(ClientIdentity.Device who, RenewRequest request) {
        Instant now = clock.instant();
        long started = System.nanoTime();
        String deviceId = who.deviceId();
        try {
            requireRate(deviceId);
            IssuedCertificate current = certificates.findBySerial(who.serialHex()).orElseThrow(() -> new StepRefused(
                    EnrollmentRefusal.CERTIFICATE_UNKNOWN, "no certificate has serial " + who.serialHex()));
            if (!current.deviceId().equals(deviceId)) {
                throw new StepRefused(EnrollmentRefusal.DEVICE_MISMATCH, "certificate " + who.serialHex()
                        + " names device " + current.deviceId());
            }
            if (current.isRevoked()) {
                throw new StepRefused(EnrollmentRefusal.CERTIFICATE_REVOKED, "certificate " + who.serialHex()
                        + " was revoked at " + current.revocation().orElseThrow().revokedAt());
            }
            if (!now.isBefore(current.notAfter())) {
                throw new StepRefused(EnrollmentRefusal.CERTIFICATE_EXPIRED, "certificate " + who.serialHex()
                        + " expired at " + current.notAfter());
            }
            DeviceRecord device = devices.find(deviceId).orElseThrow(() -> new StepRefused(
                    EnrollmentRefusal.DEVICE_NOT_ACTIVE, "device is not registered"));
            requireNotBarred(Optional.of(device));
            if (device.state() != DeviceState.ACTIVE) {
                throw new StepRefused(EnrollmentRefusal.DEVICE_NOT_ACTIVE, "device state is " + device.state());
            }
            AttestedKeys keys = requireFreshAttestation(device, now);
            PublicKey key = renewalKey(request, current, keys);
            Duration age = Duration.between(current.notBefore(), now);
            CompletableFuture<EnrollmentOutcome<CredentialBundle>> done =
                    issue(device.renewed().seenAt(now), key, now, Step.RENEW.action()).thenApply(recorded -> {
                        metrics.renewalSucceeded(Duration.ofNanos(System.nanoTime() - started), age);
                        return new EnrollmentOutcome.Accepted<>(bundle(request.clientToken(), recorded));
                    });
            return recoverInternal(done, Step.RENEW, deviceId, now);
        } catch (StepRefused refused) {
            return refuse(Step.RENEW, deviceId, who.serialHex(), now, refused);
        } catch (RuntimeException e) {
            return internal(Step.RENEW, deviceId, who.serialHex(), now, e);
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
    private PublicKey renewalKey(RenewRequest request, IssuedCertificate current, AttestedKeys keys)
            throws StepRefused {
        byte[] csr = request.csr();
        Optional<NewDeviceKey> newKey = request.newKey();
        if (newKey.isEmpty()) {
            PublicKey requested = requireAllowedKey(csr);
            if (!Arrays.equals(requested.getEncoded(), subjectPublicKeyInfo(current))) {
                throw new StepRefused(EnrollmentRefusal.CSR_KEY_MISMATCH,
                        "CSR key is not the key of certificate " + current.serialHex() + " and no new TPM key was sent");
            }
            return requested;
        }
        TpmPublic ak = storedAk(keys.akPublic());
        NewDeviceKey fresh = newKey.get();
        VerifiedDeviceKey verified = checked(() -> evidence.verifyCertify(ak,
                AttestationProofs.renewalQualifyingData(csr),
                new CertifyEvidence(fresh.certifyInfo(), fresh.certifySignature(), fresh.deviceKeyPublic(), csr)));
        requireAllowedKey(csr);
        return verified.publicKey();
    }

    /** Signs a certificate for {@code key} and records it with the device row as it now stands, in one write. */
    private CompletableFuture<IssuedCertificate> issue(DeviceRecord device, PublicKey key, Instant now, String action) {
        String deviceId = device.deviceId();
        io.edgeprov.pki.IssuedCertificate issued;
        try {
            issued = authority.issue(new IssuanceRequest(deviceId, key, Optional.of(policy.certificateLifetime())));
        } catch (PkiException e) {
            return CompletableFuture.failedFuture(e);
        }
        IssuedCertificate record = new IssuedCertificate(issued.serialHex(), deviceId, issued.notBefore(),
                issued.notAfter(), issued.der(), now, Optional.empty());
        AuditEvent event = AuditEvent.of(now, deviceId, action, deviceId, AuditOutcome.SUCCESS, OK)
                .withDetail("serial", issued.serialHex())
                .withDetail("notAfter", issued.notAfter().toString());
        return certificates.record(record, device, event);
    }

    private CredentialBundle bundle(ClientToken token, IssuedCertificate recorded) {
        return new CredentialBundle(token, recorded.der(), chainDer, recorded.notAfter(),
                io.edgeprov.pki.DeviceCertificateProfile.renewAfter(recorded.notBefore(), recorded.notAfter()));
    }

    private PublicKey requireAllowedKey(byte[] csr) throws StepRefused {
        CsrCheck check = csrVerifier.check(csr);
        if (check instanceof CsrCheck.Refused refused) {
            throw new StepRefused(Refusals.map(refused.reason()), "CSR: " + refused.detail());
        }
        return ((CsrCheck.Accepted) check).publicKey();
    }

    private void requireRate(String deviceId) throws StepRefused {
        if (!rateLimiter.tryAcquire(deviceId)) {
            throw new StepRefused(EnrollmentRefusal.RATE_LIMITED, "per-device request rate exceeded");
        }
    }

    private static void requireNotBarred(Optional<DeviceRecord> device) throws StepRefused {
        if (device.isPresent() && device.get().state() == DeviceState.REVOKED) {
            throw new StepRefused(EnrollmentRefusal.DEVICE_REVOKED, "device state is REVOKED");
        }
        if (device.isPresent() && device.get().state() == DeviceState.DISABLED) {
            throw new StepRefused(EnrollmentRefusal.DEVICE_DISABLED, "device state is DISABLED");
        }
    }

    private static TpmPublic storedAk(byte[] akPublic) {
        try {
            return TpmPublic.unmarshalTpm2b(akPublic);
        } catch (TpmFormatException e) {
            // It parsed at begin; failing now means the registry row is damaged, not that the device erred.
            throw new IllegalStateException("stored AK public area does not parse", e);
        }
    }

    /** The DER SubjectPublicKeyInfo of a recorded certificate; only the ASN.1 is read, a full X.509 parse cost 5 % of a renewal. */
    private static byte[] subjectPublicKeyInfo(IssuedCertificate certificate) {
        try {
            return org.bouncycastle.asn1.x509.Certificate.getInstance(certificate.der()).getSubjectPublicKeyInfo().getEncoded();
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("recorded certificate " + certificate.serialHex() + " does not parse", e);
        }
    }

    private String randomId() {
        byte[] id = new byte[CHALLENGE_ID_BYTES];
        random.nextBytes(id);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    }

    private <T> CompletableFuture<EnrollmentOutcome<T>> refuse(Step step, String deviceId, String target, Instant now,
            StepRefused refused) {
        metrics.refused(step.metric(), refused.refusal());
        AuditEvent event = AuditEvent.of(now, deviceId, step.action(), target, AuditOutcome.DENIED,
                refused.refusal().name());
        return audit.append(withSafeDetail(event, refused.detail()))
                .thenApply(entry -> new EnrollmentOutcome.Refused<>(refused.refusal(), refused.detail()));
    }

    private <T> CompletableFuture<EnrollmentOutcome<T>> internal(Step step, String deviceId, String target,
            Instant now, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        String detail = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        metrics.refused(step.metric(), EnrollmentRefusal.INTERNAL_ERROR);
        AuditEvent event = AuditEvent.of(now, deviceId, step.action(), target, AuditOutcome.ERROR,
                EnrollmentRefusal.INTERNAL_ERROR.name());
        return audit.append(withSafeDetail(event, detail))
                .thenApply(entry -> new EnrollmentOutcome.Refused<>(EnrollmentRefusal.INTERNAL_ERROR, detail));
    }

    private <T> CompletableFuture<EnrollmentOutcome<T>> recoverInternal(CompletableFuture<EnrollmentOutcome<T>> future,
            Step step, String deviceId, Instant now) {
        return future.exceptionallyCompose(failure -> internal(step, deviceId, deviceId, now, failure));
    }

    /** The event with the detail, unless the audit screen takes the detail for key material. */
    private static AuditEvent withSafeDetail(AuditEvent event, String detail) {
        String bounded = detail.length() > 1000 ? detail.substring(0, 1000) : detail;
        try {
            return event.withDetail("detail", bounded);
        } catch (IllegalArgumentException screened) {
            return event;
        }
    }

    private static List<byte[]> encode(List<X509Certificate> chain) {
        try {
            List<byte[]> out = new java.util.ArrayList<>();
            for (X509Certificate certificate : chain) {
                out.add(certificate.getEncoded());
            }
            return List.copyOf(out);
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("the CA chain cannot be encoded", e);
        }
    }

    @FunctionalInterface
    private interface Check<T> {
        T run() throws AttestationException;
    }

    private static <T> T checked(Check<T> check) throws StepRefused {
        try {
            return check.run();
        } catch (AttestationException e) {
            throw Refusals.of(e);
        }
    }

    /** Collects the collaborators; every one is required except the policy, rate limiter, random and clock. */
    public static final class Builder {
        private EnrollmentStore enrollments;
        private DeviceStore devices;
        private ChallengeStore challenges;
        private CertificateStore certificates;
        private AuditLog audit;
        private CertificateAuthority authority;
        private CsrVerifier csrVerifier;
        private EvidenceVerifier evidence;
        private ManufacturerRoots manufacturerRoots;
        private Clock clock = Clock.systemUTC();
        private SecureRandom random;
        private GatewayMetrics metrics;
        private EnrollmentPolicy policy = EnrollmentPolicy.defaults();
        private RateLimiter rateLimiter;
        private Executor verification = Runnable::run;

        private Builder() {
        }

        public Builder enrollments(EnrollmentStore value) {
            this.enrollments = value;
            return this;
        }

        public Builder devices(DeviceStore value) {
            this.devices = value;
            return this;
        }

        public Builder challenges(ChallengeStore value) {
            this.challenges = value;
            return this;
        }

        public Builder certificates(CertificateStore value) {
            this.certificates = value;
            return this;
        }

        /** Where refusals and begins are audited; issuance is audited through the certificate store. */
        public Builder auditLog(AuditLog value) {
            this.audit = value;
            return this;
        }

        public Builder certificateAuthority(CertificateAuthority value) {
            this.authority = value;
            return this;
        }

        public Builder csrVerifier(CsrVerifier value) {
            this.csrVerifier = value;
            return this;
        }

        public Builder evidenceVerifier(EvidenceVerifier value) {
            this.evidence = value;
            return this;
        }

        public Builder manufacturerRoots(ManufacturerRoots value) {
            this.manufacturerRoots = value;
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        public Builder random(SecureRandom value) {
            this.random = value;
            return this;
        }

        public Builder metrics(GatewayMetrics value) {
            this.metrics = value;
            return this;
        }

        public Builder policy(EnrollmentPolicy value) {
            this.policy = value;
            return this;
        }

        /** Per-device limit on begin and renew; defaults to 10 a minute for up to 100,000 devices. */
        public Builder rateLimiter(RateLimiter value) {
            this.rateLimiter = value;
            return this;
        }

        /**
         * Where a finish's evidence checks and issuance run once its challenge is consumed: the
         * gateway's request workers. Unset, they run on whichever thread completed the consume.
         */
        public Builder verificationExecutor(Executor value) {
            this.verification = value;
            return this;
        }

        public EnrollmentService build() {
            require(enrollments, "an enrollment store");
            require(devices, "a device store");
            require(challenges, "a challenge store");
            require(certificates, "a certificate store");
            require(audit, "an audit log");
            require(authority, "a certificate authority");
            require(csrVerifier, "a CSR verifier");
            require(evidence, "an evidence verifier");
            require(manufacturerRoots, "manufacturer roots (ManufacturerRoots.none() for individual enrollments only)");
            require(clock, "a clock");
            require(metrics, "gateway metrics");
            require(policy, "a policy");
            if (random == null) {
                random = new SecureRandom();
            }
            if (rateLimiter == null) {
                rateLimiter = new RateLimiter(10, 100_000, clock);
            }
            if (authority.chain().isEmpty() || authority.chain().size() > 4) {
                throw new IllegalStateException("the CA chain must hold 1 to 4 certificates, the wire contract's"
                        + " bound, but holds " + authority.chain().size());
            }
            return new EnrollmentService(this);
        }

        private static void require(Object value, String what) {
            if (value == null) {
                throw new IllegalStateException("EnrollmentService needs " + what);
            }
        }
    }
}
