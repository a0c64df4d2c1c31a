package io.edgeprov.pki.tpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;

class EkCertificateTest {

    private static EkCertificateValidator validatorAt(Instant now) throws Exception {
        return new EkCertificateValidator(List.of(GivenEkCertificate.root()), Clock.fixed(now, ZoneOffset.UTC));
    }

    private static void thenRefusedWith(AttestationFailure failure, EvidenceVerifierTest.ThrowingCall call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(AttestationException.class, e -> assertThat(e.failure()).isEqualTo(failure));
    }

    private static X509Certificate pem(String fixture) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(Fixtures.swtpm(fixture)));
    }

    @Test
    void vendor_shaped_rsa_ek_certificate_validates_to_the_manufacturer_root() throws Exception {
        EkCertificate cert = EkCertificate.parse(GivenEkCertificate.forKey(TestKeys.RSA_EK.getPublic()).der());
        TpmPublic ek = TpmPublic.ekTemplateRsa2048().withUnique(TestKeys.RSA_EK.getPublic());
        validatorAt(GivenEkCertificate.NOW).validate(cert, ek, List.of(GivenEkCertificate.intermediate()));
        assertThat(cert.certificate().getSubjectX500Principal().getName()).isEmpty();
    }

    @Test
    void vendor_shaped_p256_ek_certificate_validates() throws Exception {
        EkCertificate cert = EkCertificate.parse(GivenEkCertificate.forKey(TestKeys.P256_EK.getPublic()).der());
        TpmPublic ek = TpmPublic.ekTemplateEccP256().withUnique(TestKeys.P256_EK.getPublic());
        validatorAt(GivenEkCertificate.NOW).validate(cert, ek, List.of(GivenEkCertificate.intermediate()));
        assertThat(cert.certificate().getKeyUsage()[4]).isTrue();
    }

    @Test
    void vendor_shaped_p384_ek_certificate_validates() throws Exception {
        EkCertificate cert = EkCertificate.parse(GivenEkCertificate.forKey(TestKeys.P384_EK.getPublic()).der());
        TpmPublic ek = TpmPublic.ekTemplateEccP384().withUnique(TestKeys.P384_EK.getPublic());
        validatorAt(GivenEkCertificate.NOW).validate(cert, ek, List.of(GivenEkCertificate.intermediate()));
        assertThat(cert.publicKey().getEncoded()).isEqualTo(TestKeys.P384_EK.getPublic().getEncoded());
    }

    @Test
    void tpm_attributes_are_read_from_the_critical_subject_alt_name() throws Exception {
        EkCertificate cert = EkCertificate.parse(GivenEkCertificate.forKey(TestKeys.RSA_EK.getPublic()).der());
        assertThat(cert.tpmManufacturer()).contains("id:54455354");
        assertThat(cert.tpmModel()).contains("TEST9670");
        assertThat(cert.tpmVersion()).contains("id:00070002");
    }

    @Test
    void certificate_from_an_unconfigured_root_is_untrusted() throws Exception {
        EkCertificate cert = EkCertificate.parse(GivenEkCertificate.forKey(TestKeys.RSA_EK.getPublic()).der());
        X509Certificate otherRoot = GivenEkCertificate.selfSigned(TestKeys.ec("secp384r1"), GivenEkCertificate.ROOT_NAME);
        EkCertificateValidator validator = new EkCertificateValidator(List.of(otherRoot), Clock.fixed(GivenEkCertificate.NOW, ZoneOffset.UTC));
        thenRefusedWith(AttestationFailure.EK_CERT_UNTRUSTED, () -> validator.validateChain(cert, List.of(GivenEkCertificate.intermediate())));
    }

    @Test
    void certificate_without_its_intermediate_is_untrusted() throws Exception {
        EkCertificate cert = EkCertificate.parse(GivenEkCertificate.forKey(TestKeys.RSA_EK.getPublic()).der());
        thenRefusedWith(AttestationFailure.EK_CERT_UNTRUSTED, () -> validatorAt(GivenEkCertificate.NOW).validateChain(cert, List.of()));
    }

    @Test
    void expired_certificate_is_refused_as_expired() throws Exception {
        Instant now = GivenEkCertificate.NOW;
        EkCertificate cert = EkCertificate.parse(GivenEkCertificate.forKey(TestKeys.RSA_EK.getPublic())
                .validity(now.minus(20, ChronoUnit.DAYS), now.minus(10, ChronoUnit.DAYS)).der());
        thenRefusedWith(AttestationFailure.EK_CERT_EXPIRED, () -> validatorAt(now).validateChain(cert, List.of(GivenEkCertificate.intermediate())));
    }

    @Test
    void certificate_not_yet_valid_is_refused_as_such() throws Exception {
        Instant now = GivenEkCertificate.NOW;
        EkCertificate cert = EkCertificate.parse(GivenEkCertificate.forKey(TestKeys.RSA_EK.getPublic())
                .validity(now.plus(10, ChronoUnit.DAYS), now.plus(20, ChronoUnit.DAYS)).der());
        thenRefusedWith(AttestationFailure.EK_CERT_NOT_YET_VALID,
                () -> validatorAt(now).validateChain(cert, List.of(GivenEkCertificate.intermediate())));
    }

    @Test
    void certificate_for_another_key_than_the_presented_ek_is_refused() throws Exception {
        EkCertificate cert = EkCertificate.parse(GivenEkCertificate.forKey(TestKeys.P256_OTHER.getPublic()).der());
        TpmPublic ek = TpmPublic.ekTemplateEccP256().withUnique(TestKeys.P256_EK.getPublic());
        thenRefusedWith(AttestationFailure.EK_CERT_KEY_MISMATCH, () -> cert.checkKeyMatches(ek));
    }

    @Test
    void certificate_without_any_tcg_mark_is_not_an_ek_certificate() throws Exception {
        byte[] der = GivenEkCertificate.forKey(TestKeys.RSA_EK.getPublic()).withoutEku().withoutTpmSan().der();
        thenRefusedWith(AttestationFailure.EK_CERT_NOT_EK_CERT, () -> EkCertificate.parse(der));
    }

    @Test
    void certificate_without_eku_but_with_tpm_san_is_accepted_as_older_vendors_issue_them() throws Exception {
        EkCertificate cert = EkCertificate.parse(GivenEkCertificate.forKey(TestKeys.RSA_EK.getPublic()).withoutEku().der());
        assertThat(cert.tpmModel()).contains("TEST9670");
    }

    @Test
    void signing_only_certificate_is_not_an_ek_certificate() throws Exception {
        byte[] der = GivenEkCertificate.forKey(TestKeys.P256_EK.getPublic()).keyUsage(KeyUsage.digitalSignature).der();
        thenRefusedWith(AttestationFailure.EK_CERT_NOT_EK_CERT, () -> EkCertificate.parse(der));
    }

    @Test
    void ca_certificate_is_not_an_ek_certificate() throws Exception {
        byte[] der = GivenEkCertificate.forKey(TestKeys.RSA_EK.getPublic()).asCa().der();
        thenRefusedWith(AttestationFailure.EK_CERT_NOT_EK_CERT, () -> EkCertificate.parse(der));
    }

    @Test
    void bytes_that_are_not_a_certificate_are_malformed() {
        thenRefusedWith(AttestationFailure.EK_CERT_MALFORMED, () -> EkCertificate.parse(new byte[] {0x30, (byte) 0x82, 0x01}));
    }

    @Test
    void critical_tpm_specification_attributes_do_not_stop_validation() throws Exception {
        EkCertificate cert = EkCertificate.parse(GivenEkCertificate.forKey(TestKeys.RSA_EK.getPublic()).withCriticalTpmSpecification().der());
        validatorAt(GivenEkCertificate.NOW).validateChain(cert, List.of(GivenEkCertificate.intermediate()));
        assertThat(cert.certificate().getCriticalExtensionOIDs()).contains("2.5.29.9");
    }

    @Test
    void tpm_attribute_that_is_not_valid_utf8_is_malformed_not_a_crash() {
        byte[] finding = Fixtures.read("/tpm/fuzz-seeds/finding-ek-cert-san-invalid-utf8");
        byte[] der = java.util.Arrays.copyOf(finding, finding.length - 1);
        thenRefusedWith(AttestationFailure.EK_CERT_MALFORMED, () -> EkCertificate.parse(der));
    }

    @Test
    void certificate_with_an_unknown_critical_extension_is_untrusted() throws Exception {
        EkCertificate cert = EkCertificate.parse(GivenEkCertificate.forKey(TestKeys.RSA_EK.getPublic())
                .withUnknownCriticalExtension("1.3.6.1.4.1.99999.1").der());
        thenRefusedWith(AttestationFailure.EK_CERT_UNTRUSTED,
                () -> validatorAt(GivenEkCertificate.NOW).validateChain(cert, List.of(GivenEkCertificate.intermediate())));
    }

    @Test
    void real_swtpm_rsa_ek_certificate_matches_its_ek_and_chains_to_the_swtpm_root() throws Exception {
        EkCertificate cert = EkCertificate.parse(Fixtures.swtpm("ek-rsa2048-cert.der"));
        TpmPublic ek = TpmPublic.unmarshalTpm2b(Fixtures.swtpm("ek-rsa2048.tpm2b_public"));
        EkCertificateValidator validator = new EkCertificateValidator(List.of(pem("swtpm-localca-root.pem")),
                Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC));
        validator.validate(cert, ek, List.of(pem("swtpm-localca-issuer.pem")));
        assertThat(cert.tpmModel()).contains("swtpm");
    }

    @Test
    void real_swtpm_p384_ek_certificate_matches_its_ek_and_chains_to_the_swtpm_root() throws Exception {
        EkCertificate cert = EkCertificate.parse(Fixtures.swtpm("ek-ecc-p384-cert.der"));
        TpmPublic ek = TpmPublic.unmarshalTpm2b(Fixtures.swtpm("ek-ecc-p384.tpm2b_public"));
        EkCertificateValidator validator = new EkCertificateValidator(List.of(pem("swtpm-localca-root.pem")),
                Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC));
        validator.validate(cert, ek, List.of(pem("swtpm-localca-issuer.pem")));
        assertThat(cert.tpmManufacturer()).contains("id:00001014");
    }

    @Test
    void real_swtpm_certificate_does_not_match_the_other_ek() throws Exception {
        EkCertificate cert = EkCertificate.parse(Fixtures.swtpm("ek-ecc-p384-cert.der"));
        TpmPublic rsaEk = TpmPublic.unmarshalTpm2b(Fixtures.swtpm("ek-rsa2048.tpm2b_public"));
        thenRefusedWith(AttestationFailure.EK_CERT_KEY_MISMATCH, () -> cert.checkKeyMatches(rsaEk));
    }
}
