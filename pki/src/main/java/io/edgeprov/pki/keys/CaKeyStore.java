package io.edgeprov.pki.keys;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.operator.ContentSigner;

/**
 * A CA's signing key and certificate chain, wherever the key lives.
 *
 * <p>Signing goes through BouncyCastle's {@link ContentSigner} so that certificate and CRL
 * builders never see the private key: a software key, an encrypted PKCS#12 file and a PKCS#11
 * token all plug in here. Implementations are safe for concurrent use and never put key material
 * or passphrases in exception messages or {@code toString()}.
 */
public interface CaKeyStore extends AutoCloseable {

    /** The CA certificate first, then its issuers (the root may be left out). Never empty. */
    List<X509Certificate> certificateChain();

    /** The CA certificate this store signs as. */
    default X509Certificate certificate() {
        return certificateChain().get(0);
    }

    /** The CA's public key, the one that verifies what {@link #newSigner()} signs. */
    default PublicKey publicKey() {
        return certificate().getPublicKey();
    }

    /**
     * A signer for one signature with the CA key, using {@link SignatureAlgorithms#forKey}.
     *
     * @throws CaKeyStoreException when the key cannot be used (token gone, session broken)
     */
    ContentSigner newSigner() throws CaKeyStoreException;

    /** A short description safe for logs: the kind of store and the CA subject, never a secret. */
    String description();

    @Override
    void close();
}
