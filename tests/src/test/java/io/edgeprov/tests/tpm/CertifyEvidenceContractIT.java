package io.edgeprov.tests.tpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeprov.pki.tpm.AttestationException;
import io.edgeprov.pki.tpm.AttestationFailure;
import io.edgeprov.pki.tpm.EvidenceVerifier;
import io.edgeprov.pki.tpm.TpmName;
import io.edgeprov.pki.tpm.TpmPublic;
import io.edgeprov.pki.tpm.VerifiedDeviceKey;
import io.edgeprov.sim.tpm.CertifyResult;
import io.edgeprov.sim.tpm.DeviceTpm;
import io.edgeprov.sim.tpm.TpmKeyHandle;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * TPM2_Certify output, with the gateway's challenge as qualifying data, against pki.tpm's
 * evidence checks: the same contract for the software TPM and a real TPM (swtpm).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CertifyEvidenceContractIT {
    private final SecureRandom random = new SecureRandom();
    private final EvidenceVerifier verifier = new EvidenceVerifier();
    private TpmBackends backends;
    /** One genuine certify per back end for the read-only refusals: tampering copies, never mutates, it. */
    private final Map<NamedTpm, Device> genuine = new HashMap<>();

    @BeforeAll
    void start_backends(@TempDir Path dir) throws Exception {
        backends = TpmBackends.start(dir, Clock.systemUTC());
    }

    @AfterAll
    void stop_backends() {
        if (backends != null) {
            backends.close();
        }
    }

    List<NamedTpm> backends() {
        return backends.all();
    }

    Stream<Arguments> backendsAndTampers() {
        return backends.all().stream().flatMap(b -> Arrays.stream(Tamper.values()).map(t -> Arguments.of(b, t)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void attestation_key_passes_the_ak_checks(NamedTpm backend) throws Exception {
        TpmPublic ak = verifier.checkAttestationKey(backend.tpm().attestationKeyPublic());

        assertThat(ak.objectAttributes().restricted()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void endorsement_key_passes_the_ek_checks(NamedTpm backend) throws Exception {
        TpmPublic ek = verifier.checkEndorsementKey(backend.tpm().endorsementKeyPublic());

        assertThat(ek.objectAttributes().decrypt()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void certify_of_a_tpm_key_with_our_challenge_passes_the_evidence_checks(NamedTpm backend) throws Exception {
        Device device = given_a_certified_device_key(backend.tpm());

        VerifiedDeviceKey verified = device.verify();

        assertThat(verified.name()).isEqualTo(TpmName.of(TpmPublic.unmarshalTpm2b(device.keyPublic)));
    }

    @ParameterizedTest(name = "{0} / {1}")
    @MethodSource("backendsAndTampers")
    void flipped_byte_in_the_evidence_is_refused_with_its_cause(NamedTpm backend, Tamper tamper) throws Exception {
        Device device = given_a_shared_certified_device_key(backend);

        Device tampered = tamper.inAttestation()
                ? device.withAttestation(tamper.apply(device.attestation))
                : device.withSignature(tamper.apply(device.signature));

        then_refused(tampered::verify, tamper.expected());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void certify_for_another_challenge_is_refused_as_extra_data_mismatch(NamedTpm backend) throws Exception {
        Device device = given_a_shared_certified_device_key(backend);

        then_refused(() -> device.withExpectedChallenge(given_a_challenge()).verify(),
                AttestationFailure.EXTRA_DATA_MISMATCH);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void presenting_another_tpm_key_than_the_certified_one_is_refused(NamedTpm backend) throws Exception {
        Device device = given_a_certified_device_key(backend.tpm());
        TpmKeyHandle other = backend.tpm().createDeviceKey();

        Device swapped = device.withKey(backend.tpm().publicArea(other), TpmCsr.signedInTpm(backend.tpm(), other));

        then_refused(swapped::verify, AttestationFailure.CERTIFIED_NAME_MISMATCH);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void key_made_outside_the_tpm_and_imported_is_refused_for_its_attributes(NamedTpm backend) throws Exception {
        TpmKeyHandle imported = backend.tpm().importExternalKey(given_a_software_key());

        Device device = given_a_certified(backend.tpm(), imported);

        then_refused(device::verify, AttestationFailure.DEVICE_KEY_NOT_FIXED_TPM);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void csr_for_a_different_key_is_refused_as_key_mismatch(NamedTpm backend) throws Exception {
        Device device = given_a_shared_certified_device_key(backend);
        KeyPair other = given_a_software_key();

        Device withForeignCsr = device.withCsr(TpmCsr.signedInSoftware(other.getPublic(), other.getPrivate()));

        then_refused(withForeignCsr::verify, AttestationFailure.CSR_KEY_MISMATCH);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void csr_naming_the_tpm_key_but_signed_by_another_key_is_refused(NamedTpm backend) throws Exception {
        Device device = given_a_shared_certified_device_key(backend);
        KeyPair other = given_a_software_key();

        Device forged = device.withCsr(TpmCsr.signedInSoftware(
                TpmPublic.unmarshalTpm2b(device.keyPublic).toPublicKey(), other.getPrivate()));

        then_refused(forged::verify, AttestationFailure.CSR_SIGNATURE_INVALID);
    }

    private static void then_refused(ThrowingCallable verification, AttestationFailure cause) {
        assertThatThrownBy(verification)
                .isInstanceOfSatisfying(AttestationException.class, e -> assertThat(e.failure()).isEqualTo(cause));
    }

    private Device given_a_shared_certified_device_key(NamedTpm backend) throws Exception {
        Device device = genuine.get(backend);
        if (device == null) {
            device = given_a_certified_device_key(backend.tpm());
            genuine.put(backend, device);
        }
        return device;
    }

    private Device given_a_certified_device_key(DeviceTpm tpm) throws Exception {
        return given_a_certified(tpm, tpm.createDeviceKey());
    }

    private Device given_a_certified(DeviceTpm tpm, TpmKeyHandle key) throws Exception {
        byte[] challenge = given_a_challenge();
        CertifyResult evidence = tpm.certify(key, challenge);
        return new Device(TpmPublic.unmarshalTpm2b(tpm.attestationKeyPublic()), challenge, evidence.attestation(),
                evidence.signature(), tpm.publicArea(key), TpmCsr.signedInTpm(tpm, key));
    }

    private byte[] given_a_challenge() {
        byte[] challenge = new byte[32];
        random.nextBytes(challenge);
        return challenge;
    }

    private static KeyPair given_a_software_key() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    /** What a device sends at Finish, and the challenge the gateway expects, ready to tamper with. */
    private final class Device {
        private final TpmPublic ak;
        private final byte[] challenge;
        private final byte[] attestation;
        private final byte[] signature;
        private final byte[] keyPublic;
        private final byte[] csr;

        Device(TpmPublic ak, byte[] challenge, byte[] attestation, byte[] signature, byte[] keyPublic, byte[] csr) {
            this.ak = ak;
            this.challenge = challenge;
            this.attestation = attestation;
            this.signature = signature;
            this.keyPublic = keyPublic;
            this.csr = csr;
        }

        VerifiedDeviceKey verify() throws AttestationException {
            return verifier.verifyCertify(ak, challenge,
                    new io.edgeprov.pki.tpm.CertifyEvidence(attestation, signature, keyPublic, csr));
        }

        Device withAttestation(byte[] replaced) {
            return new Device(ak, challenge, replaced, signature, keyPublic, csr);
        }

        Device withSignature(byte[] replaced) {
            return new Device(ak, challenge, attestation, replaced, keyPublic, csr);
        }

        Device withExpectedChallenge(byte[] replaced) {
            return new Device(ak, replaced, attestation, signature, keyPublic, csr);
        }

        Device withKey(byte[] replacedKey, byte[] replacedCsr) {
            return new Device(ak, challenge, attestation, signature, replacedKey, replacedCsr);
        }

        Device withCsr(byte[] replaced) {
            return new Device(ak, challenge, attestation, signature, keyPublic, replaced);
        }
    }
}
