package io.edgeprov.tests.tpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeprov.pki.tpm.MadeCredential;
import io.edgeprov.pki.tpm.MakeCredential;
import io.edgeprov.pki.tpm.TpmName;
import io.edgeprov.pki.tpm.TpmPublic;
import io.edgeprov.sim.tpm.DeviceTpm;
import io.edgeprov.sim.tpm.SoftwareTpm;
import io.edgeprov.sim.tpm.TpmOperationException;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * pki.tpm's MakeCredential against TPM2_ActivateCredential, the same contract for the software
 * TPM and a real TPM (swtpm), each with an RSA and an ECC EK: only the TPM holding both the EK
 * and the AK the credential names recovers the secret.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CredentialActivationContractIT {
    private final SecureRandom random = new SecureRandom();
    private TpmBackends backends;
    private SoftwareTpm stranger;

    @BeforeAll
    void start_backends(@TempDir Path dir) throws Exception {
        backends = TpmBackends.start(dir, Clock.systemUTC());
        stranger = SoftwareTpm.builder().random(random).build();
    }

    @AfterAll
    void stop_backends() {
        if (backends != null) {
            backends.close();
        }
    }

    List<NamedTpm> backends() {
        return backends.everyEk();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void our_make_credential_activates_to_the_secret(NamedTpm backend) throws Exception {
        byte[] secret = given_a_secret();
        MadeCredential credential = given_a_credential(ekOf(backend.tpm()), akNameOf(backend.tpm()), secret);

        byte[] activated = backend.tpm().activateCredential(credential.idObject(), credential.encryptedSecret());

        assertThat(activated).containsExactly(secret);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void credential_for_a_foreign_ek_is_refused(NamedTpm backend) throws Exception {
        TpmPublic foreignEk = foreignEkLike(backend);
        MadeCredential credential = given_a_credential(foreignEk, akNameOf(backend.tpm()), given_a_secret());

        // RSA: the seed does not decrypt (TPM_RC_VALUE; libtpms answers TPM_RC_FAILURE yet keeps serving);
        // ECC: ECDH yields another seed, so the outer HMAC fails (TPM_RC_INTEGRITY)
        assertThatThrownBy(() -> backend.tpm().activateCredential(credential.idObject(), credential.encryptedSecret()))
                .isInstanceOf(TpmOperationException.class)
                .hasMessageMatching("(?is).*(integrity|value|TPM failure).*");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void credential_for_another_ak_name_is_refused(NamedTpm backend) throws Exception {
        MadeCredential credential = given_a_credential(ekOf(backend.tpm()), akNameOf(stranger), given_a_secret());

        assertThatThrownBy(() -> backend.tpm().activateCredential(credential.idObject(), credential.encryptedSecret()))
                .isInstanceOf(TpmOperationException.class)
                .hasMessageMatching("(?is).*integrity.*");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void refusal_does_not_reveal_the_secret(NamedTpm backend) throws Exception {
        byte[] secret = given_a_secret();
        MadeCredential credential = given_a_credential(ekOf(backend.tpm()), akNameOf(stranger), secret);

        assertThatThrownBy(() -> backend.tpm().activateCredential(credential.idObject(), credential.encryptedSecret()))
                .hasMessageNotContaining(HexFormat.of().formatHex(secret))
                .hasMessageNotContaining(HexFormat.of().withUpperCase().formatHex(secret));
    }

    /**
     * An EK of the same shape (type and nameAlg) that this TPM does not hold: another back end's,
     * or the same TCG template over a fresh key when no other back end has that shape.
     */
    private TpmPublic foreignEkLike(NamedTpm backend) throws Exception {
        TpmPublic ek = ekOf(backend.tpm());
        for (NamedTpm other : backends.everyEk()) {
            if (other.tpm() != backend.tpm() && sameEkShape(other.tpm(), ek)) {
                return ekOf(other.tpm());
            }
        }
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp384r1"), random);
        TpmPublic p384 = TpmPublic.ekTemplateEccP384().withUnique(generator.generateKeyPair().getPublic());
        assertThat(p384.nameAlg()).isEqualTo(ek.nameAlg());
        return p384;
    }

    private static boolean sameEkShape(DeviceTpm tpm, TpmPublic ek) {
        try {
            TpmPublic other = ekOf(tpm);
            return other.type() == ek.type() && other.nameAlg() == ek.nameAlg();
        } catch (Exception e) {
            return false;
        }
    }

    private byte[] given_a_secret() {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        return secret;
    }

    private MadeCredential given_a_credential(TpmPublic ek, TpmName akName, byte[] secret) throws Exception {
        return MakeCredential.make(ek, akName, secret, random);
    }

    private static TpmPublic ekOf(DeviceTpm tpm) throws Exception {
        return TpmPublic.unmarshalTpm2b(tpm.endorsementKeyPublic());
    }

    private static TpmName akNameOf(DeviceTpm tpm) throws Exception {
        return TpmName.of(TpmPublic.unmarshalTpm2b(tpm.attestationKeyPublic()));
    }
}
