package io.edgeprov.gateway.core.fleet;

import java.util.Objects;

/**
 * Where the next page starts: the last row's sort key (as text) and device id. Opaque to callers; the admin plane
 * encodes it for the wire.
 */
public record FleetCursor(String key, String deviceId) {
    public FleetCursor {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(deviceId, "deviceId");
    }
}
