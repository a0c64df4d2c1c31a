package io.edgeprov.pki.tpm;

import java.util.Objects;
import java.util.Set;

/**
 * A scheme with its hash: TPMT_RSA_SCHEME, TPMT_ECC_SCHEME or TPMT_KDF_SCHEME. A NULL scheme
 * carries the NULL hash.
 */
public record TpmScheme(TpmAlgorithm scheme, TpmAlgorithm hashAlg) {

    public static final TpmScheme NULL = new TpmScheme(TpmAlgorithm.NULL, TpmAlgorithm.NULL);

    static final Set<TpmAlgorithm> RSA_SCHEMES = Set.of(TpmAlgorithm.NULL, TpmAlgorithm.RSASSA, TpmAlgorithm.RSAPSS, TpmAlgorithm.OAEP);
    static final Set<TpmAlgorithm> ECC_SCHEMES = Set.of(TpmAlgorithm.NULL, TpmAlgorithm.ECDSA, TpmAlgorithm.ECDH);
    static final Set<TpmAlgorithm> KDF_SCHEMES = Set.of(TpmAlgorithm.NULL, TpmAlgorithm.KDF1_SP800_56A, TpmAlgorithm.KDF1_SP800_108);

    public TpmScheme {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(hashAlg, "hashAlg");
        if (scheme == TpmAlgorithm.NULL ? hashAlg != TpmAlgorithm.NULL : !hashAlg.isHash()) {
            throw new IllegalArgumentException("scheme " + scheme + " cannot carry hash " + hashAlg);
        }
    }

    /** A scheme with a hash, e.g. {@code of(ECDSA, SHA256)}. */
    public static TpmScheme of(TpmAlgorithm scheme, TpmAlgorithm hashAlg) {
        return new TpmScheme(scheme, hashAlg);
    }

    public boolean isNull() {
        return scheme == TpmAlgorithm.NULL;
    }

    static TpmScheme read(TpmReader r, String field, Set<TpmAlgorithm> allowed) throws TpmFormatException {
        TpmAlgorithm s = r.algorithm(field + ".scheme");
        if (!allowed.contains(s)) {
            throw new TpmFormatException(field + ".scheme", s + " is not allowed here");
        }
        if (s == TpmAlgorithm.NULL) {
            return NULL;
        }
        return new TpmScheme(s, r.hashAlgorithm(field + ".details.hashAlg"));
    }

    void write(TpmWriter w) {
        w.algorithm(scheme);
        if (scheme != TpmAlgorithm.NULL) {
            w.algorithm(hashAlg);
        }
    }
}
