package io.edgeprov.pki.tpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class MakeCredentialTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final byte[] secret = randomSecret();

    private static byte[] randomSecret() {
        byte[] s = new byte[32];
        RANDOM.nextBytes(s);
        return s;
    }

    private static TpmName akName() {
        return TpmPublic.signingKey(TestKeys.P256_AK.getPublic(), TpmAlgorithm.SHA256, AttestationFixtures.akAttributes(),
                TpmScheme.of(TpmAlgorithm.ECDSA, TpmAlgorithm.SHA256)).name();
    }

    private byte[] givenCredentialActivatedBy(TpmPublic ek, KeyPair ekPair) throws Exception {
        MadeCredential made = MakeCredential.make(ek, akName(), secret, RANDOM);
        return ActivateCredential.activate(ek, ekPair.getPrivate(), akName(), made);
    }

    @Test
    void rsa_ek_credential_round_trips_through_activation() throws Exception {
        TpmPublic ek = TpmPublic.ekTemplateRsa2048().withUnique(TestKeys.RSA_EK.getPublic());
        assertThat(givenCredentialActivatedBy(ek, TestKeys.RSA_EK)).isEqualTo(secret);
    }

    @Test
    void p256_ek_credential_round_trips_through_activation() throws Exception {
        TpmPublic ek = TpmPublic.ekTemplateEccP256().withUnique(TestKeys.P256_EK.getPublic());
        assertThat(givenCredentialActivatedBy(ek, TestKeys.P256_EK)).isEqualTo(secret);
    }

    @Test
    void p384_ek_credential_round_trips_through_activation() throws Exception {
        TpmPublic ek = TpmPublic.ekTemplateEccP384().withUnique(TestKeys.P384_EK.getPublic());
        assertThat(givenCredentialActivatedBy(ek, TestKeys.P384_EK)).isEqualTo(secret);
    }

    @Test
    void ecc_encrypted_secret_is_the_marshalled_ephemeral_point_on_the_ek_curve() throws Exception {
        TpmPublic ek = TpmPublic.ekTemplateEccP384().withUnique(TestKeys.P384_EK.getPublic());
        MadeCredential made = MakeCredential.make(ek, akName(), secret, RANDOM);
        TpmsEccPoint point = TpmEncryptedSecret.unmarshalTpm2b(made.encryptedSecret()).eccPoint();
        assertThat(point.x()).hasSize(48);
        assertThat(TpmCurves.point(TpmEccCurve.NIST_P384, point.x(), point.y(), "p")).isNotNull();
    }

    @Test
    void rsa_encrypted_secret_is_one_oaep_block_of_the_ek_modulus() throws Exception {
        TpmPublic ek = TpmPublic.ekTemplateRsa2048().withUnique(TestKeys.RSA_EK.getPublic());
        MadeCredential made = MakeCredential.make(ek, akName(), secret, RANDOM);
        assertThat(TpmEncryptedSecret.unmarshalTpm2b(made.encryptedSecret()).secret()).hasSize(256);
    }

    @Test
    void credential_bound_to_another_name_fails_the_integrity_check() throws Exception {
        TpmPublic ek = TpmPublic.ekTemplateEccP256().withUnique(TestKeys.P256_EK.getPublic());
        TpmName other = TpmPublic.signingKey(TestKeys.P256_OTHER.getPublic(), TpmAlgorithm.SHA256, AttestationFixtures.akAttributes(),
                TpmScheme.of(TpmAlgorithm.ECDSA, TpmAlgorithm.SHA256)).name();
        MadeCredential made = MakeCredential.make(ek, other, secret, RANDOM);
        assertThatThrownBy(() -> ActivateCredential.activate(ek, TestKeys.P256_EK.getPrivate(), akName(), made))
                .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("integrity");
    }

    @Test
    void credential_for_another_ek_cannot_be_activated() throws Exception {
        TpmPublic ek = TpmPublic.ekTemplateEccP256().withUnique(TestKeys.P256_EK.getPublic());
        TpmPublic foreign = TpmPublic.ekTemplateEccP256().withUnique(TestKeys.P256_OTHER.getPublic());
        MadeCredential made = MakeCredential.make(foreign, akName(), secret, RANDOM);
        assertThatThrownBy(() -> ActivateCredential.activate(ek, TestKeys.P256_EK.getPrivate(), akName(), made))
                .isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void ek_that_is_not_a_restricted_decryption_key_is_refused() {
        TpmPublic signingEk = TpmPublic.signingKey(TestKeys.P256_EK.getPublic(), TpmAlgorithm.SHA256, AttestationFixtures.akAttributes(),
                TpmScheme.of(TpmAlgorithm.ECDSA, TpmAlgorithm.SHA256));
        assertThatThrownBy(() -> MakeCredential.make(signingEk, akName(), secret, RANDOM))
                .isInstanceOf(TpmFormatException.class).hasMessageStartingWith("EK.objectAttributes");
    }

    @Test
    void ek_point_off_the_curve_is_refused() {
        byte[] y = ((TpmsEccPoint) TpmPublic.ekTemplateEccP256().withUnique(TestKeys.P256_EK.getPublic()).unique()).y();
        y[31] ^= 1;
        TpmPublic template = TpmPublic.ekTemplateEccP256();
        byte[] x = ((TpmsEccPoint) template.withUnique(TestKeys.P256_EK.getPublic()).unique()).x();
        TpmPublic bad = new TpmPublic(template.type(), template.nameAlg(), template.objectAttributes(), template.authPolicy(),
                template.parameters(), new TpmsEccPoint(x, y));
        assertThatThrownBy(() -> MakeCredential.make(bad, akName(), secret, RANDOM))
                .isInstanceOf(TpmFormatException.class).hasMessageContaining("not on NIST_P256");
    }

    @Test
    void secret_longer_than_the_ek_name_digest_is_refused() {
        TpmPublic ek = TpmPublic.ekTemplateEccP256().withUnique(TestKeys.P256_EK.getPublic());
        assertThatThrownBy(() -> MakeCredential.make(ek, akName(), new byte[33], RANDOM))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("33 bytes");
    }

    @Test
    void kdfa_output_depends_on_the_label() {
        byte[] key = {1, 2, 3};
        assertThat(TpmKdf.kdfa(TpmAlgorithm.SHA256, key, "STORAGE", new byte[0], new byte[0], 128))
                .isNotEqualTo(TpmKdf.kdfa(TpmAlgorithm.SHA256, key, "INTEGRITY", new byte[0], new byte[0], 128));
    }

    @Test
    void kdfa_longer_output_extends_the_shorter_one_only_when_bits_match() {
        byte[] key = {1, 2, 3};
        byte[] a = TpmKdf.kdfa(TpmAlgorithm.SHA256, key, "X", new byte[0], new byte[0], 512);
        assertThat(a).hasSize(64);
        assertThat(java.util.Arrays.copyOf(a, 32)).isNotEqualTo(TpmKdf.kdfa(TpmAlgorithm.SHA256, key, "X", new byte[0], new byte[0], 256));
    }
}
