package io.edgeprov.gateway.core.registry;

import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import java.util.Arrays;
import java.util.Objects;

/**
 * The TPM keys a device proved at its last full attestation; a renewal with a new TPM key must be
 * certified by this AK.
 *
 * @param ekPublicSha256 SHA-256 of the EK's TPM2B_PUBLIC
 * @param akPublic the AK's TPM2B_PUBLIC; copied in and out
 */
public record AttestedKeys(Sha256Digest ekPublicSha256, byte[] akPublic) {

    public AttestedKeys {
        Objects.requireNonNull(ekPublicSha256, "ekPublicSha256");
        Objects.requireNonNull(akPublic, "akPublic");
        if (akPublic.length < 4 || akPublic.length > ChallengeBinding.MAX_PUBLIC_AREA) {
            throw new IllegalArgumentException("akPublic must be a TPM2B_PUBLIC of 4.."
                    + ChallengeBinding.MAX_PUBLIC_AREA + " bytes, got " + akPublic.length);
        }
        akPublic = akPublic.clone();
    }

    @Override
    public byte[] akPublic() {
        return akPublic.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AttestedKeys that && ekPublicSha256.equals(that.ekPublicSha256)
                && Arrays.equals(akPublic, that.akPublic);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ekPublicSha256, Arrays.hashCode(akPublic));
    }

    @Override
    public String toString() {
        return "AttestedKeys[ek=" + ekPublicSha256.hex() + ", akPublic=" + akPublic.length + " bytes]";
    }
}
