package io.edgeprov.pki.tpm;

import java.util.Objects;

/** TPMS_ECC_PARMS. */
public record EccParameters(TpmSymDef symmetric, TpmScheme scheme, TpmEccCurve curve, TpmScheme kdf) implements PublicParameters {

    public EccParameters {
        Objects.requireNonNull(symmetric, "symmetric");
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(curve, "curve");
        Objects.requireNonNull(kdf, "kdf");
        if (!TpmScheme.ECC_SCHEMES.contains(scheme.scheme())) {
            throw new IllegalArgumentException("TPMS_ECC_PARMS.scheme: " + scheme.scheme() + " is not an ECC scheme");
        }
        if (!TpmScheme.KDF_SCHEMES.contains(kdf.scheme())) {
            throw new IllegalArgumentException("TPMS_ECC_PARMS.kdf: " + kdf.scheme() + " is not a KDF");
        }
    }

    static EccParameters read(TpmReader r) throws TpmFormatException {
        TpmSymDef sym = TpmSymDef.read(r, "TPMS_ECC_PARMS.symmetric");
        TpmScheme scheme = TpmScheme.read(r, "TPMS_ECC_PARMS.scheme", TpmScheme.ECC_SCHEMES);
        TpmEccCurve curve = TpmEccCurve.fromId(r.u16("TPMS_ECC_PARMS.curveID"), "TPMS_ECC_PARMS.curveID");
        TpmScheme kdf = TpmScheme.read(r, "TPMS_ECC_PARMS.kdf", TpmScheme.KDF_SCHEMES);
        return new EccParameters(sym, scheme, curve, kdf);
    }

    void write(TpmWriter w) {
        symmetric.write(w);
        scheme.write(w);
        w.u16(curve.id());
        kdf.write(w);
    }
}
