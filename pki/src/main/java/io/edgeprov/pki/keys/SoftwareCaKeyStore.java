package io.edgeprov.pki.keys;

import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A CA key held in memory: for the offline root while it signs, for tests, and as the form the
 * PKCS#12 store loads into. The key should come from BouncyCastle's KeyFactory: a SunEC key object
 * makes BouncyCastle rebuild its signing table on every signature (PERFORMANCE.md).
 */
public final class SoftwareCaKeyStore implements CaKeyStore {
    private final PrivateKey privateKey;
    private final List<X509Certificate> chain;
    private final Provider provider;
    private final String algorithm;

    public SoftwareCaKeyStore(PrivateKey privateKey, List<X509Certificate> chain, Provider provider) {
        if (chain == null || chain.isEmpty()) {
            throw new IllegalArgumentException("a CA key store needs at least the CA certificate");
        }
        this.privateKey = java.util.Objects.requireNonNull(privateKey, "privateKey");
        this.chain = List.copyOf(chain);
        this.provider = java.util.Objects.requireNonNull(provider, "provider");
        this.algorithm = SignatureAlgorithms.forKey(this.chain.get(0).getPublicKey());
    }

    @Override
    public List<X509Certificate> certificateChain() {
        return chain;
    }

    @Override
    public ContentSigner newSigner() throws CaKeyStoreException {
        try {
            return new JcaContentSignerBuilder(algorithm).setProvider(provider).build(privateKey);
        } catch (OperatorCreationException e) {
            throw new CaKeyStoreException("cannot sign with the in-memory CA key (" + algorithm + ")", e);
        }
    }

    @Override
    public String description() {
        return "in-memory CA key for " + chain.get(0).getSubjectX500Principal().getName();
    }

    @Override
    public String toString() {
        return description();
    }

    @Override
    public void close() {
        // Nothing to release: the key object is dropped with this store.
    }
}
