package io.edgeprov.pki.keys;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;

/** Which signature algorithm a CA key signs with: the hash follows the key's strength. */
public final class SignatureAlgorithms {
    private SignatureAlgorithms() {
    }

    /** JCA signature algorithm name for a CA key: SHA256withECDSA for P-256, SHA384withECDSA for P-384, SHA256withRSA. */
    public static String forKey(PublicKey key) {
        if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            return bits > 256 ? "SHA384withECDSA" : "SHA256withECDSA";
        }
        if (key instanceof RSAPublicKey) {
            return "SHA256withRSA";
        }
        throw new IllegalArgumentException("unsupported CA key algorithm: " + key.getAlgorithm());
    }
}
