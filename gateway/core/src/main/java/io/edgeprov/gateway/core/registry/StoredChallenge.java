package io.edgeprov.gateway.core.registry;

import io.edgeprov.gateway.core.registry.value.Checks;
import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A one-use attestation challenge as stored: only the SHA-256 of the credential secret is kept, so a
 * stolen database cannot answer a challenge.
 *
 * @param challengeId unique id sent to the device
 * @param deviceId the device it was issued to
 * @param expectedProofSha256 SHA-256 of the secret the device must recover with ActivateCredential
 * @param akName the TPM Name of the attestation key the secret is bound to; copied in and out
 * @param issuedAt when it was issued (stored to the millisecond)
 * @param expiresAt when it stops being acceptable (stored to the millisecond)
 * @param binding what the finish is bound to (AK, qualifying data, EK); empty only for rows written before
 *        schema V2, which a finish refuses
 */
public record StoredChallenge(String challengeId, String deviceId, Sha256Digest expectedProofSha256, byte[] akName,
        Instant issuedAt, Instant expiresAt, Optional<ChallengeBinding> binding) {

    /** A challenge without a binding, as schema V1 stored it. */
    public StoredChallenge(String challengeId, String deviceId, Sha256Digest expectedProofSha256, byte[] akName,
            Instant issuedAt, Instant expiresAt) {
        this(challengeId, deviceId, expectedProofSha256, akName, issuedAt, expiresAt, Optional.empty());
    }

    public StoredChallenge {
        Checks.text(challengeId, "challengeId", 128);
        Checks.text(deviceId, "deviceId", DeviceRecord.MAX_ID_LENGTH);
        Objects.requireNonNull(expectedProofSha256, "expectedProofSha256");
        Objects.requireNonNull(akName, "akName");
        if (akName.length < 2 || akName.length > 68) {
            throw new IllegalArgumentException("akName must be a TPM Name of 2..68 bytes, got " + akName.length);
        }
        akName = akName.clone();
        issuedAt = Checks.millis(issuedAt, "issuedAt");
        expiresAt = Checks.millis(expiresAt, "expiresAt");
        if (!expiresAt.isAfter(issuedAt)) {
            throw new IllegalArgumentException("expiresAt must be after issuedAt");
        }
        Objects.requireNonNull(binding, "binding");
    }

    /**
     * Builds the stored form of a challenge from its secret; the secret itself is hashed, not kept.
     */
    public static StoredChallenge forSecret(String challengeId, String deviceId, byte[] secret, byte[] akName,
            Instant issuedAt, Instant expiresAt) {
        return new StoredChallenge(challengeId, deviceId, Sha256Digest.of(secret), akName, issuedAt, expiresAt);
    }

    @Override
    public byte[] akName() {
        return akName.clone();
    }

    /** Whether a presented secret is the expected one, compared in constant time. */
    public boolean acceptsProof(byte[] presentedSecret) {
        return expectedProofSha256.equals(Sha256Digest.of(presentedSecret));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredChallenge that
                && challengeId.equals(that.challengeId)
                && deviceId.equals(that.deviceId)
                && expectedProofSha256.equals(that.expectedProofSha256)
                && java.util.Arrays.equals(akName, that.akName)
                && issuedAt.equals(that.issuedAt)
                && expiresAt.equals(that.expiresAt)
                && binding.equals(that.binding);
    }

    @Override
    public int hashCode() {
        return Objects.hash(challengeId, deviceId, expectedProofSha256, java.util.Arrays.hashCode(akName),
                issuedAt, expiresAt, binding);
    }

    @Override
    public String toString() {
        // The proof hash is left out: it is not secret, but nothing gains from printing it.
        return "StoredChallenge[challengeId=" + challengeId + ", deviceId=" + deviceId + ", issuedAt=" + issuedAt
                + ", expiresAt=" + expiresAt + "]";
    }
}
