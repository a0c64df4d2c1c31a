package io.edgeprov.contracts.admin;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Pattern;

/** Field checks shared by the admin records; each throws {@link AdminViolation} naming the field. */
final class Check {
    static final Pattern OPERATOR_ID = Pattern.compile("[a-z0-9][a-z0-9._@-]{0,63}");
    static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    static final Pattern ENROLLMENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");
    static final Pattern CURSOR = Pattern.compile("[A-Za-z0-9_=-]{1,256}");

    private Check() {
    }

    static <T> T present(T value, String field) {
        if (value == null) {
            throw new AdminViolation(field, AdminProblem.NULL_VALUE, "required");
        }
        return value;
    }

    /** Text of 1..max characters without control characters. */
    static String text(String value, String field, int max) {
        present(value, field);
        if (value.isEmpty()) {
            throw new AdminViolation(field, AdminProblem.EMPTY, "1 to " + max + " characters");
        }
        if (value.length() > max) {
            throw new AdminViolation(field, AdminProblem.TOO_LONG, value.length() + " characters, at most " + max);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) && c != '\n' && c != '\t') {
                throw new AdminViolation(field, AdminProblem.BAD_FORMAT, "control character at index " + i);
            }
        }
        return value;
    }

    static String optionalText(String value, String field, int max) {
        return value == null ? null : text(value, field, max);
    }

    static String matching(String value, String field, Pattern pattern, String rule) {
        present(value, field);
        if (value.isEmpty()) {
            throw new AdminViolation(field, AdminProblem.EMPTY, rule);
        }
        if (!pattern.matcher(value).matches()) {
            throw new AdminViolation(field, AdminProblem.BAD_FORMAT, rule + ", got " + value.length() + " characters");
        }
        return value;
    }

    static String optionalMatching(String value, String field, Pattern pattern, String rule) {
        return value == null ? null : matching(value, field, pattern, rule);
    }

    static String requestId(String value) {
        return matching(value, "requestId", REQUEST_ID, "1 to 64 characters of [A-Za-z0-9_-]");
    }

    static String operatorId(String value, String field) {
        return matching(value, field, OPERATOR_ID, "1 to 64 characters of [a-z0-9._@-], starting with a letter or digit");
    }

    static String deviceId(String value, String field) {
        String id = matching(value, field, DEVICE_ID, "1 to 64 characters of [A-Za-z0-9._-], starting with a letter or digit");
        if (id.equals("ca")) {
            throw new AdminViolation(field, AdminProblem.BAD_FORMAT, "'ca' is reserved");
        }
        return id;
    }

    static String sha256Hex(String value, String field) {
        return matching(value, field, SHA256_HEX, "64 lower-case hex digits");
    }

    static String enrollmentId(String value, String field) {
        return matching(value, field, ENROLLMENT_ID, "1 to 128 characters of [A-Za-z0-9._:@-]");
    }

    static String cursor(String value) {
        return value == null ? null : matching(value, "cursor", CURSOR, "1 to 256 characters of [A-Za-z0-9_=-]");
    }

    static int range(int value, String field, int min, int max) {
        if (value < min || value > max) {
            throw new AdminViolation(field, AdminProblem.OUT_OF_RANGE, "from " + min + " to " + max + ", got " + value);
        }
        return value;
    }

    static long atLeast(long value, String field, long min) {
        if (value < min) {
            throw new AdminViolation(field, AdminProblem.OUT_OF_RANGE, "at least " + min + ", got " + value);
        }
        return value;
    }

    static Long optionalAtLeast(Long value, String field, long min) {
        return value == null ? null : atLeast(value, field, min);
    }

    /** An instant, kept to the millisecond so encoding is deterministic. */
    static Instant millis(Instant value, String field) {
        return present(value, field).truncatedTo(ChronoUnit.MILLIS);
    }

    static Instant optionalMillis(Instant value, String field) {
        return value == null ? null : millis(value, field);
    }

    static <T> List<T> list(List<T> value, String field, int max) {
        present(value, field);
        if (value.size() > max) {
            throw new AdminViolation(field, AdminProblem.TOO_MANY_ENTRIES, value.size() + " entries, at most " + max);
        }
        for (int i = 0; i < value.size(); i++) {
            if (value.get(i) == null) {
                throw new AdminViolation(field + "[" + i + "]", AdminProblem.NULL_VALUE, "entries must not be null");
            }
        }
        return List.copyOf(value);
    }

    static List<String> deviceIds(List<String> value, String field, int max) {
        List<String> ids = list(value, field, max);
        for (int i = 0; i < ids.size(); i++) {
            deviceId(ids.get(i), field + "[" + i + "]");
        }
        return ids;
    }
}
