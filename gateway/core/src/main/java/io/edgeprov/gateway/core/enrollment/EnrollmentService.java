package io.edgeprov.gateway.core.enrollment;

import io.edgeprov.contracts.device.AttestationBegin;
import io.edgeprov.contracts.device.AttestationFinish;
import io.edgeprov.contracts.device.Challenge;
import io.edgeprov.contracts.device.CredentialBundle;
import io.edgeprov.contracts.device.RenewRequest;
import io.edgeprov.gateway.core.audit.AuditLog;
import io.edgeprov.gateway.core.identity.ClientIdentity;
import io.edgeprov.gateway.core.policy.RateLimiter;
import io.edgeprov.gateway.core.registry.CertificateStore;
import io.edgeprov.gateway.core.registry.ChallengeStore;
import io.edgeprov.gateway.core.registry.DeviceStore;
import io.edgeprov.gateway.core.registry.EnrollmentStore;
import io.edgeprov.gateway.core.registry.RegistryCommands;
import io.edgeprov.pki.CertificateAuthority;
import io.edgeprov.pki.CsrVerifier;
import io.edgeprov.pki.tpm.EvidenceVerifier;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The gateway's main job, TPM-attested enrollment and renewal (DESIGN "Identity and attestation" and
 * "Renewal"), assembled once from its collaborators: {@link BeginAttestation}, {@link FinishAttestation}
 * and {@link RenewCertificate}, one step each, sharing one {@link CertificateIssuer} (sign, then record)
 * and one {@link RefusalRecorder} (count every refusal, audit it in full or in a {@link RefusalSummaries}
 * summary), one per-device rate limiter and one
 * policy. Every front end calls these same objects. Safe for concurrent use.
 */
public final class EnrollmentService implements EnrollmentUseCases {

    private final EnrollmentPolicy policy;
    private final BeginAttestation begin;
    private final FinishAttestation finish;
    private final RenewCertificate renew;
    private final RefusalSummaries summaries;

    private EnrollmentService(Builder b) {
        this.policy = b.policy;
        this.summaries = b.summaries;
        RefusalRecorder refusals = new RefusalRecorder(b.audit, b.metrics, b.summaries);
        CertificateIssuer issuer = new CertificateIssuer(b.authority, b.commands, b.policy);
        EnrollmentMatcher matcher = new EnrollmentMatcher(b.enrollments, b.manufacturerRoots, b.clock, b.pendingDevices);
        this.begin = new BeginAttestation(b.devices, b.challenges, b.audit, b.evidence, matcher, b.policy, b.rateLimiter,
                b.clock, b.random, refusals);
        this.finish = new FinishAttestation(b.challenges, b.evidence, b.csrVerifier, issuer, b.metrics, b.clock,
                b.verification, refusals);
        this.renew = new RenewCertificate(b.devices, b.certificates, b.evidence, b.csrVerifier, issuer, b.policy,
                b.rateLimiter, b.metrics, b.clock, refusals);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The policy in force. */
    public EnrollmentPolicy policy() {
        return policy;
    }

    /** Where repeated refusals are counted until their summary: flush it periodically, close it on shutdown. */
    public RefusalSummaries refusalSummaries() {
        return summaries;
    }

    @Override
    public CompletableFuture<EnrollmentOutcome<Challenge>> begin(String deviceId, AttestationBegin request) {
        return begin.begin(deviceId, request);
    }

    @Override
    public CompletableFuture<EnrollmentOutcome<CredentialBundle>> finish(String deviceId, AttestationFinish request) {
        return finish.finish(deviceId, request);
    }

    @Override
    public CompletableFuture<EnrollmentOutcome<CredentialBundle>> renew(ClientIdentity.Device who, RenewRequest request) {
        return renew.renew(who, request);
    }

    /**
     * Collects the collaborators; every one is required except the policy, rate limiter, refusal summaries,
     * random and clock.
     */
    public static final class Builder {
        private EnrollmentStore enrollments;
        private DeviceStore devices;
        private ChallengeStore challenges;
        private CertificateStore certificates;
        private RegistryCommands commands;
        private AuditLog audit;
        private CertificateAuthority authority;
        private CsrVerifier csrVerifier;
        private EvidenceVerifier evidence;
        private ManufacturerRoots manufacturerRoots;
        private io.edgeprov.gateway.core.fleet.PendingDevices pendingDevices =
                io.edgeprov.gateway.core.fleet.PendingDevices.none();
        private Clock clock = Clock.systemUTC();
        private SecureRandom random;
        private EnrollmentMetrics metrics;
        private EnrollmentPolicy policy = EnrollmentPolicy.defaults();
        private RateLimiter rateLimiter;
        private Executor verification = Runnable::run;
        private RefusalSummaries summaries;

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

        /** Where renewals look up the presenting certificate. */
        public Builder certificates(CertificateStore value) {
            this.certificates = value;
            return this;
        }

        /** Where issued certificates are recorded, each with its device row change and audit entry, in one command. */
        public Builder commands(RegistryCommands value) {
            this.commands = value;
            return this;
        }

        /** Where refusals and begins are audited; issuance is audited through the registry commands. */
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

        /** Where genuine TPMs no enrollment admits wait for a technician (default: nowhere). */
        public Builder pendingDevices(io.edgeprov.gateway.core.fleet.PendingDevices value) {
            this.pendingDevices = java.util.Objects.requireNonNull(value, "pendingDevices");
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

        public Builder metrics(EnrollmentMetrics value) {
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

        /**
         * Where repeated unauthenticated refusals are counted into summaries; it must append to the same audit
         * log. Unset, one with the default window and bound over this builder's audit log and clock.
         */
        public Builder refusalSummaries(RefusalSummaries value) {
            this.summaries = value;
            return this;
        }

        public EnrollmentService build() {
            require(enrollments, "an enrollment store");
            require(devices, "a device store");
            require(challenges, "a challenge store");
            require(certificates, "a certificate store");
            require(commands, "registry commands");
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
            if (summaries == null) {
                summaries = RefusalSummaries.builder().auditLog(audit).clock(clock).build();
            } else if (summaries.auditLog() != audit) {
                throw new IllegalStateException("the refusal summaries must append to the same audit log as the"
                        + " refusals they count");
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
