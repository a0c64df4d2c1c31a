package io.edgeprov.gateway.core.audit;

import java.util.Locale;
import java.util.Set;

/**
 * Refuses audit text that looks like key material or names a secret, so a careless caller cannot put a
 * secret into the permanent, replicated audit trail. Refusal messages name the field, never the value.
 */
final class SecretScreen {

    /** Shortest run of base64 characters treated as an encoded blob (32 bytes encode to 43-44). */
    static final int MIN_BLOB_RUN = 40;

    private static final Set<String> SECRET_KEY_WORDS =
            Set.of("secret", "password", "passphrase", "passwd", "pin", "token", "privatekey", "private", "seed");

    private SecretScreen() {
    }

    /** Throws if a detail key names a kind of secret, e.g. {@code caPassphrase} or {@code device_pin}. */
    static void checkKey(String key) {
        for (String word : words(key)) {
            if (SECRET_KEY_WORDS.contains(word)) {
                throw new IllegalArgumentException("audit detail key '" + key
                        + "' names a secret; audit entries never hold secrets");
            }
        }
    }

    /**
     * Throws if an identifier (actor, target) holds a PEM block. Long base64-looking runs are allowed here:
     * device ids may legitimately look like that, and refusing one would fail the change it audits.
     */
    static void checkIdentifier(String field, String value) {
        if (value.contains("-----BEGIN") || value.contains("-----END")) {
            throw new IllegalArgumentException(field + " looks like a PEM block; audit entries never hold key material");
        }
    }

    /** Throws if a free-text value holds a PEM block or a long base64 blob. */
    static void checkValue(String field, String value) {
        checkIdentifier(field, value);
        if (hasBase64Blob(value)) {
            throw new IllegalArgumentException(field + " holds a base64 blob of " + MIN_BLOB_RUN
                    + "+ characters that may be key material; log a digest or an id instead");
        }
    }

    // Hex (digests, serials) is allowed: it cannot be told from an id and is what callers should log.
    private static boolean hasBase64Blob(String value) {
        int runStart = 0;
        for (int i = 0; i <= value.length(); i++) {
            boolean inRun = i < value.length() && isBase64Char(value.charAt(i));
            if (!inRun) {
                if (i - runStart >= MIN_BLOB_RUN && mixesCaseAndDigits(value, runStart, i)) {
                    return true;
                }
                runStart = i + 1;
            }
        }
        return false;
    }

    private static boolean isBase64Char(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '+' || c == '/' || c == '=' || c == '_' || c == '-';
    }

    private static boolean mixesCaseAndDigits(String value, int from, int to) {
        boolean upper = false;
        boolean lower = false;
        boolean digit = false;
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            upper |= c >= 'A' && c <= 'Z';
            lower |= c >= 'a' && c <= 'z';
            digit |= c >= '0' && c <= '9';
        }
        return upper && lower && digit;
    }

    private static Iterable<String> words(String key) {
        String spaced = key.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
        java.util.List<String> words = new java.util.ArrayList<>(java.util.List.of(spaced.split("[^a-z0-9]+")));
        words.add(key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", ""));
        return words;
    }
}
