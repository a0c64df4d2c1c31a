package io.edgeprov.ui.viewmodel;

import io.edgeprov.contracts.admin.AdminData.DeviceStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How times, counts and states read on screen; pure functions so tests can pin them. */
public final class Formats {
    /** Expiry within this reads as urgent (red). */
    public static final Duration URGENT = Duration.ofHours(1);
    /** Expiry within this reads as soon (amber). */
    public static final Duration SOON = Duration.ofHours(6);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private Formats() {
    }

    /** "in 5h 12m", "in 42s", "expired 3m ago", "—" when there is no certificate. */
    public static String countdown(Instant now, Instant notAfter) {
        if (notAfter == null) {
            return "—";
        }
        Duration left = Duration.between(now, notAfter);
        if (left.isNegative() || left.isZero()) {
            return "expired " + span(left.negated()) + " ago";
        }
        return "in " + span(left);
    }

    /** "just now", "42s ago", "3m ago", "never". */
    public static String ago(Instant now, Instant then) {
        if (then == null) {
            return "never";
        }
        Duration since = Duration.between(then, now);
        if (since.getSeconds() < 5) {
            return "just now";
        }
        return span(since) + " ago";
    }

    /** Two units at most: "2d 4h", "5h 12m", "3m 20s", "42s". */
    public static String span(Duration d) {
        long s = Math.max(0, d.getSeconds());
        long days = s / 86_400;
        long hours = s % 86_400 / 3_600;
        long minutes = s % 3_600 / 60;
        long seconds = s % 60;
        if (days > 0) {
            return days + "d " + hours + "h";
        }
        if (hours > 0) {
            return hours + "h " + minutes + "m";
        }
        if (minutes > 0) {
            return minutes + "m " + seconds + "s";
        }
        return seconds + "s";
    }

    /** The CSS class for an expiry: urgent, soon, expired or none. */
    public static String expiryStyle(Instant now, Instant notAfter) {
        if (notAfter == null) {
            return "";
        }
        Duration left = Duration.between(now, notAfter);
        if (left.isNegative() || left.isZero()) {
            return "expired";
        }
        if (left.compareTo(URGENT) <= 0) {
            return "expiry-urgent";
        }
        return left.compareTo(SOON) <= 0 ? "expiry-soon" : "";
    }

    public static String stateStyle(DeviceStatus state) {
        return state == null ? "state-loading" : "state-" + state.name().toLowerCase(Locale.ROOT);
    }

    public static String stateWords(DeviceStatus state) {
        if (state == null) {
            return "";
        }
        return switch (state) {
            case ACTIVE -> "Active";
            case PENDING -> "Pending";
            case REVOKED -> "Revoked";
            case DISABLED -> "Disabled";
        };
    }

    /** A wire error code in words: "EK_NOT_ALLOWED" reads as what it means, an unknown code as itself. */
    public static String refusalWords(String code) {
        if (code == null || code.isBlank()) {
            return "";
        }
        for (io.edgeprov.contracts.device.WireErrorCode c : io.edgeprov.contracts.device.WireErrorCode.values()) {
            if (c.name().equals(code) || String.valueOf(c.code()).equals(code)) {
                return c.meaning();
            }
        }
        return code;
    }

    public static String stamp(Instant at) {
        return at == null ? "—" : STAMP.format(at);
    }

    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
