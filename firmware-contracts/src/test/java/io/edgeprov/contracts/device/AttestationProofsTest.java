package io.edgeprov.contracts.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Known answers computed independently with OpenSSL for the README's worked example:
 * secret = bytes 0x00..0x1f, challengeId = "Yx3f_Q9kLm2Z".
 */
class AttestationProofsTest {

    private static final byte[] SECRET = givenCountingBytes(32);
    private static final ChallengeId ID = new ChallengeId("Yx3f_Q9kLm2Z");

    @Test
    void secret_proof_is_hmac_sha256_of_the_challenge_id_keyed_with_the_secret() {
        assertThat(hex(AttestationProofs.secretProof(SECRET, ID)))
                .isEqualTo("60bbaaef6a2af4553a343f3963f11620e81c0dbe15f6664930ef676af620c04d");
    }

    @Test
    void qualifying_data_is_sha256_of_challenge_id_then_secret() {
        assertThat(hex(AttestationProofs.qualifyingData(ID, SECRET)))
                .isEqualTo("bf69fbc498fa771ed6e754d008f97cf9a6ece182f810035fa29ca59aba2c774d");
    }

    @Test
    void renewal_qualifying_data_is_sha256_of_the_csr() {
        byte[] csr = new byte[20];
        for (int i = 0; i < csr.length; i++) {
            csr[i] = (byte) (0xd0 + i);
        }

        assertThat(hex(AttestationProofs.renewalQualifyingData(csr)))
                .isEqualTo("9b03be6bd7d025af0fd545430507044fa6fed906f4bf59e13adb8b1d9a9290d2");
    }

    @Test
    void matching_proof_is_accepted() {
        byte[] proof = AttestationProofs.secretProof(SECRET, ID);

        assertThat(AttestationProofs.secretProofMatches(SECRET, ID, proof)).isTrue();
    }

    @Test
    void proof_for_another_challenge_is_refused() {
        byte[] proof = AttestationProofs.secretProof(SECRET, new ChallengeId("other"));

        assertThat(AttestationProofs.secretProofMatches(SECRET, ID, proof)).isFalse();
    }

    @Test
    void empty_secret_is_refused() {
        IdentifiersTest.thenRefused(() -> AttestationProofs.secretProof(new byte[0], ID), "activatedSecret",
                WireProblem.OUT_OF_RANGE);
    }

    private static byte[] givenCountingBytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
