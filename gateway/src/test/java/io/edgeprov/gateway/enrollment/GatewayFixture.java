package io.edgeprov.gateway.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.contracts.device.Challenge;
import io.edgeprov.contracts.device.CredentialBundle;
import io.edgeprov.gateway.audit.AuditEntry;
import io.edgeprov.gateway.audit.AuditEvent;
import io.edgeprov.gateway.audit.AuditLog;
import io.edgeprov.gateway.audit.AuditOutcome;
import io.edgeprov.gateway.audit.InMemoryAuditLog;
import io.edgeprov.gateway.identity.ClientIdentity;
import io.edgeprov.gateway.identity.MutableClock;
import io.edgeprov.gateway.observability.GatewayMetrics;
import io.edgeprov.gateway.policy.RateLimiter;
import io.edgeprov.gateway.registry.CertificateStore;
import io.edgeprov.gateway.registry.ChallengeStore;
import io.edgeprov.gateway.registry.DeviceStore;
import io.edgeprov.gateway.registry.Enrollment;
import io.edgeprov.gateway.registry.EnrollmentRule;
import io.edgeprov.gateway.registry.EnrollmentStore;
import io.edgeprov.gateway.registry.InMemoryCertificateStore;
import io.edgeprov.gateway.registry.InMemoryChallengeStore;
import io.edgeprov.gateway.registry.InMemoryDeviceStore;
import io.edgeprov.gateway.registry.InMemoryEnrollmentStore;
import io.edgeprov.gateway.registry.value.Sha256Digest;
import io.edgeprov.gateway.registry.sqlite.Durability;
import io.edgeprov.gateway.registry.sqlite.SqliteRegistry;
import io.edgeprov.gateway.registry.sqlite.SqliteRegistryConfig;
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
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** A gateway's enrollment use cases over in-memory or SQLite stores, with a fresh CA and a movable clock. */
final class GatewayFixture implements AutoCloseable {

    static final FleetNaming NAMING = new FleetNaming("Acme Devices", "fleet.acme.test");
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    final MutableClock clock = new MutableClock();
    final GatewayMetrics metrics = new GatewayMetrics();
    final EnrollmentStore enrollments;
    final DeviceStore devices;
    final ChallengeStore challenges;
    final CertificateStore certificates;
    final AuditLog audit;
    final EnrollmentService service;
    final X509Certificate fleetRoot;
    /** The gateway CA's PKCS#8 key, only so a leak check can search for it. */
    final byte[] caPrivateKey;
    private final Map<String, List<X509Certificate>> bundles = new HashMap<>();
    private final Optional<SqliteRegistry> registry;
    private final Optional<ExecutorService> completions;

    private GatewayFixture(Optional<Path> folder, EnrollmentPolicy policy, int perMinute,
            UnaryOperator<CertificateStore> certificateDecorator) throws Exception {
        if (folder.isPresent()) {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            SqliteRegistry opened = SqliteRegistry.open(new SqliteRegistryConfig(folder.get().resolve("registry.db"),
                    Durability.NORMAL, 500, 2, Duration.ofSeconds(5)), clock, pool);
            completions = Optional.of(pool);
            registry = Optional.of(opened);
            enrollments = opened.enrollments();
            devices = opened.devices();
            challenges = opened.challenges();
            certificates = certificateDecorator.apply(opened.certificates());
            audit = opened.auditLog();
        } else {
            completions = Optional.empty();
            registry = Optional.empty();
            audit = new InMemoryAuditLog();
            enrollments = new InMemoryEnrollmentStore(audit);
            devices = new InMemoryDeviceStore();
            challenges = new InMemoryChallengeStore(devices);
            certificates = certificateDecorator.apply(new InMemoryCertificateStore(devices, audit));
        }
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
                .enrollments(enrollments).devices(devices).challenges(challenges).certificates(certificates)
                .auditLog(audit).certificateAuthority(authority)
                .csrVerifier(new CsrVerifier(DeviceCertificateProfile.DEFAULT_KEYS, BC))
                .evidenceVerifier(new EvidenceVerifier(BC))
                .manufacturerRoots(bundle -> Optional.ofNullable(bundles.get(bundle)))
                .clock(clock).random(random).metrics(metrics).policy(policy)
                .rateLimiter(new RateLimiter(perMinute, 1000, clock))
                .build();
    }

