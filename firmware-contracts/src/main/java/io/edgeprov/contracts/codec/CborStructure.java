package io.edgeprov.contracts.codec;

import io.edgeprov.contracts.device.ContractViolation;
import io.edgeprov.contracts.device.WireLimits;
import io.edgeprov.contracts.device.WireProblem;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A pass over the raw CBOR bytes before Jackson sees them, for the rules its parser does not
 * expose: exactly one well-formed item, definite lengths only, shortest-form arguments, no
 * tags, text-string keys, only false/true/null and floats as simple values, bounded depth.
 * Recursion is bounded by {@link WireLimits#MAX_NESTING_DEPTH}, and every item consumes at
 * least one byte, so the pass is linear in the payload.
 */
final class CborStructure {

    private final byte[] bytes;
    private int pos;
    private String field = "$";

    private CborStructure(byte[] bytes) {
        this.bytes = bytes;
    }

    static void check(byte[] payload) {
        CborStructure scan = new CborStructure(payload);
        if (payload.length == 0) {
            throw new ContractViolation("$", WireProblem.SYNTAX, "empty payload");
        }
        scan.item(1);
        if (scan.pos != payload.length) {
            throw new ContractViolation("$", WireProblem.TRAILING_DATA,
                    (payload.length - scan.pos) + " bytes after the top-level item");
        }
    }

    /** Reads one item whose containers, if it is one, sit at nesting level {@code level}. */
    private void item(int level) {
        int start = pos;
        int initial = u8();
        int major = initial >>> 5;
        int info = initial & 0x1f;
        if (info == 31) {
            if (major >= 2 && major <= 5) {
                throw violation(WireProblem.INDEFINITE_LENGTH, "indefinite-length item at byte " + start);
            }
            throw violation(WireProblem.SYNTAX, "unexpected break or reserved encoding at byte " + start);
        }
        if (info >= 28) {
            throw violation(WireProblem.SYNTAX, "reserved additional information at byte " + start);
        }
        if (major == 7) {
            simple(info, start);
            return;
        }
        long argument = argument(info, start);
        switch (major) {
            case 0:
            case 1:
                return;
            case 2:
                skipBytes(argument, start);
                return;
            case 3:
                int from = pos;
                skipBytes(argument, start);
                checkUtf8(from, start);
                return;
            case 4:
                enter(level, argument, 1, start);
                for (long i = 0; i < argument; i++) {
                    item(level + 1);
                }
                return;
            case 5:
                enter(level, argument, 2, start);
                for (long i = 0; i < argument; i++) {
                    key(level);
                    item(level + 1);
                    if (level == 1) {
                        field = "$";
                    }
                }
                return;
            default:
                throw violation(WireProblem.UNSUPPORTED_ENCODING, "tag at byte " + start + "; contract v1 uses no tags");
        }
    }

    private void key(int level) {
        int start = pos;
        if (pos < bytes.length && (bytes[pos] & 0xff) >>> 5 != 3) {
            throw violation(WireProblem.UNSUPPORTED_ENCODING, "map key at byte " + start + " is not a text string");
        }
        item(level + 1);
        if (level == 1) {
            field = plainKey(start);
        }
    }

    private void enter(int level, long count, int itemsPerEntry, int start) {
        if (level > WireLimits.MAX_NESTING_DEPTH) {
            throw violation(WireProblem.NESTING_TOO_DEEP, "nested deeper than " + WireLimits.MAX_NESTING_DEPTH + " levels");
        }
        long remaining = bytes.length - pos;
        if (Long.compareUnsigned(count, remaining / itemsPerEntry) > 0) {
            throw violation(WireProblem.SYNTAX, "container at byte " + start + " claims more items than bytes remain");
        }
    }

    private void simple(int info, int start) {
        if (info >= 20 && info <= 22) {
            return;
        }
        if (info >= 25 && info <= 27) {
            skipBytes(1L << (info - 24), start);
            return;
        }
        throw violation(WireProblem.UNSUPPORTED_ENCODING,
                "simple value at byte " + start + "; only false, true, null and floats are allowed");
    }

    private long argument(int info, int start) {
        if (info < 24) {
            return info;
        }
        int size = 1 << (info - 24);
        long value = 0;
        for (int i = 0; i < size; i++) {
            value = (value << 8) | u8();
        }
        long smallest = info == 24 ? 24 : 1L << (8 * (size / 2));
        if (Long.compareUnsigned(value, smallest) < 0) {
            throw violation(WireProblem.UNSUPPORTED_ENCODING,
                    "argument at byte " + start + " is not in its shortest form");
        }
        return value;
    }

    private void skipBytes(long length, int start) {
        if (Long.compareUnsigned(length, bytes.length - pos) > 0) {
            throw violation(WireProblem.SYNTAX, "item at byte " + start + " is truncated");
        }
        pos += (int) length;
    }

    private void checkUtf8(int from, int start) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, from, pos - from));
        } catch (CharacterCodingException e) {
            throw violation(WireProblem.SYNTAX, "text string at byte " + start + " is not valid UTF-8");
        }
    }

    /** The top-level key just scanned, if it is a plain identifier, so nested refusals can name it. */
    private String plainKey(int start) {
        int headerLength = (bytes[start] & 0x1f) < 24 ? 1 : 1 + (1 << ((bytes[start] & 0x1f) - 24));
        String key = new String(bytes, start + headerLength, pos - start - headerLength, StandardCharsets.UTF_8);
        boolean plain = !key.isEmpty() && key.length() <= WireLimits.FIELD_NAME_MAX_CHARS
                && key.chars().allMatch(c -> c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                || c == '_' || c == '-' || c == '.');
        return plain ? key : "$";
    }

    private int u8() {
        if (pos >= bytes.length) {
            throw violation(WireProblem.SYNTAX, "truncated at byte " + pos);
        }
        return bytes[pos++] & 0xff;
    }

    private ContractViolation violation(WireProblem problem, String detail) {
        return new ContractViolation(field, problem, detail);
    }
}
