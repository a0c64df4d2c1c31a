package io.edgeprov.pki.keys;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a CA key lives on a PKCS#11 token: the module (shared library), the slot, and the alias
 * (CKA_LABEL) of the key and its certificate. The PIN is not part of it: it comes from a
 * {@link PassphraseSource} at each login.
 *
 * @param library the PKCS#11 module, for instance {@code /usr/lib/softhsm/libsofthsm2.so}
 * @param token which slot holds the token
 * @param keyAlias label of the private key and its certificate on the token
 */
public record Pkcs11Config(Path library, Token token, String keyAlias) {
    /** Debian's SoftHSM2 module (package softhsm2). */
    public static final Path SOFTHSM2_LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");

    private static final Pattern SAFE_ALIAS = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** Which slot to use: PKCS#11 slot ids are the stable choice; a list index suits single-token setups. */
    public sealed interface Token permits Slot, SlotListIndex {
    }

    /** A slot by its PKCS#11 slot id (SoftHSM2 prints it after {@code --init-token}). */
    public record Slot(long id) implements Token {
        public Slot {
            if (id < 0) {
                throw new IllegalArgumentException("slot id must not be negative, was " + id);
            }
        }
    }

    /** A slot by its position in the module's list of slots with a token present. */
    public record SlotListIndex(int index) implements Token {
        public SlotListIndex {
            if (index < 0) {
                throw new IllegalArgumentException("slot list index must not be negative, was " + index);
            }
        }
    }

    public Pkcs11Config {
        Objects.requireNonNull(library, "library");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(keyAlias, "keyAlias");
        String text = library.toString();
        if (text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0 || text.indexOf('\\') >= 0) {
            // The path is written into SunPKCS11's configuration text, where these would change its meaning.
            throw new IllegalArgumentException("library path must not contain quotes, backslashes or line breaks: " + text);
        }
        if (!SAFE_ALIAS.matcher(keyAlias).matches()) {
            throw new IllegalArgumentException("keyAlias must be 1-64 letters, digits, '.', '_' or '-', was '" + keyAlias + "'");
        }
    }

    /**
     * SunPKCS11 configuration text for this token. Keys generated through it are sensitive and
     * unextractable, so the CA private key can never be read off the token.
     */
    String providerConfiguration(String providerName) {
        String slotLine = token instanceof Slot slot
                ? "slot = " + slot.id()
                : "slotListIndex = " + ((SlotListIndex) token).index();
        return "--name = " + providerName + "\n"
                + "library = \"" + library + "\"\n"
                + slotLine + "\n"
                + "attributes(generate, CKO_PRIVATE_KEY, *) = {\n"
                + "  CKA_SENSITIVE = true\n"
                + "  CKA_EXTRACTABLE = false\n"
                + "}\n";
    }

    /** The token's place, safe for logs. */
    String describeToken() {
        String where = token instanceof Slot slot ? "slot " + slot.id() : "slot list index " + ((SlotListIndex) token).index();
        return "PKCS#11 " + where + " of " + library + ", key '" + keyAlias + "'";
    }
}
