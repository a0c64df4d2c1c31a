package io.edgeprov.contracts.device;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * Gateway to device, reply to {@link AttestationBegin}: the MakeCredential output that only the
 * TPM holding both EK and AK can open with TPM2_ActivateCredential.
 *
 * @param clientToken     echoed from the request
 * @param challengeId     names this challenge in the finish step and in the proofs
 * @param credentialBlob  TPM2B_ID_OBJECT, at most {@value WireLimits#ID_OBJECT_MAX} bytes
 * @param encryptedSecret TPM2B_ENCRYPTED_SECRET, at most {@value WireLimits#ENCRYPTED_SECRET_MAX} bytes
 * @param expiresAt       the finish must arrive before this instant (whole seconds)
 */
public record Challenge(ClientToken clientToken, ChallengeId challengeId, byte[] credentialBlob,
                        byte[] encryptedSecret, Instant expiresAt) implements DeviceMessage {

    public Challenge {
        Require.deviceToken("clientToken", clientToken);
        Require.present("challengeId", challengeId);
        credentialBlob = Require.bytes("credentialBlob", credentialBlob, WireLimits.ID_OBJECT_MAX);
        encryptedSecret = Require.bytes("encryptedSecret", encryptedSecret, WireLimits.ENCRYPTED_SECRET_MAX);
        expiresAt = Require.epochSeconds("expiresAt", expiresAt);
    }

    @Override
    public MessageType type() {
        return MessageType.CHALLENGE;
    }

    @Override
    public byte[] credentialBlob() {
        return credentialBlob.clone();
    }

    @Override
    public byte[] encryptedSecret() {
        return encryptedSecret.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Challenge other
                && clientToken.equals(other.clientToken)
                && challengeId.equals(other.challengeId)
                && Arrays.equals(credentialBlob, other.credentialBlob)
                && Arrays.equals(encryptedSecret, other.encryptedSecret)
                && expiresAt.equals(other.expiresAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(clientToken, challengeId, Arrays.hashCode(credentialBlob), Arrays.hashCode(encryptedSecret),
                expiresAt);
    }

    @Override
    public String toString() {
        return "Challenge[challengeId=" + challengeId + ", credentialBlob=" + Require.size(credentialBlob)
                + ", encryptedSecret=" + Require.size(encryptedSecret) + ", expiresAt=" + expiresAt + "]";
    }
}
