package io.edgeprov.pki.keys;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** Where the gateway's CA key is, as configuration: an encrypted PKCS#12 file or a PKCS#11 token. */
public sealed interface CaKeyStoreConfig permits CaKeyStoreConfig.Pkcs12File, CaKeyStoreConfig.Pkcs11Token {

    /** Opens the store this configuration names. */
    CaKeyStore open() throws CaKeyStoreException;

    /**
     * An encrypted PKCS#12 file.
     *
     * @param alias the key entry to use; empty when the file holds exactly one
     */
    record Pkcs12File(Path file, PassphraseSource passphrase, Optional<String> alias) implements CaKeyStoreConfig {
        public Pkcs12File {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(passphrase, "passphrase");
            Objects.requireNonNull(alias, "alias");
        }

        public Pkcs12File(Path file, PassphraseSource passphrase) {
            this(file, passphrase, Optional.empty());
        }

        @Override
        public CaKeyStore open() throws CaKeyStoreException {
            return Pkcs12CaKeyStore.load(file, passphrase, alias, new BouncyCastleProvider());
        }
    }

    /** A key on a PKCS#11 token, with the PIN from {@code pin}. */
    record Pkcs11Token(Pkcs11Config token, PassphraseSource pin) implements CaKeyStoreConfig {
        public Pkcs11Token {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(pin, "pin");
        }

        @Override
        public CaKeyStore open() throws CaKeyStoreException {
            return Pkcs11CaKeyStore.open(token, pin);
        }
    }
}
