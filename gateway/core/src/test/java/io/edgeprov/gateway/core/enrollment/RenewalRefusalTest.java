package io.edgeprov.gateway.core.enrollment;

import static io.edgeprov.gateway.core.enrollment.GatewayFixture.identityOf;
import static io.edgeprov.gateway.core.enrollment.Outcomes.thenAuditedRefusal;
import static io.edgeprov.gateway.core.enrollment.Outcomes.thenCounted;
import static io.edgeprov.gateway.core.enrollment.Outcomes.thenRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.contracts.device.CredentialBundle;
import io.edgeprov.contracts.device.WireErrorCode;
import io.edgeprov.gateway.core.audit.AuditEvent;
import io.edgeprov.gateway.core.audit.AuditOutcome;
import io.edgeprov.gateway.core.identity.ClientIdentity;
import io.edgeprov.gateway.core.registry.Revocation;
import io.edgeprov.contracts.device.RevocationReason;
import io.edgeprov.pki.DeviceCertificateProfile;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RenewalRefusalTest {

    private GatewayFixture gateway;
    private TestDevice device;
    private ClientIdentity.Device identity;

    @AfterEach
    void close() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void a_revoked_devices_certificate_cannot_renew_and_gets_the_terminal_code() throws Exception {
        givenEnrolledDevice(GatewayFixture.inMemory());
        gateway.givenRevoked("sensor-1");

        EnrollmentOutcome<CredentialBundle> outcome = gateway.service.renew(identity, device.renewSameKey()).join();

        thenRefused(outcome, EnrollmentRefusal.DEVICE_REVOKED, WireErrorCode.DEVICE_REVOKED);
        thenAuditedRefusal(gateway, "sensor-1", "certificate.renew", EnrollmentRefusal.DEVICE_REVOKED);
        thenCounted(gateway, "renew", EnrollmentRefusal.DEVICE_REVOKED);
    }

    @Test
    void a_revoked_devices_certificate_is_audited_in_full_on_every_renewal_it_attempts() throws Exception {
        givenEnrolledDevice(GatewayFixture.inMemory());
        gateway.givenRevoked("sensor-1");
        long before = gateway.lastAudit().sequence();

        for (int i = 0; i < 20; i++) {
            gateway.service.renew(identity, device.renewSameKey()).join();
        }

        assertThat(gateway.audit.entriesFrom(before + 1, 100)).hasSize(20).allSatisfy(entry -> {
            assertThat(entry.event().action()).isEqualTo("certificate.renew");
            assertThat(entry.event().target()).isEqualTo(identity.serialHex());
            assertThat(entry.event().reasonCode()).isEqualTo("DEVICE_REVOKED");
        });
        assertThat(gateway.metrics.refusals("renew", EnrollmentRefusal.DEVICE_REVOKED)).isEqualTo(20);
    }

    @Test
    void an_expired_certificate_cannot_renew() throws Exception {
        givenEnrolledDevice(GatewayFixture.inMemory());
        gateway.clock.advance(DeviceCertificateProfile.DEFAULT_LIFETIME.plusMinutes(1));

        EnrollmentOutcome<CredentialBundle> outcome = gateway.service.renew(identity, device.renewSameKey()).join();

        thenRefused(outcome, EnrollmentRefusal.CERTIFICATE_EXPIRED, WireErrorCode.CERTIFICATE_EXPIRED);
        thenAuditedRefusal(gateway, "sensor-1", "certificate.renew", EnrollmentRefusal.CERTIFICATE_EXPIRED);
    }

    @Test
    void a_certificate_of_one_device_cannot_renew_another() throws Exception {
        givenEnrolledDevice(GatewayFixture.inMemory());
        ClientIdentity.Device impostor = new ClientIdentity.Device("sensor-2", identity.serialHex());

        EnrollmentOutcome<CredentialBundle> outcome = gateway.service.renew(impostor, device.renewSameKey()).join();

        thenRefused(outcome, EnrollmentRefusal.DEVICE_MISMATCH, WireErrorCode.DEVICE_MISMATCH);
        thenAuditedRefusal(gateway, "sensor-2", "certificate.renew", EnrollmentRefusal.DEVICE_MISMATCH);
        assertThat(gateway.certificates.findByDevice("sensor-2")).isEmpty();
    }

    @Test
    void a_certificate_not_on_record_cannot_renew() throws Exception {
        givenEnrolledDevice(GatewayFixture.inMemory());

        EnrollmentOutcome<CredentialBundle> outcome = gateway.service.renew(
                new ClientIdentity.Device("sensor-1", "abcdef0123"), device.renewSameKey()).join();

        thenRefused(outcome, EnrollmentRefusal.CERTIFICATE_UNKNOWN, WireErrorCode.NOT_AUTHORIZED);
    }

    @Test
    void re_attestation_is_required_after_the_policy_number_of_renewals() throws Exception {
        givenEnrolledDevice(GatewayFixture.inMemory(new EnrollmentPolicy(Duration.ofMinutes(2), Duration.ofHours(24), 2,
                Duration.ofDays(30)), 1000));
        renewOnce();
        renewOnce();

        EnrollmentOutcome<CredentialBundle> third = gateway.service.renew(identity, device.renewSameKey()).join();

        thenRefused(third, EnrollmentRefusal.REATTESTATION_REQUIRED, WireErrorCode.REATTESTATION_REQUIRED);
        thenAuditedRefusal(gateway, "sensor-1", "certificate.renew", EnrollmentRefusal.REATTESTATION_REQUIRED);
        thenCounted(gateway, "renew", EnrollmentRefusal.REATTESTATION_REQUIRED);
    }

    @Test
    void a_full_attestation_resets_the_renewal_allowance() throws Exception {
        givenEnrolledDevice(GatewayFixture.inMemory(new EnrollmentPolicy(Duration.ofMinutes(2), Duration.ofHours(24), 1,
                Duration.ofDays(30)), 1000));
        renewOnce();
        identity = identityOf("sensor-1", gateway.enroll(device));

        assertThat(gateway.service.renew(identity, device.renewSameKey()).join())
                .isInstanceOf(EnrollmentOutcome.Accepted.class);
    }

    @Test
    void re_attestation_is_required_once_the_last_attestation_is_older_than_the_policy_age() throws Exception {
        givenEnrolledDevice(GatewayFixture.inMemory(new EnrollmentPolicy(Duration.ofMinutes(2), Duration.ofHours(24), 30,
                Duration.ofHours(1)), 1000));
        gateway.clock.advance(Duration.ofHours(2));

        EnrollmentOutcome<CredentialBundle> outcome = gateway.service.renew(identity, device.renewSameKey()).join();

        thenRefused(outcome, EnrollmentRefusal.REATTESTATION_REQUIRED, WireErrorCode.REATTESTATION_REQUIRED);
    }

    @Test
    void a_renewal_csr_for_a_software_key_is_refused() throws Exception {
        givenEnrolledDevice(GatewayFixture.inMemory());

        EnrollmentOutcome<CredentialBundle> outcome = gateway.service.renew(identity, device.renewWithSoftwareKey())
                .join();

        thenRefused(outcome, EnrollmentRefusal.CSR_KEY_MISMATCH, WireErrorCode.CSR_KEY_MISMATCH);
        thenAuditedRefusal(gateway, "sensor-1", "certificate.renew", EnrollmentRefusal.CSR_KEY_MISMATCH);
    }

    @Test
    void renewals_beyond_the_per_device_rate_are_refused() throws Exception {
        givenEnrolledDevice(GatewayFixture.inMemory(EnrollmentPolicy.defaults(), 2));
        // The begin of the enrollment took one token; one renewal takes the other.
        renewOnce();

        EnrollmentOutcome<CredentialBundle> outcome = gateway.service.renew(identity, device.renewSameKey()).join();

        thenRefused(outcome, EnrollmentRefusal.RATE_LIMITED, WireErrorCode.RATE_LIMITED);
        thenCounted(gateway, "renew", EnrollmentRefusal.RATE_LIMITED);
    }

    private void givenEnrolledDevice(GatewayFixture fixture) throws Exception {
        gateway = fixture;
        device = TestDevice.ecc("sensor-1");
        gateway.givenIndividualEnrollment(device);
        identity = identityOf("sensor-1", gateway.enroll(device));
    }

    private void renewOnce() throws Exception {
        EnrollmentOutcome<CredentialBundle> outcome = gateway.service.renew(identity, device.renewSameKey()).join();
        identity = identityOf("sensor-1", GatewayFixture.accepted(outcome));
    }
}
