package io.edgeprov.gateway.core.enrollment;

import io.edgeprov.gateway.core.registry.DeviceRevocation;
import io.edgeprov.gateway.core.registry.InboundOutcome;
import io.edgeprov.gateway.core.registry.InboundRevocation;
import io.edgeprov.gateway.core.registry.IssueCertificate;
import io.edgeprov.gateway.core.registry.OutboundEvent;
import io.edgeprov.gateway.core.registry.RegistryCommands;
import io.edgeprov.gateway.core.registry.RevokeDevice;

import static io.edgeprov.gateway.core.enrollment.GatewayFixture.accepted;
import static io.edgeprov.gateway.core.enrollment.GatewayFixture.identityOf;
import static io.edgeprov.gateway.core.enrollment.GatewayFixture.x509;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.contracts.device.AttestationFinish;
import io.edgeprov.contracts.device.Challenge;
import io.edgeprov.contracts.device.CredentialBundle;
import io.edgeprov.gateway.core.audit.AuditEvent;
import io.edgeprov.gateway.core.registry.CertificateStore;
import io.edgeprov.gateway.core.registry.DeviceRecord;
import io.edgeprov.gateway.core.registry.DeviceState;
import io.edgeprov.gateway.core.registry.CertificateRecord;
import io.edgeprov.gateway.core.registry.Revocation;
import io.edgeprov.sim.tpm.SimulatedManufacturerCa;
import io.edgeprov.sim.tpm.SoftwareTpm.EndorsementKeyType;
import java.security.SecureRandom;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EnrollmentServiceTest {

    private GatewayFixture gateway;

    @AfterEach
    void close() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void a_device_with_an_ecc_ek_enrolls_and_gets_a_certificate_that_validates_to_the_fleet_root() throws Exception {
        gateway = GatewayFixture.inMemory();
        TestDevice device = TestDevice.ecc("sensor-ecc-1");
        gateway.givenIndividualEnrollment(device);

        CredentialBundle bundle = gateway.enroll(device);

        thenValidatesAndNames(bundle, "sensor-ecc-1");
    }

    @Test
    void a_device_with_an_rsa_ek_enrolls_and_gets_a_certificate_that_validates_to_the_fleet_root() throws Exception {
        gateway = GatewayFixture.inMemory();
        TestDevice device = TestDevice.rsa("sensor-rsa-1");
        gateway.givenIndividualEnrollment(device);

        CredentialBundle bundle = gateway.enroll(device);

        thenValidatesAndNames(bundle, "sensor-rsa-1");
    }

    @Test
    void the_certificate_is_for_the_tpm_device_key_and_renew_after_precedes_not_after() throws Exception {
        gateway = GatewayFixture.inMemory();
        TestDevice device = TestDevice.ecc("sensor-2");
        gateway.givenIndividualEnrollment(device);

        CredentialBundle bundle = gateway.enroll(device);

        assertThat(x509(bundle.certificate()).getPublicKey().getEncoded()).isEqualTo(device.currentKey().getEncoded());
        assertThat(bundle.renewAfter()).isBefore(bundle.notAfter());
    }

    @Test
    void a_finished_enrollment_leaves_the_device_active_with_its_attested_keys_and_no_renewals() throws Exception {
        gateway = GatewayFixture.inMemory();
        TestDevice device = TestDevice.ecc("sensor-3");
        gateway.givenIndividualEnrollment(device);

        gateway.enroll(device);

        DeviceRecord record = gateway.devices.find("sensor-3").orElseThrow();
        assertThat(record.state()).isEqualTo(DeviceState.ACTIVE);
        assertThat(record.renewalCount()).isZero();
        assertThat(record.lastAttestation()).isPresent();
        assertThat(record.attestedKeys()).isPresent();
    }

    @Test
    void a_group_device_whose_ek_certificate_chains_to_the_bundle_enrolls() throws Exception {
        gateway = GatewayFixture.inMemory();
        SimulatedManufacturerCa vendor = SimulatedManufacturerCa.create("Vendor Root", Clock.systemUTC(),
                new SecureRandom());
        gateway.givenTrustedBundle("vendor", vendor.certificate());
        gateway.givenGroupEnrollment("lot-7", "vendor", "lot7-[0-9]{3}");
        TestDevice device = TestDevice.certified("lot7-042", vendor, EndorsementKeyType.ECC_P256);

        CredentialBundle bundle = gateway.enroll(device);

        thenValidatesAndNames(bundle, "lot7-042");
    }

    @Test
    void the_device_renews_with_a_csr_for_the_same_tpm_key() throws Exception {
        gateway = GatewayFixture.inMemory();
        TestDevice device = TestDevice.ecc("sensor-4");
        gateway.givenIndividualEnrollment(device);
        CredentialBundle first = gateway.enroll(device);

        CredentialBundle renewed = accepted(gateway.service.renew(identityOf("sensor-4", first),
                device.renewSameKey()).join());

        thenValidatesAndNames(renewed, "sensor-4");
        assertThat(x509(renewed.certificate()).getSerialNumber()).isNotEqualTo(x509(first.certificate()).getSerialNumber());
        assertThat(x509(renewed.certificate()).getPublicKey()).isEqualTo(x509(first.certificate()).getPublicKey());
        assertThat(gateway.devices.find("sensor-4").orElseThrow().renewalCount()).isEqualTo(1);
    }

    @Test
    void the_device_renews_with_a_new_tpm_key_certified_by_its_attested_ak() throws Exception {
        gateway = GatewayFixture.inMemory();
        TestDevice device = TestDevice.ecc("sensor-5");
        gateway.givenIndividualEnrollment(device);
        CredentialBundle first = gateway.enroll(device);

        CredentialBundle renewed = accepted(gateway.service.renew(identityOf("sensor-5", first),
                device.renewNewKey()).join());

        thenValidatesAndNames(renewed, "sensor-5");
        assertThat(x509(renewed.certificate()).getPublicKey().getEncoded()).isEqualTo(device.currentKey().getEncoded())
                .isNotEqualTo(x509(first.certificate()).getPublicKey().getEncoded());
    }

    @Test
    void a_device_whose_certificate_expired_while_offline_enrolls_again() throws Exception {
        gateway = GatewayFixture.inMemory();
        TestDevice device = TestDevice.ecc("sensor-6");
        gateway.givenIndividualEnrollment(device);
        gateway.enroll(device);
        gateway.clock.advance(Duration.ofDays(3));

        CredentialBundle again = gateway.enroll(device);

        thenValidatesAndNames(again, "sensor-6");
    }

    @Test
    void the_certificate_is_on_record_before_the_reply_future_completes() throws Exception {
        CompletableFuture<Void> gate = new CompletableFuture<>();
        gateway = GatewayFixture.inMemoryWith(commands -> held(commands, gate));
        TestDevice device = TestDevice.ecc("sensor-7");
        gateway.givenIndividualEnrollment(device);
        Challenge challenge = gateway.challengeFor(device);
        AttestationFinish finish = device.finish(challenge);

        CompletableFuture<EnrollmentOutcome<CredentialBundle>> reply = gateway.service.finish("sensor-7", finish);

        assertThat(reply).isNotDone();
        gate.complete(null);
        CredentialBundle bundle = accepted(reply.join());
        assertThat(gateway.certificates.findBySerial(x509(bundle.certificate()).getSerialNumber().toString(16)))
                .isPresent();
    }

    /** Registry commands whose issue completes only once {@code gate} does. */
    private static RegistryCommands held(RegistryCommands inner, CompletableFuture<Void> gate) {
        return new RegistryCommands() {
            @Override
            public CompletableFuture<CertificateRecord> issue(IssueCertificate command) {
                return gate.thenCompose(open -> inner.issue(command));
            }

            @Override
            public CompletableFuture<DeviceRevocation> revoke(RevokeDevice command) {
                return inner.revoke(command);
            }

            @Override
            public CompletableFuture<InboundOutcome> recordInbound(InboundRevocation command) {
                return inner.recordInbound(command);
            }

            @Override
            public CompletableFuture<OutboundEvent> enqueue(OutboundEvent event) {
                return inner.enqueue(event);
            }

            @Override
            public CompletableFuture<java.util.List<DeviceRevocation>> revokeAll(java.util.List<RevokeDevice> commands) {
                return inner.revokeAll(commands);
            }

            @Override
            public CompletableFuture<Integer> markDelivered(java.util.List<io.edgeprov.gateway.core.registry.RevocationEventId> ids,
                    java.time.Instant at) {
                return inner.markDelivered(ids, at);
            }

            @Override
            public CompletableFuture<Integer> assignLot(io.edgeprov.gateway.core.registry.AssignLot command) {
                return inner.assignLot(command);
            }

            @Override
            public CompletableFuture<java.util.List<CertificateRecord>> releaseHold(
                    io.edgeprov.gateway.core.registry.ReleaseHold command) {
                return inner.releaseHold(command);
            }
        };
    }

    private void thenValidatesAndNames(CredentialBundle bundle, String deviceId) throws Exception {
        X509Certificate leaf = x509(bundle.certificate());
        List<X509Certificate> path = List.of(leaf, x509(bundle.chain().get(0)));
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(gateway.fleetRoot, null)));
        parameters.setRevocationEnabled(false);
        parameters.setDate(java.util.Date.from(gateway.clock.instant()));
        CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(path),
                parameters);
        Collection<List<?>> names = leaf.getSubjectAlternativeNames();
        assertThat(names).anySatisfy(name -> assertThat(String.valueOf(name.get(1))).endsWith("/" + deviceId));
        assertThat(gateway.certificates.findBySerial(leaf.getSerialNumber().toString(16)))
                .get().extracting(CertificateRecord::deviceId).isEqualTo(deviceId);
    }
}
