package io.edgeprov.gateway.core.observability;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks what must never reach a log line: PEM blocks, values of secret-named fields, and long
 * base64 or hex runs that could be key material, tokens or challenge secrets. A last line of
 * defence: code should not log secrets in the first place.
 */
public final class Redactor {
    private static final Pattern PEM = Pattern.compile("-----BEGIN [A-Z0-9 ]+-----.*?(-----END [A-Z0-9 ]+-----|$)", Pattern.DOTALL);
    private static final Pattern SECRET_FIELD = Pattern.compile(
            "(?i)(\"?(?:passphrase|password|passwd|pin|secret|token|privateKey|private_key|challengeSecret|secretProof|credential)\"?\\s*[=:]\\s*)(\"[^\"]*\"|[^\\s,;}]+)");
    private static final Pattern LONG_BASE64 = Pattern.compile("[A-Za-z0-9+/_-]{40,}={0,2}");
    /** 48+ hex digits: a 32-byte secret looks exactly like a SHA-256 digest, so both go; 128-bit serials stay. */
    private static final Pattern LONG_HEX = Pattern.compile("(?i)\\b[0-9a-f]{48,}\\b");

    private Redactor() {
    }

    /** The text with every suspected secret replaced by a marker that says what was removed. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = PEM.matcher(text).replaceAll("[REDACTED PEM]");
        out = SECRET_FIELD.matcher(out).replaceAll("$1[REDACTED]");
        out = LONG_HEX.matcher(out).replaceAll("[REDACTED HEX]");
        Matcher base64 = LONG_BASE64.matcher(out);
        StringBuilder result = new StringBuilder();
        while (base64.find()) {
            String run = base64.group();
            // A long run of letters only is a word or an identifier, not encoded bytes.
            boolean encoded = run.chars().anyMatch(Character::isDigit) || run.contains("+") || run.contains("/");
            base64.appendReplacement(result, encoded ? "[REDACTED " + run.length() + " chars]" : Matcher.quoteReplacement(run));
        }
        base64.appendTail(result);
        return result.toString();
    }
}
