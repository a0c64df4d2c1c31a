package io.edgeprov.pki.tpm;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Every size field is checked against its structure's maximum before anything is allocated. */
class TpmBoundsTest {

    private static byte[] sizePrefix(int size) {
        return new TpmWriter().u16(size).toByteArray();
    }

    @Test
    void id_object_larger_than_two_digests_is_refused() {
        assertThatThrownBy(() -> TpmIdObject.unmarshalTpm2b(sizePrefix(200)))
                .isInstanceOf(TpmFormatException.class).hasMessage("TPM2B_ID_OBJECT: size 200 exceeds 132");
    }

    @Test
    void id_object_without_an_encrypted_identity_is_refused() {
        byte[] wire = new TpmWriter().tpm2b(new TpmWriter().tpm2b(new byte[32]).toByteArray()).toByteArray();
        assertThatThrownBy(() -> TpmIdObject.unmarshalTpm2b(wire))
                .isInstanceOf(TpmFormatException.class).extracting("field").isEqualTo("TPM2B_ID_OBJECT.encIdentity");
    }

    @Test
    void encrypted_secret_larger_than_an_rsa_4096_block_is_refused() {
        assertThatThrownBy(() -> TpmEncryptedSecret.unmarshalTpm2b(sizePrefix(600)))
                .isInstanceOf(TpmFormatException.class).hasMessage("TPM2B_ENCRYPTED_SECRET: size 600 exceeds 512");
    }

    @Test
    void ecc_coordinate_longer_than_any_tpm_curve_is_refused() {
        byte[] wire = new TpmWriter().tpm2b(new byte[67]).tpm2b(new byte[32]).toByteArray();
        assertThatThrownBy(() -> TpmsEccPoint.unmarshal(wire))
                .isInstanceOf(TpmFormatException.class).hasMessage("TPMS_ECC_POINT.x: size 67 exceeds 66");
    }

    @Test
    void size_prefix_beyond_the_input_is_refused_as_truncated() {
        byte[] wire = Arrays.copyOf(sizePrefix(40), 12);
        assertThatThrownBy(() -> TpmEncryptedSecret.unmarshalTpm2b(wire))
                .isInstanceOf(TpmFormatException.class).hasMessage("TPM2B_ENCRYPTED_SECRET: truncated: needs 40 bytes, 10 left");
    }

    @Test
    void quote_with_more_pcr_selections_than_hash_banks_is_refused() {
        TpmWriter w = new TpmWriter().u32(TpmsAttest.TPM_GENERATED_VALUE).u16(TpmsAttest.TPM_ST_ATTEST_QUOTE).tpm2b(new byte[0]).tpm2b(new byte[0]);
        new TpmsClockInfo(1, 1, 1, true).write(w);
        w.u64(1).u32(17);
        assertThatThrownBy(() -> TpmsAttest.unmarshal(w.toByteArray()))
                .isInstanceOf(TpmFormatException.class).hasMessage("TPMS_ATTEST.attested.quote.pcrSelect.count: count 17 exceeds 16");
    }

    @Test
    void clock_info_safe_flag_other_than_yes_or_no_is_refused() {
        TpmWriter w = new TpmWriter().u32(TpmsAttest.TPM_GENERATED_VALUE).u16(TpmsAttest.TPM_ST_ATTEST_CERTIFY).tpm2b(new byte[0]).tpm2b(new byte[0]);
        w.u64(1).u32(1).u32(1).u8(2);
        assertThatThrownBy(() -> TpmsAttest.unmarshal(w.toByteArray()))
                .isInstanceOf(TpmFormatException.class).hasMessage("TPMS_ATTEST.clockInfo.safe: TPMI_YES_NO value 2");
    }

    @Test
    void null_signature_is_refused() {
        assertThatThrownBy(() -> TpmtSignature.unmarshal(new byte[] {0x00, 0x10}))
                .isInstanceOf(TpmFormatException.class).hasMessage("TPMT_SIGNATURE.sigAlg: NULL is not RSASSA, RSAPSS or ECDSA");
    }

    @Test
    void public_area_of_a_keyedhash_object_is_refused() {
        assertThatThrownBy(() -> TpmPublic.unmarshal(new byte[] {0x00, 0x08, 0x00, 0x0b}))
                .isInstanceOf(TpmFormatException.class).hasMessage("TPMT_PUBLIC.type: KEYEDHASH is not RSA or ECC");
    }

    @Test
    void authorization_policy_of_the_wrong_digest_size_is_refused() {
        byte[] wire = new TpmWriter().algorithm(TpmAlgorithm.ECC).algorithm(TpmAlgorithm.SHA256).u32(0).tpm2b(new byte[20]).toByteArray();
        assertThatThrownBy(() -> TpmPublic.unmarshal(wire))
                .isInstanceOf(TpmFormatException.class).hasMessage("TPMT_PUBLIC.authPolicy: size 20 is not 0 or the SHA256 digest size");
    }
}
