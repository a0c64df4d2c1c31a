package io.edgeprov.pki.keys;

import io.edgeprov.pki.EllipticCurveProvider;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
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

    /**
     * The store that signs fastest on this machine: the key moved once into the native provider
     * ({@link EllipticCurveProvider#nativeCurves()}) when that loaded and handles the key's type and
     * signature, else {@code key} as given with {@code fallback}. Moving it once matters: a key object
     * of another provider is converted again at every signature.
     */
    public static SoftwareCaKeyStore fastest(PrivateKey key, List<X509Certificate> chain, Provider fallback) {
        SoftwareCaKeyStore plain = new SoftwareCaKeyStore(key, chain, fallback);
        return EllipticCurveProvider.nativeCurves().flatMap(fast -> plain.movedTo(fast)).orElse(plain);
    }

    private Optional<SoftwareCaKeyStore> movedTo(Provider fast) {
        byte[] pkcs8 = privateKey.getEncoded();
        if (pkcs8 == null || fast.getService("Signature", algorithm) == null
                || fast.getService("KeyFactory", privateKey.getAlgorithm()) == null) {
            return Optional.empty();
        }
        try {
            PrivateKey moved = KeyFactory.getInstance(privateKey.getAlgorithm(), fast)
                    .generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            return Optional.of(new SoftwareCaKeyStore(moved, chain, fast));
        } catch (GeneralSecurityException | RuntimeException e) {
            // The provider cannot hold this key (curve or size it lacks): the fallback signs.
            return Optional.empty();
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    /** The provider that signs: the native one after {@link #fastest}, else the one given. */
    public String signingProvider() {
        return provider.getName();
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
