package io.edgeprov.pki.tpm;

import java.util.Objects;

/** TPMS_RSA_PARMS; an exponent of 0 means the default 65537. */
public record RsaParameters(TpmSymDef symmetric, TpmScheme scheme, int keyBits, int exponent) implements PublicParameters {

    /** Largest modulus this package accepts, in bytes (MAX_RSA_KEY_BYTES). */
    public static final int MAX_KEY_BYTES = 512;

    public RsaParameters {
        Objects.requireNonNull(symmetric, "symmetric");
        Objects.requireNonNull(scheme, "scheme");
        if (!TpmScheme.RSA_SCHEMES.contains(scheme.scheme())) {
            throw new IllegalArgumentException("TPMS_RSA_PARMS.scheme: " + scheme.scheme() + " is not an RSA scheme");
        }
        if (!validKeyBits(keyBits)) {
            throw new IllegalArgumentException("TPMS_RSA_PARMS.keyBits: " + keyBits);
        }
    }

    static boolean validKeyBits(int bits) {
        return bits == 1024 || bits == 2048 || bits == 3072 || bits == 4096;
    }

    /** The exponent a key built from these parameters has. */
    public long effectiveExponent() {
        return exponent == 0 ? 65537L : exponent & 0xffffffffL;
    }

    static RsaParameters read(TpmReader r) throws TpmFormatException {
        TpmSymDef sym = TpmSymDef.read(r, "TPMS_RSA_PARMS.symmetric");
        TpmScheme scheme = TpmScheme.read(r, "TPMS_RSA_PARMS.scheme", TpmScheme.RSA_SCHEMES);
        int bits = r.u16("TPMS_RSA_PARMS.keyBits");
        if (!validKeyBits(bits)) {
            throw new TpmFormatException("TPMS_RSA_PARMS.keyBits", "unsupported size " + bits);
        }
        int exponent = r.u32("TPMS_RSA_PARMS.exponent");
        return new RsaParameters(sym, scheme, bits, exponent);
    }

    void write(TpmWriter w) {
        symmetric.write(w);
        scheme.write(w);
        w.u16(keyBits).u32(exponent);
    }
}
