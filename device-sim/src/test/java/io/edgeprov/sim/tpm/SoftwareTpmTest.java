package io.edgeprov.sim.tpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeprov.pki.tpm.Attested;
import io.edgeprov.pki.tpm.EkCertificate;
import io.edgeprov.pki.tpm.MadeCredential;
import io.edgeprov.pki.tpm.MakeCredential;
import io.edgeprov.pki.tpm.TpmEncryptedSecret;
import io.edgeprov.pki.tpm.TpmName;
import io.edgeprov.pki.tpm.TpmPublic;
import io.edgeprov.pki.tpm.TpmsAttest;
import io.edgeprov.pki.tpm.TpmsEccPoint;
import io.edgeprov.pki.tpm.TpmtSignature;
import java.io.ByteArrayInputStream;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SoftwareTpmTest {
    private static final byte[] SECRET = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");

    private final SecureRandom random = new SecureRandom();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);
    private SimulatedManufacturerCa vendor;
    private SoftwareTpm rsaTpm;
    private SoftwareTpm eccTpm;

    @BeforeAll
    void given_a_vendor_and_two_tpms() {
        vendor = SimulatedManufacturerCa.create("Simulated EK Root", clock, random);
        rsaTpm = SoftwareTpm.builder().endorsementKey(SoftwareTpm.EndorsementKeyType.RSA_2048)
                .manufacturerCa(vendor).clock(clock).random(random).build();
        eccTpm = SoftwareTpm.builder().endorsementKey(SoftwareTpm.EndorsementKeyType.ECC_P256)
                .manufacturerCa(vendor).clock(clock).random(random).build();
    }

    @Test
    void rsa_ek_follows_the_tcg_rsa_2048_template() throws Exception {
        TpmPublic ek = TpmPublic.unmarshalTpm2b(rsaTpm.endorsementKeyPublic());

        assertThat(ek.withUnique(ek.toPublicKey())).isEqualTo(TpmPublic.ekTemplateRsa2048().withUnique(ek.toPublicKey()));
    }

    @Test
    void ecc_ek_follows_the_tcg_p256_template() throws Exception {
        TpmPublic ek = TpmPublic.unmarshalTpm2b(eccTpm.endorsementKeyPublic());

        assertThat(ek).isEqualTo(TpmPublic.ekTemplateEccP256().withUnique(ek.toPublicKey()));
    }

    @Test
    void make_credential_for_the_rsa_ek_activates_to_the_secret() throws Exception {
        MadeCredential credential = given_a_credential_for(rsaTpm, rsaTpm);

        assertThat(rsaTpm.activateCredential(credential.idObject(), credential.encryptedSecret())).containsExactly(SECRET);
    }

    @Test
    void make_credential_for_the_ecc_ek_activates_to_the_secret() throws Exception {
        MadeCredential credential = given_a_credential_for(eccTpm, eccTpm);

        assertThat(eccTpm.activateCredential(credential.idObject(), credential.encryptedSecret())).containsExactly(SECRET);
    }

    @Test
    void credential_for_another_ak_name_is_refused_as_an_integrity_failure() throws Exception {
        MadeCredential credential = given_a_credential_for(eccTpm, rsaTpm);

        assertThatThrownBy(() -> eccTpm.activateCredential(credential.idObject(), credential.encryptedSecret()))
                .isInstanceOf(TpmOperationException.class)
                .hasMessageContaining("TPM_RC_INTEGRITY");
    }

    @Test
    void credential_for_a_foreign_ek_is_refused_without_revealing_the_secret() throws Exception {
        SoftwareTpm other = SoftwareTpm.builder().endorsementKey(SoftwareTpm.EndorsementKeyType.ECC_P256).build();
        MadeCredential credential = given_a_credential_for(other, eccTpm);

        assertThatThrownBy(() -> eccTpm.activateCredential(credential.idObject(), credential.encryptedSecret()))
                .isInstanceOf(TpmOperationException.class)
                .hasMessageNotContaining(HexFormat.of().formatHex(SECRET));
    }

    @Test
    void ephemeral_point_off_the_ek_curve_is_refused() throws Exception {
        MadeCredential genuine = given_a_credential_for(eccTpm, eccTpm);
        byte[] offCurve = new TpmEncryptedSecret(new TpmsEccPoint(new byte[] {1}, new byte[] {1}).marshal()).marshalTpm2b();

        assertThatThrownBy(() -> eccTpm.activateCredential(genuine.idObject(), offCurve))
                .isInstanceOf(TpmOperationException.class)
                .hasMessageContaining("TPM_RC_ECC_POINT");
    }

    @Test
    void ek_certificate_is_vendor_shaped_and_signed_by_the_manufacturer() throws Exception {
        X509Certificate cert = certificate(rsaTpm.endorsementKeyCertificate().orElseThrow());

        cert.verify(vendor.certificate().getPublicKey());

        assertThat(cert.getSubjectX500Principal().getName()).isEmpty();
        assertThat(cert.getCriticalExtensionOIDs()).contains("2.5.29.17");
        assertThat(cert.getExtendedKeyUsage()).containsExactly("2.23.133.8.1");
        assertThat(cert.getSubjectAlternativeNames()).singleElement()
                .satisfies(san -> assertThat((List<?>) san).first().isEqualTo(4));
    }

    @Test
    void ek_certificate_names_the_tpm_as_pki_reads_it() throws Exception {
        SoftwareTpm named = SoftwareTpm.builder().manufacturerCa(vendor).clock(clock)
                .tpmIdentity("id:4E544300", "NPCT75x", "id:00070002").build();

        EkCertificate cert = EkCertificate.parse(named.endorsementKeyCertificate().orElseThrow());

        assertThat(cert.tpmManufacturer()).contains("id:4E544300");
        assertThat(cert.tpmModel()).contains("NPCT75x");
        assertThat(cert.tpmVersion()).contains("id:00070002");
    }

    @Test
    void ek_certificate_holds_the_ek() throws Exception {
        X509Certificate cert = certificate(eccTpm.endorsementKeyCertificate().orElseThrow());

        assertThat(TpmPublic.unmarshalTpm2b(eccTpm.endorsementKeyPublic()).matches(cert.getPublicKey())).isTrue();
    }

    @Test
    void tpm_without_a_manufacturer_has_no_ek_certificate() {
        SoftwareTpm bare = SoftwareTpm.builder().build();

        assertThat(bare.endorsementKeyCertificate()).isEmpty();
    }

    @Test
    void ak_is_a_restricted_signing_key_made_inside_the_tpm() throws Exception {
        TpmPublic ak = TpmPublic.unmarshalTpm2b(eccTpm.attestationKeyPublic());

        assertThat(ak.objectAttributes().restricted()).isTrue();
        assertThat(ak.objectAttributes().sign()).isTrue();
        assertThat(ak.objectAttributes().fixedTPM()).isTrue();
        assertThat(ak.objectAttributes().sensitiveDataOrigin()).isTrue();
    }

    @Test
    void device_key_is_fixed_and_made_inside_the_tpm() throws Exception {
        TpmPublic key = TpmPublic.unmarshalTpm2b(eccTpm.publicArea(eccTpm.createDeviceKey()));

        assertThat(key.objectAttributes().fixedTPM()).isTrue();
        assertThat(key.objectAttributes().fixedParent()).isTrue();
        assertThat(key.objectAttributes().sensitiveDataOrigin()).isTrue();
        assertThat(key.objectAttributes().restricted()).isFalse();
    }

    @Test
    void imported_key_is_neither_fixed_nor_made_inside_the_tpm() throws Exception {
        TpmPublic key = TpmPublic.unmarshalTpm2b(eccTpm.publicArea(eccTpm.importExternalKey(given_a_software_key())));

        assertThat(key.objectAttributes().fixedTPM()).isFalse();
        assertThat(key.objectAttributes().sensitiveDataOrigin()).isFalse();
    }

    @Test
    void certify_attests_the_key_name_with_the_qualifying_data_as_extra_data() throws Exception {
        TpmKeyHandle key = eccTpm.createDeviceKey();
        byte[] nonce = HexFormat.of().parseHex("cafebabe");

        TpmsAttest attest = TpmsAttest.unmarshal(eccTpm.certify(key, nonce).attestation());

        assertThat(attest.type()).isEqualTo(TpmsAttest.TPM_ST_ATTEST_CERTIFY);
        assertThat(attest.extraData()).containsExactly(nonce);
        assertThat(((Attested.Certify) attest.attested()).name())
                .isEqualTo(TpmName.of(TpmPublic.unmarshalTpm2b(eccTpm.publicArea(key))));
    }

    @Test
    void certify_is_signed_by_the_ak() throws Exception {
        CertifyResult evidence = eccTpm.certify(eccTpm.createDeviceKey(), new byte[] {1});

        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(TpmPublic.unmarshalTpm2b(eccTpm.attestationKeyPublic()).toPublicKey());
        verifier.update(evidence.attestation());
        assertThat(verifier.verify(TpmtSignature.unmarshal(evidence.signature()).toX509Der())).isTrue();
    }

    @Test
    void certify_refuses_qualifying_data_longer_than_a_tpm2b_data() {
        assertThatThrownBy(() -> eccTpm.certify(eccTpm.createDeviceKey(), new byte[67]))
                .isInstanceOf(TpmOperationException.class)
                .hasMessageContaining("qualifyingData");
    }

    @Test
    void sign_sha256_verifies_with_the_device_key() throws Exception {
        TpmKeyHandle key = eccTpm.createDeviceKey();
        byte[] message = {4, 5, 6};

        byte[] der = eccTpm.signSha256(key, message);

        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(TpmPublic.unmarshalTpm2b(eccTpm.publicArea(key)).toPublicKey());
        verifier.update(message);
        assertThat(verifier.verify(der)).isTrue();
    }

    @Test
    void key_handle_from_another_tpm_is_refused() {
        TpmKeyHandle foreign = rsaTpm.createDeviceKey();

        assertThatThrownBy(() -> eccTpm.publicArea(foreign))
                .isInstanceOf(TpmOperationException.class)
                .hasMessageContaining("unknown key handle");
    }

    @Test
    void to_string_shows_no_key_material() throws Exception {
        String ekModulus = HexFormat.of().formatHex(rsaTpm.endorsementKeyPublic()).substring(200, 240);

        assertThat(rsaTpm.toString()).doesNotContain(ekModulus).contains("RSA");
    }

    private MadeCredential given_a_credential_for(SoftwareTpm ekOwner, SoftwareTpm akOwner) throws Exception {
        TpmPublic ek = TpmPublic.unmarshalTpm2b(ekOwner.endorsementKeyPublic());
        TpmName akName = TpmName.of(TpmPublic.unmarshalTpm2b(akOwner.attestationKeyPublic()));
        return MakeCredential.make(ek, akName, SECRET, random);
    }

    private static KeyPair given_a_software_key() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate certificate(byte[] der) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }
}
