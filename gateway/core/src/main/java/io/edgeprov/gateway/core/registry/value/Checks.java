package io.edgeprov.gateway.core.registry.value;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/** Argument checks shared by the registry and audit records, with messages naming the field. */
public final class Checks {

    private Checks() {
    }

    /**
     * Requires a non-blank identifier-like text without control characters.
     *
     * @return the value unchanged
     */
    public static String text(String value, String field, int maxLength) {
        Objects.requireNonNull(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        if (value.length() > maxLength) {
            throw new IllegalArgumentException(
                    field + " must be at most " + maxLength + " characters, got " + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException(field + " must not contain control characters (index " + i + ")");
            }
        }
        return value;
    }

    /**
     * Truncates to whole milliseconds, the precision the registry stores, so a record reads back equal.
     */
    public static Instant millis(Instant value, String field) {
        Objects.requireNonNull(value, field);
        return value.truncatedTo(ChronoUnit.MILLIS);
    }
}
