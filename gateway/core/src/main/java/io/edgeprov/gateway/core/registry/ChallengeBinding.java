package io.edgeprov.gateway.core.registry;

import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import java.util.Arrays;
import java.util.Objects;

/**
 * What a challenge binds the finish to, none of it secret: the AK that must sign the TPM2_Certify
 * output, the qualifying data that output must carry, and the EK the challenge was made for.
 *
 * @param akPublic the AK's TPM2B_PUBLIC as presented at begin; copied in and out
 * @param qualifyingData the expected TPM2_Certify extraData, SHA-256(UTF-8(challengeId) || secret); the
 *        device sends it in clear inside certifyInfo and it cannot be turned back into the secret
 * @param ekPublicSha256 SHA-256 of the EK's TPM2B_PUBLIC, recorded on the device when finish succeeds
 */
public record ChallengeBinding(byte[] akPublic, byte[] qualifyingData, Sha256Digest ekPublicSha256) {

    /** Longest AK public area accepted, as the wire contract bounds TPM2B_PUBLIC. */
    public static final int MAX_PUBLIC_AREA = 2048;

    public ChallengeBinding {
        Objects.requireNonNull(akPublic, "akPublic");
        if (akPublic.length < 4 || akPublic.length > MAX_PUBLIC_AREA) {
            throw new IllegalArgumentException("akPublic must be a TPM2B_PUBLIC of 4.." + MAX_PUBLIC_AREA
                    + " bytes, got " + akPublic.length);
        }
        akPublic = akPublic.clone();
        Objects.requireNonNull(qualifyingData, "qualifyingData");
        if (qualifyingData.length != Sha256Digest.LENGTH) {
            throw new IllegalArgumentException("qualifyingData must be " + Sha256Digest.LENGTH + " bytes, got "
                    + qualifyingData.length);
        }
        qualifyingData = qualifyingData.clone();
        Objects.requireNonNull(ekPublicSha256, "ekPublicSha256");
    }

    @Override
    public byte[] akPublic() {
        return akPublic.clone();
    }

    @Override
    public byte[] qualifyingData() {
        return qualifyingData.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ChallengeBinding that && Arrays.equals(akPublic, that.akPublic)
                && Arrays.equals(qualifyingData, that.qualifyingData) && ekPublicSha256.equals(that.ekPublicSha256);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(akPublic), Arrays.hashCode(qualifyingData), ekPublicSha256);
    }

    @Override
    public String toString() {
        return "ChallengeBinding[akPublic=" + akPublic.length + " bytes, ek=" + ekPublicSha256.hex() + "]";
    }
}
