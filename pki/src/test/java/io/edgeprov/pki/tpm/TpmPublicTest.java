package io.edgeprov.pki.tpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.PublicKey;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class TpmPublicTest {

    private static TpmPublic rsaEk() {
        return TpmPublic.ekTemplateRsa2048().withUnique(TestKeys.RSA_EK.getPublic());
    }

    private static TpmPublic p256Ek() {
        return TpmPublic.ekTemplateEccP256().withUnique(TestKeys.P256_EK.getPublic());
    }

    private static byte[] withByte(byte[] b, int index, int value) {
        byte[] c = b.clone();
        c[index] = (byte) value;
        return c;
    }

    @Test
    void rsa_public_area_round_trips_byte_exact() throws Exception {
        byte[] wire = rsaEk().marshalTpm2b();
        assertThat(TpmPublic.unmarshalTpm2b(wire).marshalTpm2b()).isEqualTo(wire);
    }

    @Test
    void ecc_public_area_round_trips_byte_exact() throws Exception {
        byte[] wire = p256Ek().marshal();
        assertThat(TpmPublic.unmarshal(wire)).isEqualTo(p256Ek());
    }

    @Test
    void rsa_ek_template_marshals_to_the_tcg_low_range_layout() {
        byte[] wire = TpmPublic.ekTemplateRsa2048().marshal();
        String head = HexFormat.of().formatHex(Arrays.copyOf(wire, 2 + 2 + 4 + 2 + 32 + 6 + 2 + 2 + 4 + 2));
        assertThat(head).isEqualTo("0001" + "000b" + "000300b2" + "0020" + EkTemplates.POLICY_A_SHA256
                + "0006" + "0080" + "0043" + "0010" + "0800" + "00000000" + "0100");
    }

    @Test
    void ecc_p384_ek_template_uses_sha384_and_aes256() {
        String hex = HexFormat.of().formatHex(TpmPublic.ekTemplateEccP384().marshal());
        assertThat(hex).isEqualTo("0023" + "000c" + "000300f2" + "0030" + EkTemplates.POLICY_A_SHA384
                + "0006" + "0100" + "0043" + "0010" + "0004" + "0010" + "0000" + "0000");
    }

    @Test
    void every_defined_attribute_bit_has_its_own_accessor() {
        ObjectAttributes all = new ObjectAttributes(ObjectAttributes.DEFINED_MASK);
        assertThat(new boolean[] {all.fixedTPM(), all.stClear(), all.fixedParent(), all.sensitiveDataOrigin(), all.userWithAuth(),
                all.adminWithPolicy(), all.noDA(), all.encryptedDuplication(), all.restricted(), all.decrypt(), all.sign(), all.x509sign()})
                .containsOnly(true);
        assertThat(new ObjectAttributes(ObjectAttributes.Bit.NO_DA.mask()).bits()).containsExactly(ObjectAttributes.Bit.NO_DA);
    }

    @Test
    void reserved_attribute_bit_is_refused() {
        byte[] wire = p256Ek().marshal();
        assertThatThrownBy(() -> TpmPublic.unmarshal(withByte(wire, 7, wire[7] | 0x01)))
                .isInstanceOf(TpmFormatException.class).hasMessageStartingWith("TPMT_PUBLIC.objectAttributes: reserved bits");
    }

    @Test
    void oversized_rsa_unique_is_refused_before_allocation() throws Exception {
        byte[] wire = rsaEk().marshal();
        int uniqueSizeAt = wire.length - 256 - 2;
        byte[] bad = withByte(withByte(wire, uniqueSizeAt, 0x10), uniqueSizeAt + 1, 0x00);
        assertThatThrownBy(() -> TpmPublic.unmarshal(bad))
                .isInstanceOf(TpmFormatException.class).hasMessage("TPMT_PUBLIC.unique.rsa: size 4096 exceeds 512");
    }

    @Test
    void truncated_public_area_is_refused_naming_the_field() {
        byte[] wire = p256Ek().marshal();
        assertThatThrownBy(() -> TpmPublic.unmarshal(Arrays.copyOf(wire, wire.length - 1)))
                .isInstanceOf(TpmFormatException.class).extracting("field").isEqualTo("TPMT_PUBLIC.unique.ecc.y");
    }

    @Test
    void trailing_bytes_after_public_area_are_refused() {
        byte[] wire = p256Ek().marshal();
        assertThatThrownBy(() -> TpmPublic.unmarshal(Arrays.copyOf(wire, wire.length + 1)))
                .isInstanceOf(TpmFormatException.class).hasMessage("TPMT_PUBLIC: 1 trailing bytes");
    }

    @Test
    void tpm2b_size_that_does_not_cover_the_area_is_refused() {
        byte[] wire = p256Ek().marshalTpm2b();
        byte[] longer = Arrays.copyOf(wire, wire.length + 1);
        longer[1] = (byte) (longer[1] + 1);
        assertThatThrownBy(() -> TpmPublic.unmarshalTpm2b(longer))
                .isInstanceOf(TpmFormatException.class).hasMessage("TPM2B_PUBLIC.publicArea: 1 trailing bytes");
    }

    @Test
    void unknown_name_algorithm_is_refused() {
        byte[] wire = p256Ek().marshal();
        assertThatThrownBy(() -> TpmPublic.unmarshal(withByte(wire, 3, 0x0d)))
                .isInstanceOf(TpmFormatException.class).hasMessage("TPMT_PUBLIC.nameAlg: unknown algorithm 0x000d");
    }

    @Test
    void unknown_curve_is_refused() {
        byte[] wire = p256Ek().marshal();
        int curveAt = 2 + 2 + 4 + 2 + 32 + 6 + 2 + 1;
        assertThatThrownBy(() -> TpmPublic.unmarshal(withByte(wire, curveAt, 0x09)))
                .isInstanceOf(TpmFormatException.class).hasMessage("TPMS_ECC_PARMS.curveID: unknown curve 0x0009");
    }

    @Test
    void public_key_of_an_ecc_area_equals_the_source_key() throws Exception {
        PublicKey key = p256Ek().toPublicKey();
        assertThat(key.getEncoded()).isEqualTo(TestKeys.P256_EK.getPublic().getEncoded());
    }

    @Test
    void public_key_of_an_rsa_area_equals_the_source_key() throws Exception {
        assertThat(rsaEk().toPublicKey().getEncoded()).isEqualTo(TestKeys.RSA_EK.getPublic().getEncoded());
    }

    @Test
    void template_with_zero_unique_is_not_a_usable_key() {
        assertThatThrownBy(() -> TpmPublic.ekTemplateEccP256().toPublicKey())
                .isInstanceOf(TpmFormatException.class).extracting("field").isEqualTo("TPMT_PUBLIC.unique.ecc");
    }

    @Test
    void matches_recognises_only_its_own_key() {
        assertThat(p256Ek().matches(TestKeys.P256_EK.getPublic())).isTrue();
        assertThat(p256Ek().matches(TestKeys.P256_OTHER.getPublic())).isFalse();
    }

    @Test
    void name_is_name_alg_followed_by_digest_of_the_public_area() throws Exception {
        TpmPublic ek = p256Ek();
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(ek.marshal());
        assertThat(ek.name().bytes()).startsWith(0x00, 0x0b).endsWith(digest).hasSize(34);
    }

    @Test
    void p384_ek_name_uses_sha384() {
        TpmName name = TpmPublic.ekTemplateEccP384().withUnique(TestKeys.P384_EK.getPublic()).name();
        assertThat(name.nameAlg()).isEqualTo(TpmAlgorithm.SHA384);
        assertThat(name.digest()).hasSize(48);
    }

    @Test
    void sha1_name_alg_yields_a_twenty_byte_digest() {
        TpmPublic key = TpmPublic.signingKey(TestKeys.P256_DEVICE.getPublic(), TpmAlgorithm.SHA1, AttestationFixtures.deviceKeyAttributes(), TpmScheme.NULL);
        assertThat(key.name().bytes()).startsWith(0x00, 0x04).hasSize(22);
    }

    @Test
    void name_with_wrong_digest_length_is_refused() {
        assertThatThrownBy(() -> TpmName.parse(new byte[] {0x00, 0x0b, 1, 2}, "n"))
                .isInstanceOf(TpmFormatException.class).hasMessage("n: 2 digest bytes for SHA256");
    }
}
