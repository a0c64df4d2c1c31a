package io.edgeprov.pki.keys;

import java.io.IOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.ProviderException;
import java.security.Security;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** Sessions on a token through the JDK's SunPKCS11 provider, configured from code, never registered globally. */
final class SunPkcs11Sessions implements TokenSession.Factory {
    private final Pkcs11Config config;
    private final PassphraseSource pin;

    SunPkcs11Sessions(Pkcs11Config config, PassphraseSource pin) {
        this.config = Objects.requireNonNull(config, "config");
        this.pin = Objects.requireNonNull(pin, "pin");
    }

    /** A logged-in provider with the key store it logged in through. */
    record LoggedIn(Provider provider, KeyStore keyStore) {
    }

    record Session(Provider provider, PrivateKey key, List<X509Certificate> chain) implements TokenSession {
        Session {
            chain = List.copyOf(chain);
        }

        @Override
        public byte[] sign(String algorithm, byte[] data) throws GeneralSecurityException {
            Signature signature = Signature.getInstance(algorithm, provider);
            signature.initSign(key);
            signature.update(data);
            return signature.sign();
        }

        @Override
        public String toString() {
            return "Session[" + provider.getName() + ", key=on token]";
        }
    }

    @Override
    public TokenSession open() throws CaKeyStoreException {
        return session(login(newProvider()));
    }

    @Override
    public TokenSession reopen(TokenSession broken) throws CaKeyStoreException {
        if (broken instanceof Session old) {
            try {
                // Cheap cure first: a logout or a lost login leaves the provider usable, only key handles change.
                return session(login(old.provider()));
            } catch (CaKeyStoreException | RuntimeException e) {
                // Token re-inserted or daemon restarted: the provider's own token object is dead, build a new one.
            }
        }
        return open();
    }

    Provider newProvider() throws CaKeyStoreException {
        if (!Files.isRegularFile(config.library())) {
            throw new CaKeyStoreException(CaKeyStoreFailure.TOKEN_UNAVAILABLE, "PKCS#11 module " + config.library()
                    + " does not exist" + (config.library().equals(Pkcs11Config.SOFTHSM2_LIBRARY)
                            ? " (apt-get install -y softhsm2)" : ""));
        }
        Provider base = Security.getProvider("SunPKCS11");
        if (base == null) {
            throw new CaKeyStoreException(CaKeyStoreFailure.TOKEN_UNAVAILABLE,
                    "this JDK has no SunPKCS11 provider (module jdk.crypto.cryptoki)");
        }
        // Each provider gets a unique name: several may exist at once while a broken one is replaced.
        String name = "EdgeProv-" + config.keyAlias() + "-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            return base.configure(config.providerConfiguration(name));
        } catch (ProviderException | IllegalArgumentException | UnsupportedOperationException e) {
            throw new CaKeyStoreException(CaKeyStoreFailure.TOKEN_UNAVAILABLE,
                    "cannot open " + config.describeToken() + ": " + Pkcs11Failures.describe(e), e);
        }
    }

    LoggedIn login(Provider provider) throws CaKeyStoreException {
        KeyStore keyStore;
        try {
            keyStore = KeyStore.getInstance("PKCS11", provider);
        } catch (GeneralSecurityException | ProviderException e) {
            throw new CaKeyStoreException(CaKeyStoreFailure.TOKEN_UNAVAILABLE,
                    "no key store on " + config.describeToken() + ": " + Pkcs11Failures.describe(e), e);
        }
        try (Passphrase secret = pin.read()) {
            char[] chars = secret.copyChars();
            try {
                keyStore.load(null, chars);
            } catch (IOException | GeneralSecurityException | ProviderException e) {
                throw new CaKeyStoreException(CaKeyStoreFailure.LOGIN_FAILED, "login to " + config.describeToken()
                        + " failed with the PIN from " + pin.description() + ": " + Pkcs11Failures.describe(e), e);
            } finally {
                Arrays.fill(chars, '\0');
            }
        }
        return new LoggedIn(provider, keyStore);
    }

    private Session session(LoggedIn loggedIn) throws CaKeyStoreException {
        KeyStore keyStore = loggedIn.keyStore();
        String alias = config.keyAlias();
        try {
            Key key = keyStore.getKey(alias, null);
            if (!(key instanceof PrivateKey privateKey)) {
                throw new CaKeyStoreException(CaKeyStoreFailure.NO_KEY_ENTRY, config.describeToken()
                        + ": no private key with that alias; the token has " + Collections.list(keyStore.aliases()));
            }
            Certificate[] certificates = keyStore.getCertificateChain(alias);
            if (certificates == null || certificates.length == 0) {
                throw new CaKeyStoreException(CaKeyStoreFailure.NO_CERTIFICATE, config.describeToken() + ": no certificate with the key");
            }
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate certificate : certificates) {
                chain.add((X509Certificate) certificate);
            }
            if (!KeyMatch.matches(privateKey, chain.get(0).getPublicKey(), loggedIn.provider())) {
                throw new CaKeyStoreException(CaKeyStoreFailure.CHAIN_KEY_MISMATCH, config.describeToken()
                        + ": the certificate (" + chain.get(0).getSubjectX500Principal().getName() + ") does not belong to the key");
            }
            return new Session(loggedIn.provider(), privateKey, chain);
        } catch (GeneralSecurityException | ProviderException | ClassCastException e) {
            throw new CaKeyStoreException(CaKeyStoreFailure.TOKEN_UNAVAILABLE,
                    "cannot read the CA key from " + config.describeToken() + ": " + Pkcs11Failures.describe(e), e);
        }
    }
}
