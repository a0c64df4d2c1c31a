package io.edgeprov.sim.fleet;

import io.edgeprov.sim.tpm.SoftwareTpm.EndorsementKeyType;
import java.util.Locale;

/** Which EK template the fleet's TPMs get. */
public enum EkMix {
    RSA,
    ECC,
    /** Alternating, RSA first, as a mixed production lot would have. */
    MIXED;

    public EndorsementKeyType typeFor(int index) {
        return switch (this) {
            case RSA -> EndorsementKeyType.RSA_2048;
            case ECC -> EndorsementKeyType.ECC_P256;
            case MIXED -> index % 2 == 0 ? EndorsementKeyType.RSA_2048 : EndorsementKeyType.ECC_P256;
        };
    }

    /** {@code rsa}, {@code ecc} or {@code mixed}, any case. */
    public static EkMix parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("EK mix '" + text + "' is not rsa, ecc or mixed", e);
        }
    }
}
