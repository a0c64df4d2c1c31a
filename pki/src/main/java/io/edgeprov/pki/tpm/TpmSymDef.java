package io.edgeprov.pki.tpm;

import java.util.Objects;

/**
 * TPMT_SYM_DEF_OBJECT: the symmetric algorithm of a storage key (AES-128-CFB on a standard EK),
 * or NULL for keys that protect no children.
 */
public record TpmSymDef(TpmAlgorithm algorithm, int keyBits, TpmAlgorithm mode) {

    /** No symmetric algorithm. */
    public static final TpmSymDef NULL = new TpmSymDef(TpmAlgorithm.NULL, 0, TpmAlgorithm.NULL);
    /** AES-128 in CFB mode, as on the low-range EK templates. */
    public static final TpmSymDef AES_128_CFB = new TpmSymDef(TpmAlgorithm.AES, 128, TpmAlgorithm.CFB);
    /** AES-256 in CFB mode, as on the high-range EK templates. */
    public static final TpmSymDef AES_256_CFB = new TpmSymDef(TpmAlgorithm.AES, 256, TpmAlgorithm.CFB);

    public TpmSymDef {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(mode, "mode");
        if (algorithm == TpmAlgorithm.NULL) {
            if (keyBits != 0 || mode != TpmAlgorithm.NULL) {
                throw new IllegalArgumentException("TPMT_SYM_DEF_OBJECT: NULL algorithm takes no keyBits or mode");
            }
        } else if (algorithm == TpmAlgorithm.AES) {
            if (keyBits != 128 && keyBits != 192 && keyBits != 256) {
                throw new IllegalArgumentException("TPMT_SYM_DEF_OBJECT.keyBits: AES key of " + keyBits + " bits");
            }
            if (mode != TpmAlgorithm.CFB) {
                throw new IllegalArgumentException("TPMT_SYM_DEF_OBJECT.mode: " + mode + " is not CFB");
            }
        } else {
            throw new IllegalArgumentException("TPMT_SYM_DEF_OBJECT.algorithm: " + algorithm + " is not AES or NULL");
        }
    }

    static TpmSymDef read(TpmReader r, String field) throws TpmFormatException {
        TpmAlgorithm alg = r.algorithm(field + ".algorithm");
        if (alg == TpmAlgorithm.NULL) {
            return NULL;
        }
        if (alg != TpmAlgorithm.AES) {
            throw new TpmFormatException(field + ".algorithm", alg + " is not a supported symmetric algorithm");
        }
        int bits = r.u16(field + ".keyBits");
        if (bits != 128 && bits != 192 && bits != 256) {
            throw new TpmFormatException(field + ".keyBits", "AES key of " + bits + " bits");
        }
        TpmAlgorithm mode = r.algorithm(field + ".mode");
        if (mode != TpmAlgorithm.CFB) {
            throw new TpmFormatException(field + ".mode", mode + " is not CFB");
        }
        return new TpmSymDef(alg, bits, mode);
    }

    void write(TpmWriter w) {
        w.algorithm(algorithm);
        if (algorithm != TpmAlgorithm.NULL) {
            w.u16(keyBits).algorithm(mode);
        }
    }
}
