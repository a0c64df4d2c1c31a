package io.edgeprov.contracts.device;

/**
 * The gateway's public handle for one attestation challenge: 1..64 characters of
 * {@code [A-Za-z0-9_-]} (the gateway uses unpadded base64url of random bytes). It names the
 * challenge and feeds the proofs; the challenge secret itself never travels in clear.
 */
public record ChallengeId(String value) {

    private static final String CHARS = "AZaz09__--";

    public ChallengeId {
        Require.identifier("challengeId", value, CHARS, CHARS);
    }

    @Override
    public String toString() {
        return value;
    }
}
