package io.edgeprov.gateway.identity;

import java.util.regex.Pattern;

/**
 * The device id rule shared with {@code FleetNaming}: 1 to 64 characters of {@code [A-Za-z0-9._-]},
 * the first a letter or digit. It excludes every MQTT topic metacharacter ({@code /}, {@code +},
 * {@code #}), which is what makes an id safe to splice into a topic filter.
 */
public final class DeviceIds {
    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private DeviceIds() {
    }

    public static boolean isValid(String id) {
        return id != null && DEVICE_ID.matcher(id).matches();
    }

    /** Throws {@link IllegalArgumentException} naming the field when {@code id} breaks the rule. */
    public static String require(String id, String field) {
        if (!isValid(id)) {
            throw new IllegalArgumentException(field
                    + " must be 1 to 64 characters of [A-Za-z0-9._-], starting with a letter or digit");
        }
        return id;
    }
}
