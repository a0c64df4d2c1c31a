package io.edgeprov.pki.tpm;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;

/** Curve arithmetic on the TPM curves, kept in one place so BouncyCastle stays behind this package. */
final class TpmCurves {
    private TpmCurves() {
    }

    static X9ECParameters bc(TpmEccCurve curve) {
        return CustomNamedCurves.getByName(curve.jcaName());
    }

    static ECParameterSpec jca(TpmEccCurve curve) {
        try {
            AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
            p.init(new ECGenParameterSpec(curve.jcaName()));
            return p.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks curve " + curve.jcaName(), e);
        }
    }

    /** The validated point, or a refusal naming the field if it is not on the curve. */
    static ECPoint point(TpmEccCurve curve, byte[] x, byte[] y, String field) throws TpmFormatException {
        if (x.length != curve.keyBytes() || y.length != curve.keyBytes()) {
            throw new TpmFormatException(field, "coordinates of " + x.length + "/" + y.length + " bytes on " + curve + " (needs " + curve.keyBytes() + ")");
        }
        try {
            ECPoint p = bc(curve).getCurve().validatePoint(new BigInteger(1, x), new BigInteger(1, y));
            if (p.isInfinity()) {
                throw new TpmFormatException(field, "point at infinity");
            }
            return p;
        } catch (IllegalArgumentException e) {
            throw new TpmFormatException(field, "point is not on " + curve, e);
        }
    }

    /** A fixed-length big-endian encoding of a field element or scalar. */
    static byte[] fixed(BigInteger v, int len) {
        byte[] raw = v.toByteArray();
        if (raw.length == len) {
            return raw;
        }
        byte[] out = new byte[len];
        if (raw.length > len) {
            System.arraycopy(raw, raw.length - len, out, 0, len);
        } else {
            System.arraycopy(raw, 0, out, len - raw.length, raw.length);
        }
        return out;
    }
}
