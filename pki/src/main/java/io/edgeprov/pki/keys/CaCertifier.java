package io.edgeprov.pki.keys;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.operator.ContentSigner;

/** Makes the certificate chain for a CA key that has just been generated where it will live. */
@FunctionalInterface
public interface CaCertifier {
    /**
     * @param publicKey the new CA public key (a plain JDK key, not a token handle)
     * @param signer signs with the new private key: for a self-signed certificate or a CSR
     * @return the chain to store with the key, its first certificate for {@code publicKey}
     * @throws CaKeyStoreException when no chain can be made; generation stops and nothing is stored
     */
    List<X509Certificate> chainFor(PublicKey publicKey, ContentSigner signer) throws CaKeyStoreException;
}
