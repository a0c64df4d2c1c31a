package io.edgeprov.pki.keys;

import java.util.Objects;

/**
 * How a CA key is written to PKCS#12: the entry's alias and the PBKDF2 and MAC iteration counts.
 * The algorithms themselves are fixed (key bag in AES-256-CBC under PBKDF2-HMAC-SHA256, HMAC-SHA256
 * MAC over everything), which is what OpenSSL 3 writes and reads by default; the certificates,
 * being public, are stored unencrypted under the MAC.
 *
 * @param alias friendly name of the key entry
 * @param keyIterations PBKDF2 iterations protecting the key bag
 * @param macIterations iterations of the PKCS#12 MAC key derivation
 */
public record Pkcs12WriteOptions(String alias, int keyIterations, int macIterations) {
    /** OWASP's 2023 figure for PBKDF2-HMAC-SHA256; a load costs about a second of CPU, once at start. */
    public static final int DEFAULT_KEY_ITERATIONS = 600_000;
    /** OpenSSL's default MAC iteration count. */
    public static final int DEFAULT_MAC_ITERATIONS = 2048;
    /** Below this a stolen file falls to a cheap guessing attack; tests may go down to it, never below. */
    public static final int MIN_ITERATIONS = 2048;
    public static final String DEFAULT_ALIAS = "ca";

    public Pkcs12WriteOptions {
        Objects.requireNonNull(alias, "alias");
        if (alias.isBlank()) {
            throw new IllegalArgumentException("alias must not be blank");
        }
        if (keyIterations < MIN_ITERATIONS) {
            throw new IllegalArgumentException("keyIterations must be at least " + MIN_ITERATIONS + ", was " + keyIterations);
        }
        if (macIterations < MIN_ITERATIONS) {
            throw new IllegalArgumentException("macIterations must be at least " + MIN_ITERATIONS + ", was " + macIterations);
        }
    }

    public static Pkcs12WriteOptions defaults() {
        return new Pkcs12WriteOptions(DEFAULT_ALIAS, DEFAULT_KEY_ITERATIONS, DEFAULT_MAC_ITERATIONS);
    }

    public Pkcs12WriteOptions withAlias(String newAlias) {
        return new Pkcs12WriteOptions(newAlias, keyIterations, macIterations);
    }

    public Pkcs12WriteOptions withKeyIterations(int iterations) {
        return new Pkcs12WriteOptions(alias, iterations, macIterations);
    }
}
