package io.edgeprov.pki.tpm;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;

/**
 * TPMT_SIGNATURE for RSASSA, RSAPSS and ECDSA. For RSA the signature bytes are in
 * {@code rsaSignature} and r/s are empty; for ECDSA the reverse.
 */
public record TpmtSignature(TpmAlgorithm sigAlg, TpmAlgorithm hashAlg, byte[] rsaSignature, byte[] ecdsaR, byte[] ecdsaS) {

    public TpmtSignature {
        Objects.requireNonNull(sigAlg, "sigAlg");
        Objects.requireNonNull(hashAlg, "hashAlg");
        rsaSignature = rsaSignature.clone();
        ecdsaR = ecdsaR.clone();
        ecdsaS = ecdsaS.clone();
        if (!hashAlg.isHash()) {
            throw new IllegalArgumentException("TPMT_SIGNATURE.signature.hash: " + hashAlg + " is not a hash");
        }
        switch (sigAlg) {
            case RSASSA, RSAPSS -> {
                if (ecdsaR.length != 0 || ecdsaS.length != 0 || rsaSignature.length > RsaParameters.MAX_KEY_BYTES) {
                    throw new IllegalArgumentException("TPMT_SIGNATURE: malformed " + sigAlg + " signature");
                }
            }
            case ECDSA -> {
                if (rsaSignature.length != 0 || ecdsaR.length > TpmsEccPoint.MAX_COORDINATE_BYTES
                        || ecdsaS.length > TpmsEccPoint.MAX_COORDINATE_BYTES) {
                    throw new IllegalArgumentException("TPMT_SIGNATURE: malformed ECDSA signature");
                }
            }
            default -> throw new IllegalArgumentException("TPMT_SIGNATURE.sigAlg: " + sigAlg + " is not a signature scheme");
        }
    }

    /** An ECDSA signature with r and s as unsigned big-endian integers. */
    public static TpmtSignature ecdsa(TpmAlgorithm hashAlg, BigInteger r, BigInteger s) {
        return new TpmtSignature(TpmAlgorithm.ECDSA, hashAlg, new byte[0], unsigned(r), unsigned(s));
    }

    /** An ECDSA signature with r and s padded to the curve size, as a TPM marshals them. */
    public static TpmtSignature ecdsa(TpmAlgorithm hashAlg, TpmEccCurve curve, BigInteger r, BigInteger s) {
        if (r.signum() < 0 || s.signum() < 0 || r.bitLength() > curve.keyBytes() * 8 || s.bitLength() > curve.keyBytes() * 8) {
            throw new IllegalArgumentException("ECDSA component does not fit " + curve);
        }
        return new TpmtSignature(TpmAlgorithm.ECDSA, hashAlg, new byte[0],
                TpmCurves.fixed(r, curve.keyBytes()), TpmCurves.fixed(s, curve.keyBytes()));
    }

    /** An RSASSA-PKCS1-v1_5 signature. */
    public static TpmtSignature rsassa(TpmAlgorithm hashAlg, byte[] signature) {
        return new TpmtSignature(TpmAlgorithm.RSASSA, hashAlg, signature, new byte[0], new byte[0]);
    }

    /** An RSASSA-PSS signature. */
    public static TpmtSignature rsapss(TpmAlgorithm hashAlg, byte[] signature) {
        return new TpmtSignature(TpmAlgorithm.RSAPSS, hashAlg, signature, new byte[0], new byte[0]);
    }

    /** An ECDSA signature from its X.509 DER form (SEQUENCE of r and s), as a JCA signer produces it. */
    public static TpmtSignature ecdsaFromDer(TpmAlgorithm hashAlg, byte[] der) {
        org.bouncycastle.asn1.ASN1Sequence seq = org.bouncycastle.asn1.ASN1Sequence.getInstance(der);
        return ecdsa(hashAlg, ASN1Integer.getInstance(seq.getObjectAt(0)).getPositiveValue(),
                ASN1Integer.getInstance(seq.getObjectAt(1)).getPositiveValue());
    }

