package io.edgeprov.pki.keys;

import java.lang.System.Logger.Level;
import java.security.GeneralSecurityException;
import java.security.ProviderException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.operator.ContentSigner;

/**
 * A CA key on a PKCS#11 token (an HSM, or SoftHSM2 in tests) used through the JDK's SunPKCS11
 * provider. The key never leaves the token. When a signature fails because the session went bad
 * (token re-inserted, daemon restarted, user logged out), the store logs in again, or rebuilds
 * the provider, and retries that signature once, so one glitch does not fail every request
 * until the gateway restarts.
 */
public final class Pkcs11CaKeyStore implements CaKeyStore {
    private static final System.Logger LOG = System.getLogger(Pkcs11CaKeyStore.class.getName());

    private final String description;
    private final List<X509Certificate> chain;
    private final String algorithm;
    private final TokenSession.Factory sessions;
    private final AtomicReference<TokenSession> current;
    private volatile boolean closed;

    Pkcs11CaKeyStore(String description, TokenSession.Factory sessions) throws CaKeyStoreException {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        TokenSession first = sessions.open();
        this.chain = List.copyOf(first.chain());
        if (chain.isEmpty()) {
            throw new CaKeyStoreException(CaKeyStoreFailure.NO_CERTIFICATE, description + ": no CA certificate");
        }
        this.algorithm = SignatureAlgorithms.forKey(chain.get(0).getPublicKey());
        this.current = new AtomicReference<>(first);
        this.description = description + " for " + chain.get(0).getSubjectX500Principal().getName();
    }

    /**
     * Opens the CA key named by {@code config}, logging in with the PIN from {@code pin}. The PIN
     * is read again at each re-login and wiped after use.
     */
    public static Pkcs11CaKeyStore open(Pkcs11Config config, PassphraseSource pin) throws CaKeyStoreException {
        return new Pkcs11CaKeyStore(config.describeToken(), new SunPkcs11Sessions(config, pin));
    }

    /**
     * Generates an ECDSA P-256 CA key pair on the token (sensitive, not extractable), lets
     * {@code certifier} make its certificate chain (self-signed for a root, or a placeholder until
     * the issuer signs), stores key and chain under {@code config.keyAlias()}, and opens the store.
     * Refuses to overwrite an existing entry with that alias.
     */
    public static Pkcs11CaKeyStore generate(Pkcs11Config config, PassphraseSource pin, CaCertifier certifier)
            throws CaKeyStoreException {
        new Pkcs11KeyGenerator(config, new SunPkcs11Sessions(config, pin)).generate(certifier);
        return open(config, pin);
    }

    /**
     * Stores {@code chain} (CA certificate first) with the existing key named by {@code config}, for
     * instance once the fleet root has signed the CA certificate requested with a placeholder, and
     * opens the store. Refuses a chain whose first certificate is not the key's.
     */
    public static Pkcs11CaKeyStore installCertificateChain(Pkcs11Config config, PassphraseSource pin, List<X509Certificate> chain)
            throws CaKeyStoreException {
        new Pkcs11KeyGenerator(config, new SunPkcs11Sessions(config, pin)).installChain(chain);
        return open(config, pin);
    }

    @Override
    public List<X509Certificate> certificateChain() {
        return chain;
    }

    @Override
    public ContentSigner newSigner() throws CaKeyStoreException {
        if (closed) {
            throw new CaKeyStoreException(CaKeyStoreFailure.SIGNING_FAILED, description + " is closed");
        }
        return new BufferingContentSigner(algorithm, this::sign);
    }

    private byte[] sign(String signatureAlgorithm, byte[] data) throws CaKeyStoreException {
        TokenSession session = current.get();
        try {
            return session.sign(signatureAlgorithm, data);
        } catch (GeneralSecurityException | ProviderException e) {
            if (!Pkcs11Failures.isSessionFailure(e)) {
                throw new CaKeyStoreException(CaKeyStoreFailure.SIGNING_FAILED,
                        "signing with " + description + " failed: " + Pkcs11Failures.describe(e), e);
            }
            LOG.log(Level.WARNING, "PKCS#11 session of {0} went bad ({1}); re-opening it and retrying once",
                    description, Pkcs11Failures.describe(e));
            TokenSession fresh = reopen(session);
            try {
                return fresh.sign(signatureAlgorithm, data);
            } catch (GeneralSecurityException | ProviderException again) {
                again.addSuppressed(e);
                throw new CaKeyStoreException(CaKeyStoreFailure.SIGNING_FAILED, "signing with " + description
                        + " failed again after re-opening the session: " + Pkcs11Failures.describe(again), again);
            }
        }
    }

    /** One re-open per broken session: threads that saw the same failure share the new session. */
    private synchronized TokenSession reopen(TokenSession broken) throws CaKeyStoreException {
        TokenSession now = current.get();
        if (now != broken) {
            return now;
        }
        TokenSession fresh = sessions.reopen(broken);
        current.set(fresh);
        LOG.log(Level.INFO, "PKCS#11 session of {0} re-opened", description);
        return fresh;
    }

    /** The session signatures go through now, so tests can break it behind the store's back. */
    TokenSession currentSession() {
        return current.get();
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return description;
    }

    @Override
    public void close() {
        // SunPKCS11 offers no way to finalize a module; the sessions close with the provider's cleaner.
        closed = true;
    }
}
