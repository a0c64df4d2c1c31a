package io.edgeprov.contracts.device;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The two values that bind an {@link AttestationFinish} to its {@link Challenge}, computed with
 * JDK crypto only so the gateway, the simulator and firmware authors share one definition.
 * <ul>
 *   <li>{@code secretProof = HMAC-SHA256(key = activated secret, data = UTF-8(challengeId))}</li>
 *   <li>TPM2_Certify {@code qualifyingData = SHA-256(UTF-8(challengeId) || activated secret)}</li>
 *   <li>for a renewal with a new TPM key, {@code qualifyingData = SHA-256(csr DER)}: the renewal
 *       channel is already authenticated, so the certification only has to be bound to the CSR</li>
 * </ul>
 * The activated secret is the digest TPM2_ActivateCredential returns (the bytes of its
 * TPM2B_DIGEST, without the size prefix).
 */
public final class AttestationProofs {

    /** Largest activated secret: a TPM2B_DIGEST holds at most a SHA-512 digest. */
    public static final int SECRET_MAX = 64;

    private AttestationProofs() {
    }

    /** HMAC-SHA256 keyed with the activated secret over the challenge id's UTF-8 bytes. */
    public static byte[] secretProof(byte[] activatedSecret, ChallengeId challengeId) {
        checkSecret(activatedSecret);
        Require.present("challengeId", challengeId);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(activatedSecret, "HmacSHA256"));
            return mac.doFinal(challengeId.value().getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks HmacSHA256", e);
        }
    }

    /** Compares in constant time so a timing probe learns nothing about the expected proof. */
    public static boolean secretProofMatches(byte[] activatedSecret, ChallengeId challengeId, byte[] presentedProof) {
        Require.present("secretProof", presentedProof);
        return MessageDigest.isEqual(secretProof(activatedSecret, challengeId), presentedProof);
    }

    /** SHA-256 over the challenge id's UTF-8 bytes followed by the activated secret. */
    public static byte[] qualifyingData(ChallengeId challengeId, byte[] activatedSecret) {
        checkSecret(activatedSecret);
        Require.present("challengeId", challengeId);
        byte[] id = challengeId.value().getBytes(StandardCharsets.UTF_8);
        byte[] input = Arrays.copyOf(id, id.length + activatedSecret.length);
        System.arraycopy(activatedSecret, 0, input, id.length, activatedSecret.length);
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        } finally {
            Arrays.fill(input, (byte) 0);
        }
    }

    /** SHA-256 over the renewal CSR's DER bytes, the qualifying data when a renewal brings a new key. */
    public static byte[] renewalQualifyingData(byte[] csr) {
        Require.bytes("csr", csr, WireLimits.CSR_MAX);
        try {
            return MessageDigest.getInstance("SHA-256").digest(csr);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    private static void checkSecret(byte[] secret) {
        Require.present("activatedSecret", secret);
        if (secret.length == 0 || secret.length > SECRET_MAX) {
            throw new ContractViolation("activatedSecret", WireProblem.OUT_OF_RANGE,
                    secret.length + " bytes, must be 1.." + SECRET_MAX);
        }
    }
}
