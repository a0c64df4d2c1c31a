package io.edgeprov.pki.keys;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;

/** Whether a private key belongs to a certificate's public key, proven by one signature. */
final class KeyMatch {
    private KeyMatch() {
    }

    /**
     * Signs a random message with {@code privateKey} and verifies it with {@code publicKey}: this
     * works for every key type and catches a key of the right type but the wrong value.
     */
    static boolean matches(PrivateKey privateKey, PublicKey publicKey, Provider provider) {
        String algorithm;
        try {
            algorithm = SignatureAlgorithms.forKey(publicKey);
        } catch (IllegalArgumentException e) {
            return false;
        }
        byte[] probe = new byte[32];
        new SecureRandom().nextBytes(probe);
        try {
            Signature signer = Signature.getInstance(algorithm, provider);
            signer.initSign(privateKey);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm, provider);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            // A key of another algorithm or curve is rejected by init: that is a mismatch too.
            return false;
        }
    }
}
