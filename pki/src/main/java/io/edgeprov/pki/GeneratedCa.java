package io.edgeprov.pki;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A CA key pair fresh from generation and its certificate, on its way into a key store.
 *
 * <p>Lives only as long as it takes to write the key into a {@code CaKeyStore}; {@link #toString()}
 * names the certificate and never the key.
 */
public record GeneratedCa(KeyPair keyPair, X509Certificate certificate) {
    public GeneratedCa {
        Objects.requireNonNull(keyPair, "keyPair");
        Objects.requireNonNull(certificate, "certificate");
        if (!certificate.getPublicKey().equals(keyPair.getPublic())) {
            throw new IllegalArgumentException("the certificate does not hold the generated public key");
        }
    }

    @Override
    public String toString() {
        return "GeneratedCa[" + certificate.getSubjectX500Principal().getName() + "]";
    }
}
