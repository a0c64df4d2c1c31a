package io.edgeprov.pki.keys;

import java.util.Arrays;

/**
 * A secret typed by an operator (PKCS#12 passphrase, PKCS#11 PIN) held as characters so that it
 * can be wiped once used; it is never printed. Not a record on purpose: records expose their
 * components and print them.
 */
public final class Passphrase implements AutoCloseable {
    private final char[] chars;
    private boolean wiped;

    private Passphrase(char[] chars) {
        this.chars = chars;
    }

    /** Takes a copy of {@code chars}; the caller should wipe its own array. */
    public static Passphrase of(char[] chars) {
        if (chars == null || chars.length == 0) {
            throw new IllegalArgumentException("a passphrase must not be empty");
        }
        return new Passphrase(chars.clone());
    }

    /** Takes ownership of {@code chars} without copying: used by sources that built the array themselves. */
    static Passphrase adopt(char[] chars) {
        if (chars == null || chars.length == 0) {
            throw new IllegalArgumentException("a passphrase must not be empty");
        }
        return new Passphrase(chars);
    }

    /** A copy of the characters; the caller wipes it with {@link Arrays#fill(char[], char)} after use. */
    public synchronized char[] copyChars() {
        if (wiped) {
            throw new IllegalStateException("the passphrase was already wiped");
        }
        return chars.clone();
    }

    /** Number of characters, useful for checks that must not see the value. */
    public synchronized int length() {
        return wiped ? 0 : chars.length;
    }

    public synchronized boolean isWiped() {
        return wiped;
    }

    /** Overwrites the characters; later reads fail. */
    public synchronized void wipe() {
        Arrays.fill(chars, '\0');
        wiped = true;
    }

    @Override
    public void close() {
        wipe();
    }

    @Override
    public String toString() {
        return "Passphrase[redacted]";
    }
}
