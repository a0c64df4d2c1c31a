package io.edgeprov.gateway.core.revocation;

import io.edgeprov.gateway.core.operator.Operator;
import io.edgeprov.gateway.core.operator.OperatorRole;
import io.edgeprov.gateway.core.operator.Principal;

import io.edgeprov.gateway.core.registry.AttestedKeys;
import io.edgeprov.gateway.core.registry.CertificateStore;
import io.edgeprov.gateway.core.registry.DeviceChange;
import io.edgeprov.gateway.core.registry.DeviceStore;
import io.edgeprov.gateway.core.registry.InMemoryRegistry;
import io.edgeprov.gateway.core.registry.IssueCertificate;
import io.edgeprov.gateway.core.registry.value.Sha256Digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeprov.gateway.core.audit.AuditEvent;
import io.edgeprov.gateway.core.audit.AuditOutcome;
import io.edgeprov.pki.CaHierarchy;
import io.edgeprov.pki.FleetNaming;
import io.edgeprov.pki.GeneratedCa;
import io.edgeprov.pki.KeyAlgorithm;
import io.edgeprov.pki.keys.SoftwareCaKeyStore;
import java.security.SecureRandom;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import io.edgeprov.gateway.core.registry.DeviceRecord;
import io.edgeprov.gateway.core.registry.DeviceState;
import io.edgeprov.gateway.core.registry.CertificateRecord;
import io.edgeprov.contracts.device.RevocationReason;
import io.edgeprov.pki.crl.CrlBuilder;
import io.edgeprov.pki.crl.SignedCrl;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RevocationServiceTest {
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path folder;

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final InMemoryRegistry registry = new InMemoryRegistry();
    private final DeviceStore devices = registry.devices();
    private final CertificateStore certificates = registry.certificates();
    private final List<String> heard = new ArrayList<>();
    private SoftwareCaKeyStore gatewayCa;
    private RevocationService service;

    @BeforeEach
    void given_a_service_over_in_memory_stores() throws Exception {
        gatewayCa = givenGatewayCa();
        RevocationListener listener = new RevocationListener() {
            @Override
            public void crlPublished(SignedCrl crl) {
                heard.add("crl " + crl.number());
            }

            @Override
            public void deviceRevoked(String deviceId, List<CertificateRecord> revoked, RevocationReason reason) {
                heard.add("revoked " + deviceId + " " + revoked.size() + " " + reason);
            }
        };
        service = serviceListeningWith(listener);
    }

    @Test
    void revoking_a_device_revokes_only_its_current_certificates() {
        givenCertificate("a1", "dev-1", NOW.plus(Duration.ofHours(5)));
        givenCertificate("a2", "dev-1", NOW.minus(Duration.ofHours(1)));
        givenCertificate("b1", "dev-2", NOW.plus(Duration.ofHours(5)));

        RevocationOutcome outcome = service.revokeDevice(new Principal.LocalAdministrator("alice"), "dev-1", RevocationReason.KEY_COMPROMISE);

        assertThat(outcome.serials()).containsExactly("a1");
        assertThat(certificates.findBySerial("a1").orElseThrow().isRevoked()).isTrue();
        assertThat(certificates.findBySerial("b1").orElseThrow().isRevoked()).isFalse();
    }

    @Test
    void revoking_marks_the_device_revoked() {
        givenCertificate("a1", "dev-1", NOW.plus(Duration.ofHours(5)));

        service.revokeDevice(new Principal.LocalAdministrator("alice"), "dev-1", RevocationReason.KEY_COMPROMISE);

        assertThat(devices.find("dev-1").orElseThrow().state()).isEqualTo(DeviceState.REVOKED);
    }

    @Test
    void the_crl_written_after_a_revocation_lists_the_serial() throws Exception {
        givenCertificate("a1", "dev-1", NOW.plus(Duration.ofHours(5)));

        service.revokeDevice(new Principal.LocalAdministrator("alice"), "dev-1", RevocationReason.KEY_COMPROMISE);

        X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509")
                .generateCRL(new ByteArrayInputStream(java.nio.file.Files.readAllBytes(folder.resolve("crl.der"))));
        crl.verify(gatewayCa.publicKey());
        assertThat(crl.getRevokedCertificate(new BigInteger("a1", 16))).isNotNull();
    }

    @Test
    void the_listener_hears_of_the_crl_before_the_device_is_cut_off() {
        givenCertificate("a1", "dev-1", NOW.plus(Duration.ofHours(5)));

        service.revokeDevice(new Principal.LocalAdministrator("alice"), "dev-1", RevocationReason.KEY_COMPROMISE);

        assertThat(heard).containsExactly("crl 1", "revoked dev-1 1 KEY_COMPROMISE");
    }

    @Test
    void a_revocation_written_by_another_process_is_announced_once_with_a_new_crl() throws Exception {
        givenCertificate("a1", "dev-1", NOW.plus(Duration.ofHours(5)));
        givenCertificate("b1", "dev-2", NOW.plus(Duration.ofHours(5)));
        RevocationService cli = RevocationService.builder().certificates(certificates).commands(registry).auditLog(registry.auditLog())
                .crlBuilder(new CrlBuilder(gatewayCa, clock)).crlNumbers(new CrlNumberFile(folder.resolve("crl-number")))
                .crlFiles(new CrlFiles(folder)).clock(clock).build();
        cli.revokeDevice(new Principal.LocalAdministrator("cli"), "dev-1", RevocationReason.KEY_COMPROMISE);

        int first = service.announceRevocationsMadeElsewhere();
        int second = service.announceRevocationsMadeElsewhere();

        assertThat(first).isEqualTo(1);
        assertThat(second).isZero();
        assertThat(heard).containsExactly("crl 2", "revoked dev-1 1 KEY_COMPROMISE");
    }

    @Test
    void a_revocation_this_service_made_is_not_announced_again() {
        givenCertificate("a1", "dev-1", NOW.plus(Duration.ofHours(5)));
        service.revokeDevice(new Principal.LocalAdministrator("alice"), "dev-1", RevocationReason.SUPERSEDED);
        heard.clear();

        assertThat(service.announceRevocationsMadeElsewhere()).isZero();
        assertThat(heard).isEmpty();
    }

    @Test
    void a_device_without_a_current_certificate_is_refused_with_its_cause() {
        givenCertificate("a2", "dev-1", NOW.minus(Duration.ofHours(1)));

        assertThatThrownBy(() -> service.revokeDevice(new Principal.LocalAdministrator("alice"), "dev-1", RevocationReason.KEY_COMPROMISE))
                .isInstanceOfSatisfying(RevocationException.class,
                        e -> assertThat(e.failure()).isEqualTo(RevocationFailure.NO_CURRENT_CERTIFICATE));
        assertThat(heard).isEmpty();
    }

    @Test
    void a_principal_without_the_revoke_permission_is_refused_and_the_refusal_is_audited() {
        givenCertificate("a1", "dev-1", NOW.plus(Duration.ofHours(5)));
        Principal technician = new Principal.RegisteredOperator(new Operator("tina", OperatorRole.TECHNICIAN,
                Sha256Digest.of(new byte[] {9}), true, "local:root", NOW));

        assertThatThrownBy(() -> service.revokeDevice(technician, "dev-1", RevocationReason.KEY_COMPROMISE))
                .isInstanceOfSatisfying(RevocationException.class,
                        e -> assertThat(e.failure()).isEqualTo(RevocationFailure.NOT_PERMITTED));
        assertThat(certificates.findBySerial("a1").orElseThrow().isRevoked()).isFalse();
        assertThat(registry.auditLog().head().orElseThrow().event()).satisfies(event -> {
            assertThat(event.actor()).isEqualTo("operator:tina");
            assertThat(event.outcome()).isEqualTo(AuditOutcome.DENIED);
        });
        assertThat(heard).isEmpty();
    }

    @Test
    void an_operator_with_the_revoke_permission_revokes_under_their_own_name() {
        givenCertificate("a1", "dev-1", NOW.plus(Duration.ofHours(5)));
        Principal olga = new Principal.RegisteredOperator(new Operator("olga", OperatorRole.OPERATOR,
                Sha256Digest.of(new byte[] {8}), true, "local:root", NOW));

        RevocationOutcome outcome = service.revokeDevice(olga, "dev-1", RevocationReason.KEY_COMPROMISE,
                java.util.Optional.of("returned by the customer, casing opened"));

        assertThat(registry.find(outcome.eventId()).orElseThrow().actor()).isEqualTo("operator:olga");
        assertThat(registry.find(outcome.eventId()).orElseThrow().note()).contains("returned by the customer, casing opened");
    }

    @Test
    void each_rebuild_has_a_higher_crl_number() {
        SignedCrl first = service.rebuildCrl();
        SignedCrl second = service.rebuildCrl();

        assertThat(second.number()).isGreaterThan(first.number());
    }

    @Test
    void after_a_full_rebuild_a_revocation_adds_its_entries_without_reading_every_revoked_certificate_again() throws Exception {
        givenCertificate("a01", "dev-old", NOW.plus(Duration.ofHours(2)));
        givenCertificate("a02", "dev-new", NOW.plus(Duration.ofHours(2)));
        givenCertificate("a03", "dev-cli", NOW.plus(Duration.ofHours(2)));
        service.revokeDevice(new Principal.LocalAdministrator("t"), "dev-old", RevocationReason.KEY_COMPROMISE);
        java.util.concurrent.atomic.AtomicInteger fullReads = new java.util.concurrent.atomic.AtomicInteger();
        CertificateStore counting = new CertificateStore() {
            public Optional<CertificateRecord> findBySerial(String serialHex) {
                return certificates.findBySerial(serialHex);
            }

            public List<CertificateRecord> findByDevice(String deviceId) {
                return certificates.findByDevice(deviceId);
            }

            public List<CertificateRecord> findRevokedUnexpired(Instant at) {
                fullReads.incrementAndGet();
                return certificates.findRevokedUnexpired(at);
            }

            public List<CertificateRecord> findRevokedSince(Instant since) {
                return certificates.findRevokedSince(since);
            }

            public io.edgeprov.gateway.core.registry.ActiveCertificates active(Instant at) {
                return certificates.active(at);
            }
        };
        RevocationService fresh = RevocationService.builder().certificates(counting).commands(registry).auditLog(registry.auditLog())
                .crlBuilder(new CrlBuilder(gatewayCa, clock)).crlNumbers(new CrlNumberFile(folder.resolve("crl-number")))
                .crlFiles(new CrlFiles(folder)).clock(clock).build();
        fresh.rebuildCrl();
        registry.revoke(new io.edgeprov.gateway.core.registry.RevokeDevice(
                io.edgeprov.gateway.core.registry.RevocationEventId.random(new java.security.SecureRandom()), "dev-cli",
                RevocationReason.SUPERSEDED, NOW, "local:cli", Optional.empty())).join();

        fresh.revokeDevice(new Principal.LocalAdministrator("t"), "dev-new", RevocationReason.CESSATION_OF_OPERATION);
        fresh.announceRevocationsMadeElsewhere();

        assertThat(fullReads).as("only the first, full rebuild reads the revoked certificates").hasValue(1);
        java.security.cert.X509CRL crl = (java.security.cert.X509CRL) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCRL(new java.io.ByteArrayInputStream(fresh.latestCrl().orElseThrow().der()));
        assertThat(crl.getRevokedCertificates()).extracting(e -> e.getSerialNumber().toString(16))
                .containsExactlyInAnyOrder("a01", "a02", "a03");
    }

    /** A gateway CA made fresh for the test (real time: only the CRL clock is fixed). */
    private static SoftwareCaKeyStore givenGatewayCa() throws Exception {
        BouncyCastleProvider bc = new BouncyCastleProvider();
        CaHierarchy hierarchy = new CaHierarchy(new FleetNaming("Acme", "fleet.acme.test"), bc, new SecureRandom(), Clock.systemUTC());
        GeneratedCa root = hierarchy.createFleetRoot(KeyAlgorithm.EC_P256, Duration.ofDays(3650));
        java.security.KeyPair key = hierarchy.generateGatewayKey(KeyAlgorithm.EC_P256);
        SoftwareCaKeyStore rootStore = new SoftwareCaKeyStore(root.keyPair().getPrivate(), List.of(root.certificate()), bc);
        return new SoftwareCaKeyStore(key.getPrivate(),
                List.of(hierarchy.signGatewayCa(rootStore, "gw1", key.getPublic(), Duration.ofDays(365)), root.certificate()), bc);
    }

    private RevocationService serviceListeningWith(RevocationListener listener) throws Exception {
        return RevocationService.builder().certificates(certificates).commands(registry).auditLog(registry.auditLog())
                .crlBuilder(new CrlBuilder(gatewayCa, clock)).crlNumbers(new CrlNumberFile(folder.resolve("crl-number")))
                .crlFiles(new CrlFiles(folder)).listener(listener).clock(clock).crlValidity(Duration.ofHours(24)).build();
    }

    private void givenCertificate(String serialHex, String deviceId, Instant notAfter) {
        Instant issued = notAfter.minus(Duration.ofHours(24)).truncatedTo(ChronoUnit.MILLIS);
        registry.issue(new IssueCertificate(new CertificateRecord(serialHex, deviceId, issued, notAfter, new byte[] {1}, issued,
                Optional.empty()), new DeviceChange.Attested(issued, new AttestedKeys(Sha256Digest.of(new byte[] {1}),
                new byte[] {0, 2, 0, 1})), AuditEvent.of(issued, "gateway", "certificate.issue", deviceId,
                AuditOutcome.SUCCESS, "OK"))).join();
    }
}
