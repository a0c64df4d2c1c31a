package io.edgeprov.pki.keys;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * Where a passphrase or PIN comes from. Each {@link #read()} returns a fresh {@link Passphrase}
 * that the caller wipes after use, so a store can re-read the secret (for instance to log in to a
 * token again) without keeping it in memory between uses.
 */
public interface PassphraseSource {

    /**
     * Reads the secret now.
     *
     * @throws CaKeyStoreException with a {@code PASSPHRASE_*} failure naming the file or variable,
     *     never the value
     */
    Passphrase read() throws CaKeyStoreException;

    /** Where the secret comes from (a path or a variable name), safe for logs. */
    String description();

    /**
     * A passphrase file: UTF-8, one trailing newline ignored, must not be empty and must not be
     * readable by group or others where the file system has POSIX permissions.
     */
    static PassphraseSource fromFile(Path file) {
        return new FilePassphraseSource(file);
    }

    /** An environment variable of this process, by name. */
    static PassphraseSource fromEnvironment(String variableName) {
        return new EnvironmentPassphraseSource(variableName, System::getenv);
    }

    /**
     * An environment variable looked up through {@code environment} (which returns null for an
     * unset variable), so that tests and launchers can supply their own environment.
     */
    static PassphraseSource fromEnvironment(String variableName, Function<String, String> environment) {
        return new EnvironmentPassphraseSource(variableName, environment);
    }

    /** A secret already in memory (typed at a prompt); each read returns a copy. */
    static PassphraseSource ofChars(char[] chars) {
        return new FixedPassphraseSource(chars);
    }
}
