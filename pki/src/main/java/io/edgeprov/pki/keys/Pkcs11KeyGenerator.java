package io.edgeprov.pki.keys;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.ProviderException;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.operator.ContentSigner;

/** Makes a new ECDSA P-256 CA key on a token and installs its certificate chain, for {@code init}-style commands. */
final class Pkcs11KeyGenerator {

    private final Pkcs11Config config;
    private final SunPkcs11Sessions sessions;

    Pkcs11KeyGenerator(Pkcs11Config config, SunPkcs11Sessions sessions) {
        this.config = Objects.requireNonNull(config, "config");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
    }

    void generate(CaCertifier certifier) throws CaKeyStoreException {
        SunPkcs11Sessions.LoggedIn loggedIn = sessions.login(sessions.newProvider());
        KeyStore keyStore = loggedIn.keyStore();
        try {
            if (keyStore.containsAlias(config.keyAlias())) {
                throw new CaKeyStoreException(CaKeyStoreFailure.KEY_GENERATION_FAILED,
                        config.describeToken() + ": an entry with that alias exists already; refusing to overwrite it");
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", loggedIn.provider());
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            // Certificate builders want a plain key, not a handle into the token.
            PublicKey publicKey = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(pair.getPublic().getEncoded()));
            ContentSigner signer = new BufferingContentSigner(SignatureAlgorithms.forKey(publicKey),
                    (algorithm, data) -> signOnce(loggedIn, pair, algorithm, data));
            List<X509Certificate> chain = List.copyOf(certifier.chainFor(publicKey, signer));
            if (chain.isEmpty() || !java.util.Arrays.equals(chain.get(0).getPublicKey().getEncoded(), publicKey.getEncoded())) {
                throw new CaKeyStoreException(CaKeyStoreFailure.CHAIN_KEY_MISMATCH,
                        config.describeToken() + ": the certifier's first certificate is not for the generated key");
            }
            // Storing a session key copies it to a token object; the session copy dies with the session.
            keyStore.setEntry(config.keyAlias(),
                    new KeyStore.PrivateKeyEntry(pair.getPrivate(), chain.toArray(new Certificate[0])), null);
        } catch (GeneralSecurityException | ProviderException e) {
            throw new CaKeyStoreException(CaKeyStoreFailure.KEY_GENERATION_FAILED,
                    "cannot generate a CA key on " + config.describeToken() + ": " + Pkcs11Failures.describe(e), e);
        }
    }

    /**
     * Replaces the certificate chain stored with the existing key, once the issuer has signed the
     * real CA certificate; the key itself stays where it is.
     */
    void installChain(List<X509Certificate> chain) throws CaKeyStoreException {
        List<X509Certificate> copy = List.copyOf(chain);
        if (copy.isEmpty()) {
            throw new CaKeyStoreException(CaKeyStoreFailure.NO_CERTIFICATE, config.describeToken() + ": the new chain is empty");
        }
        SunPkcs11Sessions.LoggedIn loggedIn = sessions.login(sessions.newProvider());
        try {
            Key key = loggedIn.keyStore().getKey(config.keyAlias(), null);
            if (!(key instanceof PrivateKey privateKey)) {
                throw new CaKeyStoreException(CaKeyStoreFailure.NO_KEY_ENTRY, config.describeToken() + ": no private key with that alias");
            }
            if (!KeyMatch.matches(privateKey, copy.get(0).getPublicKey(), loggedIn.provider())) {
                throw new CaKeyStoreException(CaKeyStoreFailure.CHAIN_KEY_MISMATCH, config.describeToken()
                        + ": the new certificate (" + copy.get(0).getSubjectX500Principal().getName() + ") does not belong to the key");
            }
            // SunPKCS11 keeps a token key it is handed back and only rewrites the certificates.
            loggedIn.keyStore().setEntry(config.keyAlias(),
                    new KeyStore.PrivateKeyEntry(privateKey, copy.toArray(new Certificate[0])), null);
        } catch (GeneralSecurityException | ProviderException e) {
            throw new CaKeyStoreException(CaKeyStoreFailure.KEY_GENERATION_FAILED,
                    "cannot store the certificate chain on " + config.describeToken() + ": " + Pkcs11Failures.describe(e), e);
        }
    }

    private static byte[] signOnce(SunPkcs11Sessions.LoggedIn loggedIn, KeyPair pair, String algorithm, byte[] data)
            throws CaKeyStoreException {
        try {
            return new SunPkcs11Sessions.Session(loggedIn.provider(), pair.getPrivate(), List.of()).sign(algorithm, data);
        } catch (GeneralSecurityException | ProviderException e) {
            throw new CaKeyStoreException(CaKeyStoreFailure.KEY_GENERATION_FAILED,
                    "cannot sign with the new CA key: " + Pkcs11Failures.describe(e), e);
        }
    }
}
