package io.edgeprov.pki.keys;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;

/**
 * A CA key kept at rest in an encrypted PKCS#12 file (AES-256-CBC under PBKDF2-HMAC-SHA256,
 * HMAC-SHA256 MAC: what {@code openssl pkcs12} 3.x reads and writes by default) and held in memory,
 * as a BouncyCastle key, while the gateway runs.
 */
public final class Pkcs12CaKeyStore implements CaKeyStore {
    private final Path file;
    private final String alias;
    private final SoftwareCaKeyStore keys;

    private Pkcs12CaKeyStore(Path file, String alias, SoftwareCaKeyStore keys) {
        this.file = file;
        this.alias = alias;
        this.keys = keys;
    }

    /** Loads the only key entry of {@code file}, with a BouncyCastle provider of its own. */
    public static Pkcs12CaKeyStore load(Path file, PassphraseSource passphrase) throws CaKeyStoreException {
        return load(file, passphrase, Optional.empty(), new BouncyCastleProvider());
    }

    /**
     * Loads a key entry of {@code file}.
     *
     * @param alias the entry to load; empty when the file holds exactly one key
     * @param bouncyCastle the BouncyCastle provider to decrypt and re-create the key with, and to sign
     *     with where the native provider does not load (share one: building a provider takes a while)
     */
    public static Pkcs12CaKeyStore load(Path file, PassphraseSource passphrase, Optional<String> alias, Provider bouncyCastle)
            throws CaKeyStoreException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(passphrase, "passphrase");
        Objects.requireNonNull(alias, "alias");
        requireBouncyCastle(bouncyCastle);
        try (Passphrase secret = passphrase.read()) {
            Pkcs12Reader.Loaded loaded = new Pkcs12Reader(bouncyCastle).read(file, secret, alias);
            return new Pkcs12CaKeyStore(file, loaded.alias(), SoftwareCaKeyStore.fastest(loaded.key(), loaded.chain(), bouncyCastle));
        }
    }

    /** Writes {@code key} and {@code chain} (CA certificate first) to {@code file} with default options. */
    public static void write(Path file, PrivateKey key, List<X509Certificate> chain, PassphraseSource passphrase)
            throws CaKeyStoreException {
        write(file, key, chain, passphrase, Pkcs12WriteOptions.defaults(), new BouncyCastleProvider());
    }

    /**
     * Writes {@code key} and {@code chain} to {@code file}: to a temporary file in the same
     * directory, flushed to disk, then renamed over the target, owner-only (rw-------) where the
     * file system has POSIX permissions. Refuses a chain whose first certificate is not the key's.
     */
    public static void write(Path file, PrivateKey key, List<X509Certificate> chain, PassphraseSource passphrase,
            Pkcs12WriteOptions options, Provider bouncyCastle) throws CaKeyStoreException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(passphrase, "passphrase");
        Objects.requireNonNull(options, "options");
        requireBouncyCastle(bouncyCastle);
        List<X509Certificate> copy = List.copyOf(chain);
        try (Passphrase secret = passphrase.read()) {
            new Pkcs12Writer(bouncyCastle, new SecureRandom()).write(file, key, copy, secret, options);
        }
    }

    private static void requireBouncyCastle(Provider provider) {
        Objects.requireNonNull(provider, "bouncyCastle");
        if (!BouncyCastleProvider.PROVIDER_NAME.equals(provider.getName())) {
            throw new IllegalArgumentException("the PKCS#12 store signs with BouncyCastle, not " + provider.getName());
        }
    }

    /** The file this store was loaded from. */
    public Path file() {
        return file;
    }

    /** The friendly name of the loaded entry, or an empty string when it had none. */
    public String alias() {
        return alias;
    }

    @Override
    public List<X509Certificate> certificateChain() {
        return keys.certificateChain();
    }

    @Override
    public ContentSigner newSigner() throws CaKeyStoreException {
        return keys.newSigner();
    }

    @Override
    public String description() {
        return "PKCS#12 CA key store " + file + " for " + certificate().getSubjectX500Principal().getName();
    }

    @Override
    public String toString() {
        return description();
    }

    @Override
    public void close() {
        keys.close();
    }
}
