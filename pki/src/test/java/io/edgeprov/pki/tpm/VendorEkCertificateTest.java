package io.edgeprov.pki.tpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Real EK certificates and CA certificates of TPM vendors and cloud vTPMs, from public test corpora
 * ({@code src/test/resources/ek-vendors/README.md} names each source and quirk). Real EK certificates expire, so
 * every check runs at a fixed date inside their validity.
 */
class VendorEkCertificateTest {

    /** Inside the validity of every vendor certificate used here (the STM EK certificates run 2018 to 2028). */
    private static final Instant WITHIN_VALIDITY = Instant.parse("2025-01-01T00:00:00Z");

    private static byte[] fixture(String path) {
        return Fixtures.read("/ek-vendors/" + path);
    }

    private static X509Certificate cert(String path) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(fixture(path)));
    }

    private static EkCertificateValidator validatorTrusting(X509Certificate root, Instant at) {
        return new EkCertificateValidator(List.of(root), Clock.fixed(at, ZoneOffset.UTC));
    }

    private static void thenRefusedWith(AttestationFailure failure, EvidenceVerifierTest.ThrowingCall call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(AttestationException.class, e -> assertThat(e.failure()).isEqualTo(failure));
    }

    // --- STMicroelectronics (keylime test corpus and tpm_cert_store) ---

    @Test
    void stm_rsa_ek_certificate_read_from_nv_with_its_padding_parses_with_tpm_attributes() throws Exception {
        byte[] nvRead = fixture("stmicro/stm-rsa-ek.der");

        EkCertificate cert = EkCertificate.parse(nvRead);

        assertThat(nvRead.length).isGreaterThan(cert.certificate().getEncoded().length); // 0xff padding after the DER
        assertThat(cert.tpmManufacturer()).contains("id:53544D20");
        assertThat(cert.tpmModel()).contains("ST33HTPHAHB4");
        assertThat(cert.tpmVersion()).contains("id:00490004");
    }

    @Test
    void stm_rsa_ek_certificate_chains_through_two_intermediates_sent_in_any_order_to_globalsign() throws Exception {
        EkCertificate cert = EkCertificate.parse(fixture("stmicro/stm-rsa-ek.der"));
        List<X509Certificate> sent = List.of(cert("stmicro/stm-tpm-ek-root-ca.pem"), cert("stmicro/stm-tpm-ek-intermediate-ca-05.pem"));

        validatorTrusting(cert("stmicro/globalsign-tpm-root-ca.pem"), WITHIN_VALIDITY).validateChain(cert, sent);
    }

    @Test
    void stm_rsa_ek_certificate_chains_to_the_stm_ek_root_as_anchor() throws Exception {
        EkCertificate cert = EkCertificate.parse(fixture("stmicro/stm-rsa-ek.der"));

        validatorTrusting(cert("stmicro/stm-tpm-ek-root-ca.pem"), WITHIN_VALIDITY)
                .validateChain(cert, List.of(cert("stmicro/stm-tpm-ek-intermediate-ca-05.pem")));
    }

    @Test
    void stm_rsa_ek_certificate_without_its_intermediate_is_untrusted() throws Exception {
        EkCertificate cert = EkCertificate.parse(fixture("stmicro/stm-rsa-ek.der"));

        thenRefusedWith(AttestationFailure.EK_CERT_UNTRUSTED,
                () -> validatorTrusting(cert("stmicro/stm-tpm-ek-root-ca.pem"), WITHIN_VALIDITY).validateChain(cert, List.of()));
    }

    @Test
    void stm_ecc_ek_certificate_chains_to_the_stm_ecc_root() throws Exception {
        EkCertificate cert = EkCertificate.parse(fixture("stmicro/stm-ecc-ek.der"));

        validatorTrusting(cert("stmicro/stm-tpm-ecc-root-ca-01.pem"), WITHIN_VALIDITY)
                .validateChain(cert, List.of(cert("stmicro/stm-tpm-ecc-intermediate-ca-01.pem")));
    }

    @Test
    void stm_ecc_ek_certificate_key_is_the_p256_ek_it_certifies() throws Exception {
        EkCertificate cert = EkCertificate.parse(fixture("stmicro/stm-ecc-ek.der"));
        TpmPublic ek = TpmPublic.ekTemplateEccP256().withUnique(cert.publicKey());

        cert.checkKeyMatches(ek);
        thenRefusedWith(AttestationFailure.EK_CERT_KEY_MISMATCH,
                () -> cert.checkKeyMatches(TpmPublic.ekTemplateEccP256().withUnique(TestKeys.P256_EK.getPublic())));
    }

    @Test
    void stm_ek_certificate_after_its_validity_is_expired() throws Exception {
        EkCertificate cert = EkCertificate.parse(fixture("stmicro/stm-ecc-ek.der"));

        thenRefusedWith(AttestationFailure.EK_CERT_EXPIRED, () -> validatorTrusting(cert("stmicro/stm-tpm-ecc-root-ca-01.pem"),
                Instant.parse("2028-07-27T00:00:00Z")).validateChain(cert, List.of(cert("stmicro/stm-tpm-ecc-intermediate-ca-01.pem"))));
    }

    // --- Infineon (OPTIGA TPM 2.0, RSA Manufacturing CA 003 under the OPTIGA RSA Root CA) ---

    private static PublicKey publishedKey(String path) throws Exception {
        String pem = new String(fixture(path), java.nio.charset.StandardCharsets.US_ASCII);
        return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getMimeDecoder()
                .decode(pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", ""))));
    }

    @Test
    void infineon_rsa_ek_certificate_with_an_empty_subject_parses_with_tpm_attributes() throws Exception {
        EkCertificate cert = EkCertificate.parse(fixture("infineon/ifx-slb9665-rsa-ek.pem"));

        assertThat(cert.certificate().getSubjectX500Principal().getName()).isEmpty();
        assertThat(cert.certificate().getCriticalExtensionOIDs()).contains("2.5.29.17");
        assertThat(cert.tpmManufacturer()).contains("id:49465800");
        assertThat(cert.tpmModel()).contains("SLB 9665");
        assertThat(cert.tpmVersion()).contains("id:0528");
    }

    @Test
    void infineon_rsa_ek_certificate_chains_through_manufacturing_ca_003_to_the_optiga_rsa_root() throws Exception {
        EkCertificate cert = EkCertificate.parse(fixture("infineon/ifx-slb9665-rsa-ek.pem"));

        validatorTrusting(cert("infineon/infineon-optiga-rsa-root-ca.pem"), WITHIN_VALIDITY)
                .validateChain(cert, List.of(cert("infineon/infineon-optiga-rsa-manufacturing-ca-003.pem")));
    }

    @Test
    void infineon_rsa_ek_certificate_validates_with_the_ek_it_was_published_with() throws Exception {
        EkCertificate cert = EkCertificate.parse(fixture("infineon/ifx-slb9665-rsa-ek.pem"));
        TpmPublic ek = TpmPublic.ekTemplateRsa2048().withUnique(publishedKey("infineon/ifx-slb9665-rsa-ek-public.pem"));

        validatorTrusting(cert("infineon/infineon-optiga-rsa-root-ca.pem"), WITHIN_VALIDITY)
                .validate(cert, ek, List.of(cert("infineon/infineon-optiga-rsa-manufacturing-ca-003.pem")));
        thenRefusedWith(AttestationFailure.EK_CERT_KEY_MISMATCH,
                () -> cert.checkKeyMatches(TpmPublic.ekTemplateRsa2048().withUnique(TestKeys.RSA_EK.getPublic())));
    }

    @Test
    void infineon_rsa_ek_certificate_with_a_sibling_manufacturing_ca_or_none_is_untrusted() throws Exception {
        EkCertificate cert = EkCertificate.parse(fixture("infineon/ifx-slb9665-rsa-ek.pem"));
        EkCertificateValidator validator = validatorTrusting(cert("infineon/infineon-optiga-rsa-root-ca.pem"), WITHIN_VALIDITY);

        thenRefusedWith(AttestationFailure.EK_CERT_UNTRUSTED,
                () -> validator.validateChain(cert, List.of(cert("infineon/infineon-optiga-rsa-manufacturing-ca-034.pem"))));
        thenRefusedWith(AttestationFailure.EK_CERT_UNTRUSTED, () -> validator.validateChain(cert, List.of()));
    }

    @Test
    void infineon_rsa_ek_certificate_after_its_validity_is_expired() throws Exception {
        EkCertificate cert = EkCertificate.parse(fixture("infineon/ifx-slb9665-rsa-ek.pem"));

        thenRefusedWith(AttestationFailure.EK_CERT_EXPIRED, () -> validatorTrusting(cert("infineon/infineon-optiga-rsa-root-ca.pem"),
                Instant.parse("2031-01-02T00:00:00Z")).validateChain(cert, List.of(cert("infineon/infineon-optiga-rsa-manufacturing-ca-003.pem"))));
    }

    // --- critical certificatePolicies with a CPS qualifier (STMicroelectronics and Intel PTT intermediates) ---

    @Test
    void stm_intermediates_mark_certificate_policies_critical_under_any_policy_which_pkix_accepts_even_by_default() throws Exception {
        X509Certificate intermediate = cert("stmicro/stm-tpm-ecc-intermediate-ca-01.pem");
        assertThat(intermediate.getCriticalExtensionOIDs()).contains("2.5.29.32");

        // The JDK only refuses qualifiers of a named policy; STM qualifies anyPolicy, so even the defaults pass.
        CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(intermediate)),
                defaultPkix(cert("stmicro/stm-tpm-ecc-root-ca-01.pem")));
    }

    @Test
    void intel_shaped_intermediate_with_a_critical_named_policy_and_a_cps_qualifier_fails_default_pkix() throws Exception {
        X509Certificate intermediate = GivenEkCertificate.intermediate(true);
        assertThat(intermediate.getCriticalExtensionOIDs()).contains("2.5.29.32");

        // What EkCertificateValidator did before (EK_CERT_UNTRUSTED for every Intel PTT chain).
        assertThatThrownBy(() -> CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(List.of(intermediate)), defaultPkix(GivenEkCertificate.root())))
                .isInstanceOf(CertPathValidatorException.class)
                .hasMessageContaining("critical policy qualifiers");
    }

    @Test
    void intel_shaped_intermediate_with_a_critical_named_policy_and_a_cps_qualifier_is_accepted() throws Exception {
        EkCertificate cert = EkCertificate.parse(GivenEkCertificate.forKey(TestKeys.RSA_EK.getPublic()).der());

        validatorTrusting(GivenEkCertificate.root(), GivenEkCertificate.NOW).validateChain(cert, List.of(GivenEkCertificate.intermediate(true)));
    }

    private static PKIXParameters defaultPkix(X509Certificate root) throws Exception {
        PKIXParameters defaults = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        defaults.setRevocationEnabled(false);
        defaults.setDate(Date.from(WITHIN_VALIDITY.isAfter(GivenEkCertificate.NOW) ? WITHIN_VALIDITY : GivenEkCertificate.NOW));
        return defaults;
    }

    // --- id-RSAES-OAEP key label (Nuvoton) ---

    @Test
    void rsaes_oaep_labelled_ek_certificate_matches_its_rsa_ek() throws Exception {
        EkCertificate cert = EkCertificate.parse(GivenEkCertificate.forKey(TestKeys.RSA_EK.getPublic()).withRsaesOaepKeyLabel().der());
        TpmPublic ek = TpmPublic.ekTemplateRsa2048().withUnique(TestKeys.RSA_EK.getPublic());

        assertThat(cert.certificate().getPublicKey()).isNotInstanceOf(RSAPublicKey.class); // why it never matched before
        assertThat(cert.publicKey()).isInstanceOf(RSAPublicKey.class);
        validatorTrusting(GivenEkCertificate.root(), GivenEkCertificate.NOW).validate(cert, ek, List.of(GivenEkCertificate.intermediate()));
    }

    @Test
    void rsaes_oaep_labelled_ek_certificate_still_refuses_another_ek() throws Exception {
        EkCertificate cert = EkCertificate.parse(GivenEkCertificate.forKey(TestKeys.RSA_EK.getPublic()).withRsaesOaepKeyLabel().der());
        TpmPublic other = TpmPublic.ekTemplateEccP256().withUnique(TestKeys.P256_EK.getPublic());

        thenRefusedWith(AttestationFailure.EK_CERT_KEY_MISMATCH, () -> cert.checkKeyMatches(other));
    }

    // --- Nuvoton root whose name is a multi-valued RDN in non-DER order ---

    @Test
    void nuvoton_root_with_an_unsorted_multi_valued_name_loads_as_a_manufacturer_root() throws Exception {
        X509Certificate root = cert("nuvoton/nuvoton-tpm-root-ca-2110.der");

        root.verify(root.getPublicKey()); // python-cryptography refuses to parse it (InvalidSetOrdering); the JDK keeps the bytes
        assertThat(root.getSubjectX500Principal().getName()).contains("Nuvoton TPM Root CA 2110");
        assertThat(root.getBasicConstraints()).isZero();
        validatorTrusting(root, WITHIN_VALIDITY);
    }

    // --- Google Compute Engine vTPM ---

    @Test
    void gce_legacy_ek_certificate_parses_with_the_google_vtpm_attributes() throws Exception {
        EkCertificate cert = EkCertificate.parse(fixture("google-gce/gce-ek-legacy-cloud-host-signer.pem"));

        assertThat(cert.tpmManufacturer()).contains("id:474F4F47");
        assertThat(cert.tpmModel()).contains("vTPM");
        assertThat(cert.publicKey()).isInstanceOf(RSAPublicKey.class);
    }

    @Test
    void gce_ca_service_ek_certificate_carries_no_tcg_mark_and_is_not_taken_as_an_ek_certificate() throws Exception {
        byte[] der = fixture("google-gce/gce-ek-encryption.pem");
        String pem = new String(fixture("google-gce/gce-ek-encryption-public.pem"), java.nio.charset.StandardCharsets.US_ASCII);
        PublicKey published = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getMimeDecoder()
                .decode(pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", ""))));

        assertThat(cert("google-gce/gce-ek-encryption.pem").getPublicKey()).isEqualTo(published);
        thenRefusedWith(AttestationFailure.EK_CERT_NOT_EK_CERT, () -> EkCertificate.parse(der));
    }

    // --- bounds on what a device sends ---

    @Test
    void more_intermediates_than_the_bound_are_refused() throws Exception {
        EkCertificate cert = EkCertificate.parse(GivenEkCertificate.forKey(TestKeys.RSA_EK.getPublic()).der());
        List<X509Certificate> six = Collections.nCopies(EkCertificateValidator.MAX_INTERMEDIATES + 1, GivenEkCertificate.intermediate());

        thenRefusedWith(AttestationFailure.EK_CERT_UNTRUSTED,
                () -> validatorTrusting(GivenEkCertificate.root(), GivenEkCertificate.NOW).validateChain(cert, six));
    }

    @Test
    void intermediates_are_parsed_and_a_malformed_one_is_refused() throws Exception {
        byte[] good = fixture("stmicro/stm-tpm-ek-intermediate-ca-05.pem");

        assertThat(EkCertificate.parseIntermediates(List.of(good))).hasSize(1);
        thenRefusedWith(AttestationFailure.EK_CERT_MALFORMED, () -> EkCertificate.parseIntermediates(List.of(good, new byte[] {0x30, 0x03})));
        thenRefusedWith(AttestationFailure.EK_CERT_MALFORMED,
                () -> EkCertificate.parseIntermediates(Collections.nCopies(EkCertificateValidator.MAX_INTERMEDIATES + 1, good)));
    }
}
