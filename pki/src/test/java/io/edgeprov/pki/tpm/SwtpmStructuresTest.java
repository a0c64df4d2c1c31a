package io.edgeprov.pki.tpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.Signature;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Structures a real TPM (swtpm/libtpms) produced: parsing must be byte-exact and Names must equal the TPM's. */
class SwtpmStructuresTest {

    @ParameterizedTest
    @ValueSource(strings = {"ek-rsa2048", "ek-ecc-p384", "ak-ecc-p256", "ak-rsa2048", "device-key-p256"})
    void real_public_area_re_marshals_byte_exact(String key) throws Exception {
        byte[] wire = Fixtures.swtpm(key + ".tpm2b_public");
        assertThat(TpmPublic.unmarshalTpm2b(wire).marshalTpm2b()).isEqualTo(wire);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ek-rsa2048", "ek-ecc-p384", "ak-ecc-p256", "ak-rsa2048", "device-key-p256"})
    void computed_name_equals_the_name_the_tpm_reported(String key) throws Exception {
        TpmPublic pub = TpmPublic.unmarshalTpm2b(Fixtures.swtpm(key + ".tpm2b_public"));
        assertThat(pub.name().bytes()).isEqualTo(Fixtures.swtpm(key + ".name"));
    }

    @Test
    void real_p256_ek_matches_the_tcg_template_apart_from_unique() throws Exception {
        TpmPublic ek = TpmPublic.unmarshalTpm2b(Fixtures.swtpm("ek-ecc-p256.tpm2b_public"));
        assertThat(TpmPublic.ekTemplateEccP256().withUnique(ek.toPublicKey())).isEqualTo(ek);
    }

    @Test
    void real_rsa_ek_matches_the_tcg_template_apart_from_unique() throws Exception {
        TpmPublic ek = TpmPublic.unmarshalTpm2b(Fixtures.swtpm("ek-rsa2048.tpm2b_public"));
        assertThat(TpmPublic.ekTemplateRsa2048().withUnique(ek.toPublicKey())).isEqualTo(ek);
    }

    @Test
    void real_certify_names_the_device_key() throws Exception {
        TpmsAttest attest = TpmsAttest.unmarshal(Fixtures.swtpm("certify-by-ecc-ak.tpms_attest"));
        assertThat(attest.type()).isEqualTo(TpmsAttest.TPM_ST_ATTEST_CERTIFY);
        assertThat(((Attested.Certify) attest.attested()).name().bytes()).isEqualTo(Fixtures.swtpm("device-key-p256.name"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"certify-by-ecc-ak", "certify-by-rsa-ak", "quote-by-ecc-ak"})
    void real_attestation_and_signature_re_marshal_byte_exact(String name) throws Exception {
        byte[] attest = Fixtures.swtpm(name + ".tpms_attest");
        byte[] sig = Fixtures.swtpm(name + ".tpmt_signature");
        assertThat(TpmsAttest.unmarshal(attest).marshal()).isEqualTo(attest);
        assertThat(TpmtSignature.unmarshal(sig).marshal()).isEqualTo(sig);
    }

    @Test
    void real_quote_carries_the_selected_sha256_pcrs() throws Exception {
        Attested.Quote quote = (Attested.Quote) TpmsAttest.unmarshal(Fixtures.swtpm("quote-by-ecc-ak.tpms_attest")).attested();
        assertThat(quote.pcrSelect()).singleElement().satisfies(s -> {
            assertThat(s.hash()).isEqualTo(TpmAlgorithm.SHA256);
            assertThat(s.pcrSelect()).containsExactly(0x87, 0x00, 0x00);
        });
    }

    @Test
    void real_ecdsa_certify_signature_verifies_with_the_real_ak() throws Exception {
        TpmPublic ak = TpmPublic.unmarshalTpm2b(Fixtures.swtpm("ak-ecc-p256.tpm2b_public"));
        TpmtSignature sig = TpmtSignature.unmarshal(Fixtures.swtpm("certify-by-ecc-ak.tpmt_signature"));
        Signature v = Signature.getInstance("SHA256withECDSA");
        v.initVerify(ak.toPublicKey());
        v.update(Fixtures.swtpm("certify-by-ecc-ak.tpms_attest"));
        assertThat(v.verify(sig.toX509Der())).isTrue();
    }

    @Test
    void attestation_with_wrong_magic_is_refused() {
        byte[] attest = Fixtures.swtpm("certify-by-ecc-ak.tpms_attest");
        attest[3] = 0x48;
        assertThatThrownBy(() -> TpmsAttest.unmarshal(attest))
                .isInstanceOf(TpmFormatException.class).hasMessage("TPMS_ATTEST.magic: 0xff544348 is not TPM_GENERATED");
    }

    @Test
    void attestation_of_an_unsupported_type_is_refused() {
        byte[] attest = Fixtures.swtpm("certify-by-ecc-ak.tpms_attest");
        attest[5] = 0x16;
        assertThatThrownBy(() -> TpmsAttest.unmarshal(attest))
                .isInstanceOf(TpmFormatException.class).extracting("field").isEqualTo("TPMS_ATTEST.type");
    }

    @Test
    void attestation_with_trailing_bytes_is_refused() {
        byte[] attest = Fixtures.swtpm("certify-by-ecc-ak.tpms_attest");
        assertThatThrownBy(() -> TpmsAttest.unmarshal(Arrays.copyOf(attest, attest.length + 2)))
                .isInstanceOf(TpmFormatException.class).hasMessage("TPMS_ATTEST: 2 trailing bytes");
    }

    @Test
    void signature_with_oversized_ecdsa_component_is_refused() {
        byte[] sig = Fixtures.swtpm("certify-by-ecc-ak.tpmt_signature");
        sig[4] = 0x01;
        assertThatThrownBy(() -> TpmtSignature.unmarshal(sig))
                .isInstanceOf(TpmFormatException.class).hasMessage("TPMT_SIGNATURE.signature.signatureR: size 288 exceeds 66");
    }

    @Test
    void ecdsa_signature_survives_conversion_to_der_and_back() throws Exception {
        TpmtSignature real = TpmtSignature.unmarshal(Fixtures.swtpm("certify-by-ecc-ak.tpmt_signature"));
        TpmtSignature rebuilt = TpmtSignature.ecdsaFromDer(TpmAlgorithm.SHA256, real.toX509Der());
        assertThat(new java.math.BigInteger(1, rebuilt.ecdsaR())).isEqualTo(new java.math.BigInteger(1, real.ecdsaR()));
        assertThat(new java.math.BigInteger(1, rebuilt.ecdsaS())).isEqualTo(new java.math.BigInteger(1, real.ecdsaS()));
    }

    @Test
    void ecdsa_signature_padded_to_the_curve_marshals_exactly_like_the_tpm() throws Exception {
        TpmtSignature real = TpmtSignature.unmarshal(Fixtures.swtpm("certify-by-ecc-ak.tpmt_signature"));
        TpmtSignature rebuilt = TpmtSignature.ecdsa(TpmAlgorithm.SHA256, TpmEccCurve.NIST_P256,
                new java.math.BigInteger(1, real.ecdsaR()), new java.math.BigInteger(1, real.ecdsaS()));
        assertThat(rebuilt.marshal()).isEqualTo(real.marshal());
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa2048", "ecc-p256", "ecc-p384"})
    void credential_blobs_a_real_tpm_activated_re_marshal_byte_exact(String ek) throws Exception {
        byte[] id = Fixtures.swtpm("credential-for-ek-" + ek + ".tpm2b_id_object");
        byte[] secret = Fixtures.swtpm("credential-for-ek-" + ek + ".tpm2b_encrypted_secret");
        assertThat(TpmIdObject.unmarshalTpm2b(id).marshalTpm2b()).isEqualTo(id);
        assertThat(TpmEncryptedSecret.unmarshalTpm2b(secret).marshalTpm2b()).isEqualTo(secret);
    }

    @Test
    void ecc_credential_secret_a_real_tpm_activated_is_a_point_on_the_ek_curve() throws Exception {
        TpmsEccPoint p = TpmEncryptedSecret.unmarshalTpm2b(Fixtures.swtpm("credential-for-ek-ecc-p384.tpm2b_encrypted_secret")).eccPoint();
        assertThat(TpmCurves.point(TpmEccCurve.NIST_P384, p.x(), p.y(), "ephemeral")).isNotNull();
    }

    @Test
    void id_object_and_encrypted_secret_round_trip() throws Exception {
        TpmPublic ek = TpmPublic.unmarshalTpm2b(Fixtures.swtpm("ek-ecc-p384.tpm2b_public"));
        TpmName ak = TpmPublic.unmarshalTpm2b(Fixtures.swtpm("ak-ecc-p256.tpm2b_public")).name();
        MadeCredential made = MakeCredential.make(ek, ak, new byte[] {1, 2, 3}, new java.security.SecureRandom());
        assertThat(TpmIdObject.unmarshalTpm2b(made.idObject()).marshalTpm2b()).isEqualTo(made.idObject());
        assertThat(TpmEncryptedSecret.unmarshalTpm2b(made.encryptedSecret()).marshalTpm2b()).isEqualTo(made.encryptedSecret());
    }
}
