package io.edgeprov.contracts.codec;

import io.edgeprov.contracts.device.ContractViolation;
import io.edgeprov.contracts.device.WireProblem;
import java.util.Arrays;
import java.util.Base64;

/** Unpadded base64url (RFC 4648 section 5), canonical only, so each byte string has one text form. */
final class Base64Url {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private Base64Url() {
    }

    static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    static byte[] decode(String field, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_';
            if (!ok) {
                throw new ContractViolation(field, WireProblem.BAD_BASE64URL,
                        "character at index " + i + " is outside the unpadded base64url alphabet");
            }
        }
        if (text.length() % 4 == 1) {
            throw new ContractViolation(field, WireProblem.BAD_BASE64URL, "length " + text.length() + " is impossible");
        }
        byte[] bytes = DECODER.decode(text);
        // The JDK decoder tolerates non-zero leftover bits; two spellings of one value would
        // let equal messages differ on the wire, so only the canonical one is accepted.
        if (!Arrays.equals(ENCODER.encode(bytes), text.getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
            throw new ContractViolation(field, WireProblem.BAD_BASE64URL, "unused trailing bits are not zero");
        }
        return bytes;
    }
}
