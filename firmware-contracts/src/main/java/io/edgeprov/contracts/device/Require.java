package io.edgeprov.contracts.device;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Shared compact-constructor checks, so every record refuses the same way with the field named. */
final class Require {

    private Require() {
    }

    static <T> T present(String field, T value) {
        if (value == null) {
            throw new ContractViolation(field, WireProblem.MISSING, "must not be null");
        }
        return value;
    }

    /** A token a device chose: present and not {@link ClientToken#NONE}, which only a rejection may carry. */
    static ClientToken deviceToken(String field, ClientToken value) {
        present(field, value);
        if (value.isNone()) {
            throw new ContractViolation(field, WireProblem.EMPTY, "must hold 1 to " + WireLimits.ID_MAX_CHARS + " characters");
        }
        return value;
    }

    static byte[] bytes(String field, byte[] value, int max) {
        present(field, value);
        if (value.length == 0) {
            throw new ContractViolation(field, WireProblem.EMPTY, "must hold at least 1 byte");
        }
        if (value.length > max) {
            throw new ContractViolation(field, WireProblem.TOO_LONG, value.length + " bytes, at most " + max);
        }
        return value.clone();
    }

    static byte[] exactBytes(String field, byte[] value, int length) {
        present(field, value);
        if (value.length != length) {
            throw new ContractViolation(field, WireProblem.WRONG_LENGTH, value.length + " bytes, must be " + length);
        }
        return value.clone();
    }

    static Optional<byte[]> optionalBytes(String field, Optional<byte[]> value, int max) {
        present(field, value);
        return value.map(b -> bytes(field, b, max));
    }

    static List<byte[]> byteList(String field, List<byte[]> value, int maxEntries, int maxEach) {
        present(field, value);
        if (value.isEmpty()) {
            throw new ContractViolation(field, WireProblem.EMPTY, "must hold at least 1 entry");
        }
        if (value.size() > maxEntries) {
            throw new ContractViolation(field, WireProblem.TOO_MANY_ENTRIES, value.size() + " entries, at most " + maxEntries);
        }
        List<byte[]> copy = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            copy.add(bytes(field + "[" + i + "]", value.get(i), maxEach));
        }
        return List.copyOf(copy);
    }

    /** Checks an ASCII identifier: 1..64 characters, first from {@code first}, the rest from {@code rest}. */
    static String identifier(String field, String value, String first, String rest) {
        present(field, value);
        if (value.isEmpty()) {
            throw new ContractViolation(field, WireProblem.EMPTY, "must hold 1 to " + WireLimits.ID_MAX_CHARS + " characters");
        }
        if (value.length() > WireLimits.ID_MAX_CHARS) {
            throw new ContractViolation(field, WireProblem.TOO_LONG,
                    value.length() + " characters, at most " + WireLimits.ID_MAX_CHARS);
        }
        for (int i = 0; i < value.length(); i++) {
            String allowed = i == 0 ? first : rest;
            if (!isIn(value.charAt(i), allowed)) {
                throw new ContractViolation(field, WireProblem.BAD_FORMAT,
                        "character at index " + i + " is not one of " + describe(allowed));
            }
        }
        return value;
    }

    static String reasonText(String field, String value) {
        present(field, value);
        if (value.isEmpty()) {
            throw new ContractViolation(field, WireProblem.EMPTY, "must not be empty");
        }
        int utf8 = value.getBytes(StandardCharsets.UTF_8).length;
        if (utf8 > WireLimits.REASON_TEXT_MAX_BYTES) {
            throw new ContractViolation(field, WireProblem.TOO_LONG,
                    utf8 + " UTF-8 bytes, at most " + WireLimits.REASON_TEXT_MAX_BYTES);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || Character.isSurrogate(c) && !wellFormedSurrogate(value, i)) {
                throw new ContractViolation(field, WireProblem.BAD_FORMAT,
                        "control character or lone surrogate at index " + i);
            }
        }
        return value;
    }

    /** Timestamps travel as whole epoch seconds, so sub-second parts are dropped here, not on the wire. */
    static Instant epochSeconds(String field, Instant value) {
        present(field, value);
        if (value.getEpochSecond() < 0 || value.getEpochSecond() > WireLimits.MAX_EPOCH_SECOND) {
            throw new ContractViolation(field, WireProblem.OUT_OF_RANGE,
                    "epoch second must be within 0.." + WireLimits.MAX_EPOCH_SECOND);
        }
        return value.truncatedTo(ChronoUnit.SECONDS);
    }

    static boolean isIn(char c, String allowed) {
        for (int i = 0; i < allowed.length(); i += 2) {
            if (c >= allowed.charAt(i) && c <= allowed.charAt(i + 1)) {
                return true;
            }
        }
        return false;
    }

    /** Character classes are written as pairs of inclusive bounds: "AZaz09" means [A-Za-z0-9]. */
    private static String describe(String allowed) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < allowed.length(); i += 2) {
            sb.append(allowed.charAt(i));
            if (allowed.charAt(i) != allowed.charAt(i + 1)) {
                sb.append('-').append(allowed.charAt(i + 1));
            }
        }
        return sb.append(']').toString();
    }

    private static boolean wellFormedSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    static boolean equal(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean equal(Optional<byte[]> a, Optional<byte[]> b) {
        return a.isPresent() == b.isPresent() && (a.isEmpty() || Arrays.equals(a.get(), b.get()));
    }

    static int hash(List<byte[]> list) {
        int h = 1;
        for (byte[] b : list) {
            h = 31 * h + Arrays.hashCode(b);
        }
        return h;
    }

    static int hash(Optional<byte[]> value) {
        return value.map(Arrays::hashCode).orElse(0);
    }

    /** Binary fields show only their length in toString: contents may be key material. */
    static String size(byte[] value) {
        return value.length + " bytes";
    }

    static String size(Optional<byte[]> value) {
        return value.map(Require::size).orElse("absent");
    }

    /** A device id is no secret (it is a topic level), so toString shows it, or that it is absent. */
    static String id(Optional<DeviceId> value) {
        return value.map(DeviceId::value).orElse("absent");
    }
}
