package io.edgeprov.pki.tpm;

import static io.edgeprov.pki.tpm.ObjectAttributes.Bit.DECRYPT;
import static io.edgeprov.pki.tpm.ObjectAttributes.Bit.FIXED_PARENT;
import static io.edgeprov.pki.tpm.ObjectAttributes.Bit.FIXED_TPM;
import static io.edgeprov.pki.tpm.ObjectAttributes.Bit.RESTRICTED;
import static io.edgeprov.pki.tpm.ObjectAttributes.Bit.SENSITIVE_DATA_ORIGIN;
import static io.edgeprov.pki.tpm.ObjectAttributes.Bit.SIGN_ENCRYPT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EvidenceVerifierTest {
    private static final EvidenceVerifier verifier = new EvidenceVerifier();

    private VerifiedDeviceKey verify(GivenEvidence given) throws Exception {
        return verifier.verifyCertify(given.ak(), GivenEvidence.QUALIFYING_DATA, given.evidence());
    }

    private VerifiedDeviceKey verify(GivenEvidence given, CertifyEvidence evidence) throws Exception {
        return verifier.verifyCertify(given.ak(), GivenEvidence.QUALIFYING_DATA, evidence);
    }

    private static void thenRefusedWith(AttestationFailure failure, ThrowingCall call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(AttestationException.class, e -> assertThat(e.failure()).isEqualTo(failure));
    }

    @FunctionalInterface
    interface ThrowingCall {
        void run() throws Exception;
    }

    private static byte[] flipLast(byte[] b) {
        byte[] c = b.clone();
        c[c.length - 1] ^= 0x01;
        return c;
    }

    @Test
    void genuine_ecc_ak_evidence_yields_the_certified_device_key() throws Exception {
        GivenEvidence given = GivenEvidence.eccAk();
        VerifiedDeviceKey key = verify(given);
        assertThat(key.name()).isEqualTo(given.deviceKey().name());
        assertThat(key.publicKey().getEncoded()).isEqualTo(TestKeys.P256_DEVICE.getPublic().getEncoded());
    }

    @Test
    void genuine_rsassa_ak_evidence_is_accepted() throws Exception {
        GivenEvidence given = GivenEvidence.rsaAk(TpmAlgorithm.RSASSA);
        assertThat(verify(given).name()).isEqualTo(given.deviceKey().name());
    }

    @Test
    void genuine_rsapss_ak_evidence_is_accepted() throws Exception {
        GivenEvidence given = GivenEvidence.rsaAk(TpmAlgorithm.RSAPSS);
        assertThat(verify(given).name()).isEqualTo(given.deviceKey().name());
    }

    @Test
    void evidence_for_a_csr_checked_elsewhere_yields_the_certified_key_without_verifying_the_csr_again() throws Exception {
        GivenEvidence given = GivenEvidence.eccAk().csrSignedBy(TestKeys.P256_OTHER);
        VerifiedDeviceKey key = verifier.verifyCertify(given.ak(), GivenEvidence.QUALIFYING_DATA, given.evidence(),
                TestKeys.P256_DEVICE.getPublic());
        assertThat(key.publicKey().getEncoded()).isEqualTo(TestKeys.P256_DEVICE.getPublic().getEncoded());
    }

    @Test
    void a_checked_csr_key_that_is_not_the_certified_key_is_refused() {
        GivenEvidence given = GivenEvidence.eccAk();
        thenRefusedWith(AttestationFailure.CSR_KEY_MISMATCH, () -> verifier.verifyCertify(given.ak(),
                GivenEvidence.QUALIFYING_DATA, given.evidence(), TestKeys.P256_OTHER.getPublic()));
    }

    @Test
    void the_certify_checks_still_run_for_a_csr_checked_elsewhere() {
        GivenEvidence given = GivenEvidence.eccAk();
        thenRefusedWith(AttestationFailure.EXTRA_DATA_MISMATCH, () -> verifier.verifyCertify(given.ak(),
                flipLast(GivenEvidence.QUALIFYING_DATA), given.evidence(), TestKeys.P256_DEVICE.getPublic()));
    }

    static Stream<Arguments> akAttributeRefusals() {
        ObjectAttributes ok = AttestationFixtures.akAttributes();
        return Stream.of(
                Arguments.of(ok.without(FIXED_TPM), AttestationFailure.AK_NOT_FIXED_TPM),
                Arguments.of(ok.without(FIXED_PARENT), AttestationFailure.AK_NOT_FIXED_PARENT),
                Arguments.of(ok.without(SENSITIVE_DATA_ORIGIN), AttestationFailure.AK_NOT_SENSITIVE_DATA_ORIGIN),
                Arguments.of(ok.without(RESTRICTED), AttestationFailure.AK_NOT_RESTRICTED),
                Arguments.of(ok.without(SIGN_ENCRYPT), AttestationFailure.AK_NOT_SIGNING),
                Arguments.of(ok.with(DECRYPT), AttestationFailure.AK_CAN_DECRYPT));
    }

    @ParameterizedTest
    @MethodSource("akAttributeRefusals")
    void ak_without_a_required_attribute_is_refused_with_its_own_cause(ObjectAttributes attributes, AttestationFailure failure) {
        TpmPublic ak = GivenEvidence.eccAk().akAttributes(attributes).ak();
        thenRefusedWith(failure, () -> verifier.checkAttestationKey(ak.marshalTpm2b()));
    }

    @Test
    void evidence_signed_by_an_unrestricted_ak_is_refused() {
        GivenEvidence given = GivenEvidence.eccAk().akAttributes(AttestationFixtures.akAttributes().without(RESTRICTED));
        thenRefusedWith(AttestationFailure.AK_NOT_RESTRICTED, () -> verify(given));
    }

    @Test
    void ak_public_area_that_does_not_parse_is_refused() {
        thenRefusedWith(AttestationFailure.AK_MALFORMED, () -> verifier.checkAttestationKey(new byte[] {0, 2, 0, 1}));
    }

    @Test
    void ek_that_is_a_signing_key_is_refused() {
        TpmPublic notEk = GivenEvidence.eccAk().ak();
        thenRefusedWith(AttestationFailure.EK_NOT_STORAGE_KEY, () -> verifier.checkEndorsementKey(notEk.marshalTpm2b()));
    }

    @Test
    void ek_template_without_a_real_key_is_refused() {
        thenRefusedWith(AttestationFailure.EK_MALFORMED, () -> verifier.checkEndorsementKey(TpmPublic.ekTemplateEccP256().marshalTpm2b()));
    }

    @Test
    void signature_over_other_bytes_is_refused() throws Exception {
        GivenEvidence given = GivenEvidence.eccAk();
        CertifyEvidence e = given.evidence();
        CertifyEvidence tampered = new CertifyEvidence(e.attest(), given.signature(flipLast(e.attest())), e.deviceKeyPublic(), e.csrDer());
        thenRefusedWith(AttestationFailure.SIGNATURE_INVALID, () -> verify(given, tampered));
    }

    @Test
    void rsa_signature_from_an_ecc_ak_is_refused() throws Exception {
        GivenEvidence given = GivenEvidence.eccAk();
        CertifyEvidence e = given.evidence();
        byte[] rsaSig = GivenEvidence.sign(TestKeys.RSA_AK.getPrivate(), TpmAlgorithm.RSASSA, e.attest()).marshal();
        thenRefusedWith(AttestationFailure.SIGNATURE_SCHEME_MISMATCH,
                () -> verify(given, new CertifyEvidence(e.attest(), rsaSig, e.deviceKeyPublic(), e.csrDer())));
    }

    @Test
    void pss_signature_from_an_ak_fixed_to_rsassa_is_refused() throws Exception {
        GivenEvidence given = GivenEvidence.rsaAk(TpmAlgorithm.RSASSA);
        CertifyEvidence e = given.evidence();
        byte[] pss = GivenEvidence.sign(TestKeys.RSA_AK.getPrivate(), TpmAlgorithm.RSAPSS, e.attest()).marshal();
        thenRefusedWith(AttestationFailure.SIGNATURE_SCHEME_MISMATCH,
                () -> verify(given, new CertifyEvidence(e.attest(), pss, e.deviceKeyPublic(), e.csrDer())));
    }

    @Test
    void signature_that_does_not_parse_is_refused() throws Exception {
        GivenEvidence given = GivenEvidence.eccAk();
        CertifyEvidence e = given.evidence();
        thenRefusedWith(AttestationFailure.SIGNATURE_MALFORMED,
                () -> verify(given, new CertifyEvidence(e.attest(), new byte[] {0, 0x18, 0, 0x0b}, e.deviceKeyPublic(), e.csrDer())));
    }

    @Test
    void signed_bytes_without_tpm_generated_magic_are_refused() {
        GivenEvidence given = GivenEvidence.eccAk().signedAttestEditedBy(b -> {
            b[0] = 0x00;
            return b;
        });
        thenRefusedWith(AttestationFailure.ATTEST_NOT_TPM_GENERATED, () -> verify(given));
    }

    @Test
    void signed_quote_instead_of_certify_is_refused() throws Exception {
        GivenEvidence given = GivenEvidence.eccAk();
        byte[] quote = new TpmsAttest(new byte[0], GivenEvidence.QUALIFYING_DATA, new TpmsClockInfo(1, 1, 1, true), 1,
                new Attested.Quote(java.util.List.of(new PcrSelection(TpmAlgorithm.SHA256, new byte[] {1, 0, 0})), new byte[32])).marshal();
        CertifyEvidence e = given.evidence();
        thenRefusedWith(AttestationFailure.ATTEST_WRONG_TYPE,
                () -> verify(given, new CertifyEvidence(quote, given.signature(quote), e.deviceKeyPublic(), e.csrDer())));
    }

    @Test
    void signed_attestation_with_an_unknown_type_tag_is_refused() {
        GivenEvidence given = GivenEvidence.eccAk().signedAttestEditedBy(b -> {
            b[5] = 0x14;
            return b;
        });
        thenRefusedWith(AttestationFailure.ATTEST_WRONG_TYPE, () -> verify(given));
    }

    @Test
    void signed_attestation_with_trailing_garbage_is_refused() {
        GivenEvidence given = GivenEvidence.eccAk().signedAttestEditedBy(b -> Arrays.copyOf(b, b.length + 3));
        thenRefusedWith(AttestationFailure.ATTEST_MALFORMED, () -> verify(given));
    }

    @Test
    void extra_data_of_another_challenge_is_refused() {
        GivenEvidence given = GivenEvidence.eccAk().extraData(flipLast(GivenEvidence.QUALIFYING_DATA));
        thenRefusedWith(AttestationFailure.EXTRA_DATA_MISMATCH, () -> verify(given));
    }

    @Test
    void certified_name_of_another_key_is_refused() {
        TpmName other = TpmPublic.signingKey(TestKeys.P256_OTHER.getPublic(), TpmAlgorithm.SHA256,
                AttestationFixtures.deviceKeyAttributes(), TpmScheme.NULL).name();
        GivenEvidence given = GivenEvidence.eccAk().certifiedName(other);
        thenRefusedWith(AttestationFailure.CERTIFIED_NAME_MISMATCH, () -> verify(given));
    }

    @Test
    void device_key_that_does_not_parse_is_refused() throws Exception {
        GivenEvidence given = GivenEvidence.eccAk();
        CertifyEvidence e = given.evidence();
        thenRefusedWith(AttestationFailure.DEVICE_KEY_MALFORMED,
                () -> verify(given, new CertifyEvidence(e.attest(), e.signature(), Arrays.copyOf(e.deviceKeyPublic(), 10), e.csrDer())));
    }

    static Stream<Arguments> deviceAttributeRefusals() {
        ObjectAttributes ok = AttestationFixtures.deviceKeyAttributes();
        return Stream.of(
                Arguments.of(ok.without(FIXED_TPM), AttestationFailure.DEVICE_KEY_NOT_FIXED_TPM),
                Arguments.of(ok.without(FIXED_PARENT), AttestationFailure.DEVICE_KEY_NOT_FIXED_PARENT),
                Arguments.of(ok.without(SENSITIVE_DATA_ORIGIN), AttestationFailure.DEVICE_KEY_NOT_SENSITIVE_DATA_ORIGIN),
                Arguments.of(ok.without(SIGN_ENCRYPT), AttestationFailure.DEVICE_KEY_NOT_SIGNING),
                Arguments.of(ok.with(DECRYPT), AttestationFailure.DEVICE_KEY_CAN_DECRYPT),
                Arguments.of(ok.with(RESTRICTED), AttestationFailure.DEVICE_KEY_RESTRICTED));
    }

    @ParameterizedTest
    @MethodSource("deviceAttributeRefusals")
    void device_key_without_a_required_attribute_is_refused_with_its_own_cause(ObjectAttributes attributes, AttestationFailure failure) {
        GivenEvidence given = GivenEvidence.eccAk().deviceAttributes(attributes);
        thenRefusedWith(failure, () -> verify(given));
    }

    @Test
    void csr_that_does_not_parse_is_refused() throws Exception {
        GivenEvidence given = GivenEvidence.eccAk();
        CertifyEvidence e = given.evidence();
        thenRefusedWith(AttestationFailure.CSR_MALFORMED,
                () -> verify(given, new CertifyEvidence(e.attest(), e.signature(), e.deviceKeyPublic(), new byte[] {0x30, 0x03, 1, 2, 3})));
    }

    @Test
    void csr_for_a_software_key_is_refused() {
        GivenEvidence given = GivenEvidence.eccAk().csrFor(TestKeys.P256_OTHER);
        thenRefusedWith(AttestationFailure.CSR_KEY_MISMATCH, () -> verify(given));
    }

    @Test
    void csr_signed_by_another_key_is_refused() {
        GivenEvidence given = GivenEvidence.eccAk().csrSignedBy(TestKeys.P256_OTHER);
        thenRefusedWith(AttestationFailure.CSR_SIGNATURE_INVALID, () -> verify(given));
    }

    @Test
    void credential_proof_that_differs_is_refused() {
        thenRefusedWith(AttestationFailure.CREDENTIAL_PROOF_MISMATCH,
                () -> EvidenceVerifier.checkCredentialProof(new byte[] {1, 2, 3}, new byte[] {1, 2, 4}));
    }

    @Test
    void equal_credential_proof_is_accepted() {
        assertThatCode(() -> EvidenceVerifier.checkCredentialProof(new byte[] {1, 2, 3}, new byte[] {1, 2, 3})).doesNotThrowAnyException();
    }

    @Test
    void real_swtpm_aks_pass_the_ak_checks() throws Exception {
        assertThat(verifier.checkAttestationKey(Fixtures.swtpm("ak-ecc-p256.tpm2b_public")).type()).isEqualTo(TpmAlgorithm.ECC);
        assertThat(verifier.checkAttestationKey(Fixtures.swtpm("ak-rsa2048.tpm2b_public")).type()).isEqualTo(TpmAlgorithm.RSA);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"ecc", "rsa"})
    void real_swtpm_certify_passes_every_tpm_check_and_stops_only_at_the_missing_csr(String akKind) throws Exception {
        TpmPublic ak = verifier.checkAttestationKey(Fixtures.swtpm("ak-" + (akKind.equals("ecc") ? "ecc-p256" : "rsa2048") + ".tpm2b_public"));
        byte[] attest = Fixtures.swtpm("certify-by-" + akKind + "-ak.tpms_attest");
        CertifyEvidence e = new CertifyEvidence(attest, Fixtures.swtpm("certify-by-" + akKind + "-ak.tpmt_signature"),
                Fixtures.swtpm("device-key-p256.tpm2b_public"), new byte[0]);
        byte[] qualifying = TpmsAttest.unmarshal(attest).extraData();
        thenRefusedWith(AttestationFailure.CSR_MALFORMED, () -> verifier.verifyCertify(ak, qualifying, e));
    }
}
