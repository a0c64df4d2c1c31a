package io.edgeprov.pki.tpm;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;

/** Verifies a TPMT_SIGNATURE with a JCA key; the hash comes from the signature's own scheme. */
final class TpmSignatures {
    private TpmSignatures() {
    }

    static String jcaHash(TpmAlgorithm hash) {
        return hash.jcaDigestName().orElseThrow().replace("-", "");
    }

    /** Whether {@code sig} is a valid signature by {@code key} over {@code data}; malformed signatures simply fail. */
    static boolean verify(Provider ecProvider, PublicKey key, TpmtSignature sig, byte[] data) throws GeneralSecurityException {
        switch (sig.sigAlg()) {
            case ECDSA -> {
                Signature v = Signature.getInstance(jcaHash(sig.hashAlg()) + "withECDSA", ecProvider);
                v.initVerify(key);
                v.update(data);
                return verifyQuietly(v, sig.toX509Der());
            }
            case RSASSA -> {
                Signature v = Signature.getInstance(jcaHash(sig.hashAlg()) + "withRSA");
                v.initVerify(key);
                v.update(data);
                return verifyQuietly(v, sig.rsaSignature());
            }
            case RSAPSS -> {
                // TPMs use either the digest length or the largest salt the modulus allows; accept both.
                int hLen = sig.hashAlg().digestSize();
                int emLen = (((RSAPublicKey) key).getModulus().bitLength() - 1 + 7) / 8;
                for (int salt : new int[] {hLen, emLen - hLen - 2}) {
                    if (salt >= 0 && pss(key, sig, data, salt)) {
                        return true;
                    }
                }
                return false;
            }
            default -> {
                return false;
            }
        }
    }

    private static boolean pss(PublicKey key, TpmtSignature sig, byte[] data, int salt) throws GeneralSecurityException {
        String digest = sig.hashAlg().jcaDigestName().orElseThrow();
        Signature v = Signature.getInstance("RSASSA-PSS");
        v.setParameter(new PSSParameterSpec(digest, "MGF1", new MGF1ParameterSpec(digest), salt, 1));
        v.initVerify(key);
        v.update(data);
        return verifyQuietly(v, sig.rsaSignature());
    }

    private static boolean verifyQuietly(Signature v, byte[] signature) {
        try {
            return v.verify(signature);
        } catch (java.security.SignatureException e) {
            return false;
        }
    }

    static boolean fitsCurve(TpmtSignature sig, TpmEccCurve curve) {
        BigInteger max = BigInteger.ONE.shiftLeft(curve.keyBytes() * 8);
        return new BigInteger(1, sig.ecdsaR()).compareTo(max) < 0 && new BigInteger(1, sig.ecdsaS()).compareTo(max) < 0;
    }
}