    static GatewayFixture inMemory() throws Exception {
        return new GatewayFixture(Optional.empty(), EnrollmentPolicy.defaults(), 1000, UnaryOperator.identity());
    }

    /** In memory, with the certificate store wrapped, e.g. to hold its writes back. */
    static GatewayFixture inMemoryWith(UnaryOperator<CertificateStore> certificateDecorator) throws Exception {
        return new GatewayFixture(Optional.empty(), EnrollmentPolicy.defaults(), 1000, certificateDecorator);
    }

    static GatewayFixture inMemory(EnrollmentPolicy policy, int perMinute) throws Exception {
        return new GatewayFixture(Optional.empty(), policy, perMinute, UnaryOperator.identity());
    }

    static GatewayFixture sqlite(Path folder) throws Exception {
        return new GatewayFixture(Optional.of(folder), EnrollmentPolicy.defaults(), 1000, UnaryOperator.identity());
    }

    // ----- given -----

    void givenIndividualEnrollment(TestDevice device) throws Exception {
        Sha256Digest ek = Sha256Digest.of(TpmPublic.unmarshalTpm2b(device.ekPublic()).marshalTpm2b());
        enrollments.add(new Enrollment("ind-" + device.id(), new EnrollmentRule.Individual(device.id(), ek), true,
                "technician", Instant.now()), event("enrollment.add", device.id())).join();
    }

    void givenGroupEnrollment(String enrollmentId, String bundleId, String serialPattern) {
        enrollments.add(new Enrollment(enrollmentId, new EnrollmentRule.Group(bundleId, serialPattern), true,
                "technician", Instant.now()), event("enrollment.add", enrollmentId)).join();
    }

    void givenTrustedBundle(String bundleId, X509Certificate root) {
        bundles.put(bundleId, List.of(root));
    }

    void givenDisabled(String enrollmentId) {
        enrollments.setEnabled(enrollmentId, false, event("enrollment.disable", enrollmentId)).join();
    }

    // ----- when -----

    EnrollmentOutcome<Challenge> begin(TestDevice device) {
        return service.begin(device.id(), device.begin()).join();
    }

    Challenge challengeFor(TestDevice device) {
        return accepted(begin(device));
    }

    /** Begin, activate, certify, CSR, finish: the whole attested enrollment. */
    CredentialBundle enroll(TestDevice device) throws Exception {
        Challenge challenge = challengeFor(device);
        return accepted(service.finish(device.id(), device.finish(challenge)).join());
    }

    static <T> T accepted(EnrollmentOutcome<T> outcome) {
        assertThat(outcome).as("outcome").isInstanceOf(EnrollmentOutcome.Accepted.class);
        return ((EnrollmentOutcome.Accepted<T>) outcome).reply();
    }

    static ClientIdentity.Device identityOf(String deviceId, CredentialBundle bundle) throws Exception {
        return new ClientIdentity.Device(deviceId, x509(bundle.certificate()).getSerialNumber().toString(16));
    }

    static X509Certificate x509(byte[] der) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
    }

    // ----- then -----

    List<AuditEntry> auditEntries() {
        return audit.entriesFrom(1, 10_000);
    }

    AuditEntry lastAudit() {
        return audit.head().orElseThrow();
    }

    private static AuditEvent event(String action, String target) {
        return AuditEvent.of(Instant.now(), "technician", action, target, AuditOutcome.SUCCESS, "OK");
    }

    @Override
    public void close() throws Exception {
        registry.ifPresent(SqliteRegistry::close);
        if (completions.isPresent()) {
            completions.get().shutdown();
            completions.get().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
