package io.edgeprov.pki.keys;

/** A secret held in memory, for prompts and tests; never printed. */
final class FixedPassphraseSource implements PassphraseSource {
    private final char[] chars;

    FixedPassphraseSource(char[] chars) {
        if (chars == null || chars.length == 0) {
            throw new IllegalArgumentException("a passphrase must not be empty");
        }
        this.chars = chars.clone();
    }

    @Override
    public Passphrase read() {
        return Passphrase.of(chars);
    }

    @Override
    public String description() {
        return "passphrase held in memory";
    }

    @Override
    public String toString() {
        return "PassphraseSource[in memory, redacted]";
    }
}
