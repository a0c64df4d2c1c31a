package io.edgeprov.gateway.core.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.contracts.device.AttestationBegin;
import io.edgeprov.contracts.device.Challenge;
import io.edgeprov.contracts.device.CredentialBundle;
import io.edgeprov.gateway.core.audit.AuditEntry;
import io.edgeprov.gateway.core.audit.AuditEvent;
import io.edgeprov.gateway.core.audit.AuditLog;
import io.edgeprov.gateway.core.audit.AuditOutcome;
import io.edgeprov.gateway.core.identity.ClientIdentity;
import io.edgeprov.gateway.core.identity.MutableClock;
import io.edgeprov.gateway.core.policy.RateLimiter;
import io.edgeprov.gateway.core.registry.CertificateStore;
import io.edgeprov.gateway.core.registry.ChallengeStore;
import io.edgeprov.gateway.core.registry.DeviceStore;
import io.edgeprov.gateway.core.registry.Enrollment;
import io.edgeprov.gateway.core.registry.EnrollmentRule;
import io.edgeprov.gateway.core.registry.EnrollmentStore;
import io.edgeprov.gateway.core.registry.DeviceRevocation;
import io.edgeprov.gateway.core.registry.InMemoryRegistry;
import io.edgeprov.gateway.core.registry.RegistryCommands;
import io.edgeprov.gateway.core.registry.RevocationEventId;
import io.edgeprov.gateway.core.registry.RevokeDevice;
import io.edgeprov.contracts.device.RevocationReason;
import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import io.edgeprov.pki.CaHierarchy;
import io.edgeprov.pki.CertificateAuthority;
import io.edgeprov.pki.CsrVerifier;
import io.edgeprov.pki.DeviceCertificateProfile;
import io.edgeprov.pki.FleetNaming;
import io.edgeprov.pki.GeneratedCa;
import io.edgeprov.pki.KeyAlgorithm;
import io.edgeprov.pki.keys.SoftwareCaKeyStore;
import io.edgeprov.pki.tpm.EvidenceVerifier;
import io.edgeprov.pki.tpm.TpmPublic;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.security.KeyPair;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * A gateway's enrollment use cases over in-memory stores, or over any other stores a test hands in
 * ({@link #over}: the registry module's tests pass SQLite ones), with a fresh CA and a movable clock.
 */
public final class GatewayFixture implements AutoCloseable {

    public static final FleetNaming NAMING = new FleetNaming("Acme Devices", "fleet.acme.test");
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    /** The stores a fixture runs over, and what to close when it is done with them. */
    public record Stores(EnrollmentStore enrollments, DeviceStore devices, ChallengeStore challenges,
            CertificateStore certificates, AuditLog audit, RegistryCommands commands, AutoCloseable closer) {

        /** A fresh in-memory registry. */
        public static Stores inMemory() {
            InMemoryRegistry registry = new InMemoryRegistry();
            return new Stores(registry.enrollments(), registry.devices(), registry.challenges(), registry.certificates(),
                    registry.auditLog(), registry, () -> { });
        }
    }

    public final MutableClock clock;
    public final RecordingMetrics metrics = new RecordingMetrics();
    public final EnrollmentStore enrollments;
    public final DeviceStore devices;
    public final ChallengeStore challenges;
    public final CertificateStore certificates;
    public final AuditLog audit;
    public final RegistryCommands commands;
    public final EnrollmentService service;
    /** Genuine TPMs no enrollment admitted (the admin plane's pending queue). */
    public final io.edgeprov.gateway.core.fleet.InMemoryPendingDevices pending;
    public final X509Certificate fleetRoot;
    /** The gateway CA's PKCS#8 key, only so a leak check can search for it. */
    public final byte[] caPrivateKey;
    private final Map<String, List<X509Certificate>> bundles = new HashMap<>();
    private final AutoCloseable closer;

    private GatewayFixture(MutableClock clock, Stores stores, EnrollmentPolicy policy, int perMinute,
            UnaryOperator<RegistryCommands> commandsDecorator, EnrollmentMetrics reported, Provider signatures)
            throws Exception {
        this.clock = clock;
        closer = stores.closer();
        audit = stores.audit();
        enrollments = stores.enrollments();
        devices = stores.devices();
        challenges = stores.challenges();
        certificates = stores.certificates();
        commands = commandsDecorator.apply(stores.commands());
        pending = new io.edgeprov.gateway.core.fleet.InMemoryPendingDevices(audit);
        SecureRandom random = new SecureRandom();
        CaHierarchy hierarchy = new CaHierarchy(NAMING, BC, random, clock);
        GeneratedCa root = hierarchy.createFleetRoot(KeyAlgorithm.EC_P256, Duration.ofDays(3650));
        fleetRoot = root.certificate();
        SoftwareCaKeyStore rootStore = new SoftwareCaKeyStore(root.keyPair().getPrivate(), List.of(fleetRoot), BC);
        KeyPair gatewayKey = hierarchy.generateGatewayKey(KeyAlgorithm.EC_P256);
        caPrivateKey = gatewayKey.getPrivate().getEncoded();
        X509Certificate gatewayCa = hierarchy.signGatewayCa(rootStore, "gw1", gatewayKey.getPublic(),
                Duration.ofDays(365));
        CertificateAuthority authority = CertificateAuthority.builder()
                .keyStore(new SoftwareCaKeyStore(gatewayKey.getPrivate(), List.of(gatewayCa, fleetRoot), BC))
                .profile(DeviceCertificateProfile.defaults(NAMING, URI.create("http://gw1.fleet.acme.test/crl")))
                .clock(clock).random(random).build();
        service = EnrollmentService.builder()
                .enrollments(enrollments).devices(devices).challenges(challenges).certificates(certificates).commands(commands)
                .auditLog(audit).certificateAuthority(authority)
                .csrVerifier(new CsrVerifier(DeviceCertificateProfile.DEFAULT_KEYS, BC, signatures))
                .evidenceVerifier(new EvidenceVerifier(signatures))
                .manufacturerRoots(new ManufacturerRoots() {
                    @Override
                    public Optional<List<X509Certificate>> roots(String bundle) {
                        return Optional.ofNullable(bundles.get(bundle));
                    }

                    @Override
                    public List<String> bundleIds() {
                        return bundles.keySet().stream().sorted().toList();
                    }
                })
                .pendingDevices(pending)
                .clock(clock).random(random).metrics(both(metrics, reported)).policy(policy)
                .rateLimiter(new RateLimiter(perMinute, 1000, clock))
                .build();
    }

    public static GatewayFixture inMemory() throws Exception {
        return new GatewayFixture(new MutableClock(), Stores.inMemory(), EnrollmentPolicy.defaults(), 1000,
                UnaryOperator.identity(), EnrollmentMetrics.none(), BC);
    }

    /** In memory, reporting to {@code metrics} as well (a full gateway's metrics, for a leak check). */
    public static GatewayFixture inMemory(EnrollmentMetrics metrics) throws Exception {
        return new GatewayFixture(new MutableClock(), Stores.inMemory(), EnrollmentPolicy.defaults(), 1000,
                UnaryOperator.identity(), metrics, BC);
    }

    /** In memory, with the registry commands wrapped, e.g. to hold their writes back. */
    public static GatewayFixture inMemoryWith(UnaryOperator<RegistryCommands> commandsDecorator) throws Exception {
        return new GatewayFixture(new MutableClock(), Stores.inMemory(), EnrollmentPolicy.defaults(), 1000,
                commandsDecorator, EnrollmentMetrics.none(), BC);
    }

    public static GatewayFixture inMemory(EnrollmentPolicy policy, int perMinute) throws Exception {
        return new GatewayFixture(new MutableClock(), Stores.inMemory(), policy, perMinute, UnaryOperator.identity(),
                EnrollmentMetrics.none(), BC);
    }

    /** In memory, verifying ECDSA signatures (the AK's, the CSR's) with {@code signatures}, e.g. to count them. */
    public static GatewayFixture inMemoryVerifyingWith(Provider signatures) throws Exception {
        return new GatewayFixture(new MutableClock(), Stores.inMemory(), EnrollmentPolicy.defaults(), 1000,
                UnaryOperator.identity(), EnrollmentMetrics.none(), signatures);
    }

    /** Over stores the caller opened with {@code clock} (SQLite ones in the registry module); closes them on close. */
    public static GatewayFixture over(MutableClock clock, Stores stores) throws Exception {
        return new GatewayFixture(clock, stores, EnrollmentPolicy.defaults(), 1000, UnaryOperator.identity(),
                EnrollmentMetrics.none(), BC);
    }

    private static EnrollmentMetrics both(EnrollmentMetrics first, EnrollmentMetrics second) {
        return new EnrollmentMetrics() {
            @Override
            public void enrollmentSucceeded(Duration latency) {
                first.enrollmentSucceeded(latency);
                second.enrollmentSucceeded(latency);
            }

            @Override
            public void renewalSucceeded(Duration latency, Duration certificateAge) {
                first.renewalSucceeded(latency, certificateAge);
                second.renewalSucceeded(latency, certificateAge);
            }

            @Override
            public void refused(String step, EnrollmentRefusal cause) {
                first.refused(step, cause);
                second.refused(step, cause);
            }
        };
    }

    // ----- given -----

    public void givenIndividualEnrollment(TestDevice device) throws Exception {
        Sha256Digest ek = Sha256Digest.of(TpmPublic.unmarshalTpm2b(device.ekPublic()).marshalTpm2b());
        enrollments.add(new Enrollment("ind-" + device.id(), new EnrollmentRule.Individual(device.id(), ek), true,
                "technician", Instant.now()), event("enrollment.add", device.id())).join();
    }

    public void givenGroupEnrollment(String enrollmentId, String bundleId, String serialPattern) {
        enrollments.add(new Enrollment(enrollmentId, new EnrollmentRule.Group(bundleId, serialPattern), true,
                "technician", Instant.now()), event("enrollment.add", enrollmentId)).join();
    }

    public void givenTrustedBundle(String bundleId, X509Certificate root) {
        bundles.put(bundleId, List.of(root));
    }

    public void givenDisabled(String enrollmentId) {
        enrollments.setEnabled(enrollmentId, false, event("enrollment.disable", enrollmentId)).join();
    }

    /** The device revoked by an operator, as the revocation use case does it. */
    public DeviceRevocation givenRevoked(String deviceId) {
        return commands.revoke(new RevokeDevice(RevocationEventId.random(new SecureRandom()), deviceId,
                RevocationReason.KEY_COMPROMISE, clock.instant(), "operator:test", Optional.empty())).join();
    }

    // ----- when -----

    public EnrollmentOutcome<Challenge> begin(TestDevice device) {
        return service.begin(device.id(), device.begin()).join();
    }

    /** A begin the test composed itself (e.g. with EK intermediates), for the device's id. */
    public EnrollmentOutcome<Challenge> begin(TestDevice device, AttestationBegin request) {
        return service.begin(device.id(), request).join();
    }

    public Challenge challengeFor(TestDevice device) {
        return accepted(begin(device));
    }

    /** Begin, activate, certify, CSR, finish: the whole attested enrollment. */
    public CredentialBundle enroll(TestDevice device) throws Exception {
        Challenge challenge = challengeFor(device);
        return accepted(service.finish(device.id(), device.finish(challenge)).join());
    }

    public static <T> T accepted(EnrollmentOutcome<T> outcome) {
        assertThat(outcome).as("outcome").isInstanceOf(EnrollmentOutcome.Accepted.class);
        return ((EnrollmentOutcome.Accepted<T>) outcome).reply();
    }

    public static ClientIdentity.Device identityOf(String deviceId, CredentialBundle bundle) throws Exception {
        return new ClientIdentity.Device(deviceId, x509(bundle.certificate()).getSerialNumber().toString(16));
    }

    public static X509Certificate x509(byte[] der) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
    }

    // ----- then -----

    public List<AuditEntry> auditEntries() {
        return audit.entriesFrom(1, 10_000);
    }

    public AuditEntry lastAudit() {
        return audit.head().orElseThrow();
    }

    private static AuditEvent event(String action, String target) {
        return AuditEvent.of(Instant.now(), "technician", action, target, AuditOutcome.SUCCESS, "OK");
    }

    @Override
    public void close() throws Exception {
        closer.close();
    }
}
