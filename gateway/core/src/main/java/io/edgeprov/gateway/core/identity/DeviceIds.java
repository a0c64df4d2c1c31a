package io.edgeprov.gateway.core.identity;

import io.edgeprov.contracts.device.DeviceId;

/**
 * The broker's view of the contract's device id rule ({@link DeviceId}, the one place it lives):
 * 1 to 64 characters of {@code [A-Za-z0-9._-]}, the first a letter or digit, and not the reserved
 * {@code ca}. It excludes every MQTT topic metacharacter ({@code /}, {@code +}, {@code #}), which is
 * what makes an id safe to splice into a topic filter.
 */
public final class DeviceIds {

    private DeviceIds() {
    }

    public static boolean isValid(String id) {
        return id != null && DeviceId.check(id).isEmpty();
    }

    /** Throws {@link IllegalArgumentException} naming the field when {@code id} breaks the rule. */
    public static String require(String id, String field) {
        if (!isValid(id)) {
            throw new IllegalArgumentException(field
                    + " must be 1 to 64 characters of [A-Za-z0-9._-], starting with a letter or digit, and not 'ca'");
        }
        return id;
    }
}
