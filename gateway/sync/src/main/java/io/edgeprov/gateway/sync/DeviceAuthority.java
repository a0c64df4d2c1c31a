package io.edgeprov.gateway.sync;

import java.util.List;

/**
 * The devices a gateway may decide about for the whole fleet, as its fleet identity certificate lists
 * them: {@code *} (all), an id prefix ending in {@code *}, or exact ids.
 *
 * @param patterns as read from the certificate
 */
public record DeviceAuthority(List<String> patterns) {
    public DeviceAuthority {
        patterns = List.copyOf(patterns);
    }

    /** Whether an event about {@code deviceId} lies within this authority. */
    public boolean covers(String deviceId) {
        for (String pattern : patterns) {
            if (pattern.equals("*")) {
                return true;
            }
            if (pattern.endsWith("*") ? deviceId.startsWith(pattern.substring(0, pattern.length() - 1))
                    : deviceId.equals(pattern)) {
                return true;
            }
        }
        return false;
    }
}