    private static byte[] unsigned(BigInteger v) {
        if (v.signum() < 0) {
            throw new IllegalArgumentException("negative ECDSA component");
        }
        byte[] b = v.toByteArray();
        return b.length > 1 && b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
    }

    @Override
    public byte[] rsaSignature() {
        return rsaSignature.clone();
    }

    @Override
    public byte[] ecdsaR() {
        return ecdsaR.clone();
    }

    @Override
    public byte[] ecdsaS() {
        return ecdsaS.clone();
    }

    public boolean isEcdsa() {
        return sigAlg == TpmAlgorithm.ECDSA;
    }

    /** The ECDSA signature as X.509 DER (SEQUENCE { r, s }), the form JCA verifiers take. */
    public byte[] toX509Der() {
        if (!isEcdsa()) {
            throw new IllegalStateException("not an ECDSA signature");
        }
        ASN1EncodableVector v = new ASN1EncodableVector(2);
        v.add(new ASN1Integer(new BigInteger(1, ecdsaR)));
        v.add(new ASN1Integer(new BigInteger(1, ecdsaS)));
        try {
            return new DERSequence(v).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The signature bytes a JCA {@code Signature.verify} takes: DER for ECDSA, raw for RSA. */
    public byte[] toJcaSignature() {
        return isEcdsa() ? toX509Der() : rsaSignature.clone();
    }

    /** Parses a TPMT_SIGNATURE; trailing bytes are refused. */
    public static TpmtSignature unmarshal(byte[] bytes) throws TpmFormatException {
        TpmReader r = TpmReader.of(bytes);
        TpmAlgorithm sigAlg = r.algorithm("TPMT_SIGNATURE.sigAlg");
        TpmtSignature sig;
        switch (sigAlg) {
            case RSASSA, RSAPSS -> {
                TpmAlgorithm hash = r.hashAlgorithm("TPMT_SIGNATURE.signature.hash");
                byte[] s = r.tpm2b("TPMT_SIGNATURE.signature.sig", RsaParameters.MAX_KEY_BYTES);
                sig = new TpmtSignature(sigAlg, hash, s, new byte[0], new byte[0]);
            }
            case ECDSA -> {
                TpmAlgorithm hash = r.hashAlgorithm("TPMT_SIGNATURE.signature.hash");
                byte[] sr = r.tpm2b("TPMT_SIGNATURE.signature.signatureR", TpmsEccPoint.MAX_COORDINATE_BYTES);
                byte[] ss = r.tpm2b("TPMT_SIGNATURE.signature.signatureS", TpmsEccPoint.MAX_COORDINATE_BYTES);
                sig = new TpmtSignature(sigAlg, hash, new byte[0], sr, ss);
            }
            default -> throw new TpmFormatException("TPMT_SIGNATURE.sigAlg", sigAlg + " is not RSASSA, RSAPSS or ECDSA");
        }
        r.expectEnd("TPMT_SIGNATURE");
        return sig;
    }

    public byte[] marshal() {
        TpmWriter w = new TpmWriter().algorithm(sigAlg).algorithm(hashAlg);
        if (isEcdsa()) {
            w.tpm2b(ecdsaR).tpm2b(ecdsaS);
        } else {
            w.tpm2b(rsaSignature);
        }
        return w.toByteArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TpmtSignature t && sigAlg == t.sigAlg && hashAlg == t.hashAlg && Arrays.equals(rsaSignature, t.rsaSignature)
                && Arrays.equals(ecdsaR, t.ecdsaR) && Arrays.equals(ecdsaS, t.ecdsaS);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sigAlg, hashAlg, Arrays.hashCode(rsaSignature), Arrays.hashCode(ecdsaR), Arrays.hashCode(ecdsaS));
    }

    @Override
    public String toString() {
        return "TpmtSignature[" + sigAlg + "/" + hashAlg + ", " + (isEcdsa() ? ecdsaR.length + "+" + ecdsaS.length : rsaSignature.length) + " bytes]";
    }
}
