package io.edgeprov.gateway.core.enrollment;

import static io.edgeprov.gateway.core.enrollment.Outcomes.thenAuditedRefusal;
import static io.edgeprov.gateway.core.enrollment.Outcomes.thenCounted;
import static io.edgeprov.gateway.core.enrollment.Outcomes.thenRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.contracts.device.AttestationFinish;
import io.edgeprov.contracts.device.Challenge;
import io.edgeprov.contracts.device.ChallengeId;
import io.edgeprov.contracts.device.CredentialBundle;
import io.edgeprov.contracts.device.WireErrorCode;
import io.edgeprov.gateway.core.enrollment.TestDevice.Finish;
import io.edgeprov.sim.tpm.SimulatedManufacturerCa;
import io.edgeprov.sim.tpm.SoftwareTpm.EndorsementKeyType;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AttestationRefusalTest {

    private GatewayFixture gateway;

    @AfterEach
    void close() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void an_ek_that_no_enrollment_allows_is_refused_as_not_enrolled() throws Exception {
        gateway = GatewayFixture.inMemory();
        TestDevice stranger = TestDevice.ecc("stranger-1");

        EnrollmentOutcome<Challenge> outcome = gateway.begin(stranger);

        thenRefused(outcome, EnrollmentRefusal.NOT_ENROLLED, WireErrorCode.NOT_ENROLLED);
        thenAuditedRefusal(gateway, "stranger-1", "attestation.begin", EnrollmentRefusal.NOT_ENROLLED);
        thenCounted(gateway, "begin", EnrollmentRefusal.NOT_ENROLLED);
    }

    @Test
    void an_ek_enrolled_for_another_serial_is_refused_as_ek_mismatch() throws Exception {
        gateway = GatewayFixture.inMemory();
        TestDevice device = TestDevice.ecc("sensor-1");
        gateway.givenIndividualEnrollment(device);

        EnrollmentOutcome<Challenge> outcome = gateway.service.begin("sensor-2", device.begin()).join();

        thenRefused(outcome, EnrollmentRefusal.EK_MISMATCH, WireErrorCode.EK_MISMATCH);
        thenAuditedRefusal(gateway, "sensor-2", "attestation.begin", EnrollmentRefusal.EK_MISMATCH);
    }

    @Test
    void a_disabled_individual_enrollment_is_refused() throws Exception {
        gateway = GatewayFixture.inMemory();
        TestDevice device = TestDevice.ecc("sensor-1");
        gateway.givenIndividualEnrollment(device);
        gateway.givenDisabled("ind-sensor-1");

        EnrollmentOutcome<Challenge> outcome = gateway.begin(device);

        thenRefused(outcome, EnrollmentRefusal.ENROLLMENT_DISABLED, WireErrorCode.ENROLLMENT_DISABLED);
        thenAuditedRefusal(gateway, "sensor-1", "attestation.begin", EnrollmentRefusal.ENROLLMENT_DISABLED);
        thenCounted(gateway, "begin", EnrollmentRefusal.ENROLLMENT_DISABLED);
    }

    @Test
    void a_group_device_whose_ek_certificate_comes_from_a_foreign_manufacturer_is_refused() throws Exception {
        gateway = GatewayFixture.inMemory();
        SimulatedManufacturerCa trusted = SimulatedManufacturerCa.create("Trusted", Clock.systemUTC(), new SecureRandom());
        SimulatedManufacturerCa foreign = SimulatedManufacturerCa.create("Foreign", Clock.systemUTC(), new SecureRandom());
        gateway.givenTrustedBundle("vendor", trusted.certificate());
        gateway.givenGroupEnrollment("lot-7", "vendor", "lot7-[0-9]{3}");
        TestDevice device = TestDevice.certified("lot7-001", foreign, EndorsementKeyType.ECC_P256);

        EnrollmentOutcome<Challenge> outcome = gateway.begin(device);

        thenRefused(outcome, EnrollmentRefusal.EK_CERTIFICATE_UNTRUSTED, WireErrorCode.EK_CERTIFICATE_INVALID);
        thenAuditedRefusal(gateway, "lot7-001", "attestation.begin", EnrollmentRefusal.EK_CERTIFICATE_UNTRUSTED);
        thenCounted(gateway, "begin", EnrollmentRefusal.EK_CERTIFICATE_UNTRUSTED);
    }

    @Test
    void a_group_device_whose_serial_does_not_match_the_pattern_is_refused() throws Exception {
        gateway = GatewayFixture.inMemory();
        SimulatedManufacturerCa vendor = SimulatedManufacturerCa.create("Vendor", Clock.systemUTC(), new SecureRandom());
        gateway.givenTrustedBundle("vendor", vendor.certificate());
        gateway.givenGroupEnrollment("lot-7", "vendor", "lot7-[0-9]{3}");
        TestDevice device = TestDevice.certified("lot8-001", vendor, EndorsementKeyType.ECC_P256);

        EnrollmentOutcome<Challenge> outcome = gateway.begin(device);

        thenRefused(outcome, EnrollmentRefusal.SERIAL_PATTERN_MISMATCH, WireErrorCode.NOT_ENROLLED);
        thenAuditedRefusal(gateway, "lot8-001", "attestation.begin", EnrollmentRefusal.SERIAL_PATTERN_MISMATCH);
    }

    @Test
    void an_ak_without_restricted_and_fixed_tpm_is_refused() throws Exception {
        gateway = GatewayFixture.inMemory();
        TestDevice device = TestDevice.ecc("sensor-1");
        gateway.givenIndividualEnrollment(device);

        EnrollmentOutcome<Challenge> outcome = gateway.service.begin("sensor-1", device.beginWithSoftwareAk()).join();

        thenRefused(outcome, EnrollmentRefusal.AK_ATTRIBUTES_INVALID, WireErrorCode.AK_ATTRIBUTES_INVALID);
        thenAuditedRefusal(gateway, "sensor-1", "attestation.begin", EnrollmentRefusal.AK_ATTRIBUTES_INVALID);
        thenCounted(gateway, "begin", EnrollmentRefusal.AK_ATTRIBUTES_INVALID);
    }

    @Test
    void a_challenge_presented_twice_is_refused_as_replayed() throws Exception {
        gateway = GatewayFixture.inMemory();
        TestDevice device = TestDevice.ecc("sensor-1");
        gateway.givenIndividualEnrollment(device);
        AttestationFinish finish = device.finish(gateway.challengeFor(device));
        gateway.service.finish("sensor-1", finish).join();

        EnrollmentOutcome<CredentialBundle> again = gateway.service.finish("sensor-1", finish).join();

        thenRefused(again, EnrollmentRefusal.CHALLENGE_REPLAYED, WireErrorCode.CHALLENGE_REPLAYED);
        thenAuditedRefusal(gateway, "sensor-1", "attestation.finish", EnrollmentRefusal.CHALLENGE_REPLAYED);
        thenCounted(gateway, "finish", EnrollmentRefusal.CHALLENGE_REPLAYED);
    }

    @Test
    void a_challenge_answered_after_its_expiry_is_refused_as_expired() throws Exception {
        gateway = GatewayFixture.inMemory();
        TestDevice device = TestDevice.ecc("sensor-1");
        gateway.givenIndividualEnrollment(device);
        Challenge challenge = gateway.challengeFor(device);
        gateway.clock.advance(gateway.service.policy().challengeTtl().plusSeconds(1));

        EnrollmentOutcome<CredentialBundle> outcome = gateway.service.finish("sensor-1", device.finish(challenge)).join();

        thenRefused(outcome, EnrollmentRefusal.CHALLENGE_EXPIRED, WireErrorCode.CHALLENGE_EXPIRED);
        thenAuditedRefusal(gateway, "sensor-1", "attestation.finish", EnrollmentRefusal.CHALLENGE_EXPIRED);
    }

    @Test
    void an_unknown_challenge_id_is_refused_as_unknown() throws Exception {
        gateway = GatewayFixture.inMemory();
        TestDevice device = TestDevice.ecc("sensor-1");
        gateway.givenIndividualEnrollment(device);
        AttestationFinish real = device.finish(gateway.challengeFor(device));
        AttestationFinish forged = new AttestationFinish(real.clientToken(), new ChallengeId("never-issued"),
                real.secretProof(), real.certifyInfo(), real.certifySignature(), real.deviceKeyPublic(), real.csr());

        EnrollmentOutcome<CredentialBundle> outcome = gateway.service.finish("sensor-1", forged).join();

        thenRefused(outcome, EnrollmentRefusal.CHALLENGE_UNKNOWN, WireErrorCode.CHALLENGE_UNKNOWN);
    }

    @Test
    void another_devices_challenge_is_refused_and_stays_usable_by_its_owner() throws Exception {
        gateway = GatewayFixture.inMemory();
        TestDevice owner = TestDevice.ecc("sensor-1");
        gateway.givenIndividualEnrollment(owner);
        AttestationFinish finish = owner.finish(gateway.challengeFor(owner));

        EnrollmentOutcome<CredentialBundle> stolen = gateway.service.finish("sensor-9", finish).join();

        thenRefused(stolen, EnrollmentRefusal.CHALLENGE_UNKNOWN, WireErrorCode.CHALLENGE_UNKNOWN);
        thenAuditedRefusal(gateway, "sensor-9", "attestation.finish", EnrollmentRefusal.CHALLENGE_UNKNOWN);
        assertThat(gateway.service.finish("sensor-1", finish).join()).isInstanceOf(EnrollmentOutcome.Accepted.class);
    }

    @Test
    void a_wrong_secret_proof_is_refused() throws Exception {
        gateway = GatewayFixture.inMemory();
        TestDevice device = TestDevice.ecc("sensor-1");
        gateway.givenIndividualEnrollment(device);

        EnrollmentOutcome<CredentialBundle> outcome = gateway.service.finish("sensor-1",
                device.finish(gateway.challengeFor(device), Finish.WRONG_PROOF)).join();

        thenRefused(outcome, EnrollmentRefusal.SECRET_PROOF_INVALID, WireErrorCode.SECRET_PROOF_INVALID);
        thenAuditedRefusal(gateway, "sensor-1", "attestation.finish", EnrollmentRefusal.SECRET_PROOF_INVALID);
        thenCounted(gateway, "finish", EnrollmentRefusal.SECRET_PROOF_INVALID);
    }

    @Test
    void a_csr_for_a_key_the_tpm_did_not_certify_is_refused() throws Exception {
        gateway = GatewayFixture.inMemory();
        TestDevice device = TestDevice.ecc("sensor-1");
        gateway.givenIndividualEnrollment(device);

        EnrollmentOutcome<CredentialBundle> outcome = gateway.service.finish("sensor-1",
                device.finish(gateway.challengeFor(device), Finish.SOFTWARE_CSR)).join();

        thenRefused(outcome, EnrollmentRefusal.CSR_KEY_MISMATCH, WireErrorCode.CSR_KEY_MISMATCH);
        thenAuditedRefusal(gateway, "sensor-1", "attestation.finish", EnrollmentRefusal.CSR_KEY_MISMATCH);
    }

    @Test
    void a_software_key_imported_into_the_tpm_is_refused() throws Exception {
        gateway = GatewayFixture.inMemory();
        TestDevice device = TestDevice.ecc("sensor-1");
        gateway.givenIndividualEnrollment(device);

        EnrollmentOutcome<CredentialBundle> outcome = gateway.service.finish("sensor-1",
                device.finish(gateway.challengeFor(device), Finish.IMPORTED_KEY)).join();

        thenRefused(outcome, EnrollmentRefusal.DEVICE_KEY_ATTRIBUTES_INVALID,
                WireErrorCode.DEVICE_KEY_ATTRIBUTES_INVALID);
        thenAuditedRefusal(gateway, "sensor-1", "attestation.finish", EnrollmentRefusal.DEVICE_KEY_ATTRIBUTES_INVALID);
        assertThat(gateway.certificates.findByDevice("sensor-1")).isEmpty();
    }

    @Test
    void begins_beyond_the_per_device_rate_are_refused() throws Exception {
        gateway = GatewayFixture.inMemory(EnrollmentPolicy.defaults(), 2);
        TestDevice device = TestDevice.ecc("sensor-1");
        gateway.givenIndividualEnrollment(device);
        gateway.challengeFor(device);
        gateway.challengeFor(device);

        EnrollmentOutcome<Challenge> third = gateway.begin(device);

        thenRefused(third, EnrollmentRefusal.RATE_LIMITED, WireErrorCode.RATE_LIMITED);
        thenAuditedRefusal(gateway, "sensor-1", "attestation.begin", EnrollmentRefusal.RATE_LIMITED);
        thenCounted(gateway, "begin", EnrollmentRefusal.RATE_LIMITED);
    }

    @Test
    void the_rate_limit_lets_the_device_in_again_after_a_minute() throws Exception {
        gateway = GatewayFixture.inMemory(EnrollmentPolicy.defaults(), 1);
        TestDevice device = TestDevice.ecc("sensor-1");
        gateway.givenIndividualEnrollment(device);
        gateway.challengeFor(device);
        gateway.clock.advance(Duration.ofMinutes(1));

        assertThat(gateway.begin(device)).isInstanceOf(EnrollmentOutcome.Accepted.class);
    }
}
