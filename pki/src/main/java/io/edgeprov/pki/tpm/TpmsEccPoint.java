package io.edgeprov.pki.tpm;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * TPMS_ECC_POINT: two TPM2B_ECC_PARAMETER coordinates. It is the unique field of an ECC public
 * area and, marshalled, the encrypted secret of an ECC MakeCredential.
 */
public record TpmsEccPoint(byte[] x, byte[] y) implements PublicUnique {

    /** Largest coordinate accepted, in bytes (MAX_ECC_KEY_BYTES for P-521, the largest TPM curve). */
    public static final int MAX_COORDINATE_BYTES = 66;

    public TpmsEccPoint {
        x = x.clone();
        y = y.clone();
        if (x.length > MAX_COORDINATE_BYTES || y.length > MAX_COORDINATE_BYTES) {
            throw new IllegalArgumentException("TPMS_ECC_POINT: coordinate longer than " + MAX_COORDINATE_BYTES);
        }
    }

    @Override
    public byte[] x() {
        return x.clone();
    }

    @Override
    public byte[] y() {
        return y.clone();
    }

    /**
     * This point as a JCA public key on {@code curve}, refused unless it lies on the curve. A
     * device-side ActivateCredential feeds it to {@code KeyAgreement.getInstance("ECDH")} with the
     * EK private key; the agreed secret is the x coordinate Z that KDFe takes.
     */
    public java.security.interfaces.ECPublicKey toPublicKey(TpmEccCurve curve) throws TpmFormatException {
        TpmCurves.point(curve, x, y, "TPMS_ECC_POINT");
        try {
            java.security.spec.ECPoint w = new java.security.spec.ECPoint(new java.math.BigInteger(1, x), new java.math.BigInteger(1, y));
            return (java.security.interfaces.ECPublicKey) java.security.KeyFactory.getInstance("EC")
                    .generatePublic(new java.security.spec.ECPublicKeySpec(w, TpmCurves.jca(curve)));
        } catch (java.security.GeneralSecurityException e) {
            throw new TpmFormatException("TPMS_ECC_POINT", "not a usable " + curve + " key", e);
        }
    }

    /** The marshalled TPMS_ECC_POINT (x as TPM2B, then y as TPM2B). */
    public byte[] marshal() {
        TpmWriter w = new TpmWriter();
        write(w);
        return w.toByteArray();
    }

    /** TPM2B_ECC_POINT: the point with a size prefix. */
    public byte[] marshalTpm2b() {
        return TpmWriter.sized(marshal());
    }

    void write(TpmWriter w) {
        w.tpm2b(x).tpm2b(y);
    }

    /** Parses a bare TPMS_ECC_POINT; trailing bytes are refused. */
    public static TpmsEccPoint unmarshal(byte[] bytes) throws TpmFormatException {
        TpmReader r = TpmReader.of(bytes);
        TpmsEccPoint p = read(r, "TPMS_ECC_POINT");
        r.expectEnd("TPMS_ECC_POINT");
        return p;
    }

    /** Parses a TPM2B_ECC_POINT. */
    public static TpmsEccPoint unmarshalTpm2b(byte[] bytes) throws TpmFormatException {
        TpmReader outer = TpmReader.of(bytes);
        TpmReader r = outer.sized("TPM2B_ECC_POINT", 4 + 2 * MAX_COORDINATE_BYTES);
        outer.expectEnd("TPM2B_ECC_POINT");
        TpmsEccPoint p = read(r, "TPM2B_ECC_POINT.point");
        r.expectEnd("TPM2B_ECC_POINT.point");
        return p;
    }

    static TpmsEccPoint read(TpmReader r, String field) throws TpmFormatException {
        byte[] x = r.tpm2b(field + ".x", MAX_COORDINATE_BYTES);
        byte[] y = r.tpm2b(field + ".y", MAX_COORDINATE_BYTES);
        return new TpmsEccPoint(x, y);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TpmsEccPoint p && Arrays.equals(x, p.x) && Arrays.equals(y, p.y);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(x) + Arrays.hashCode(y);
    }

    @Override
    public String toString() {
        return "TpmsEccPoint[x=" + HexFormat.of().formatHex(x) + ", y=" + HexFormat.of().formatHex(y) + "]";
    }
}
