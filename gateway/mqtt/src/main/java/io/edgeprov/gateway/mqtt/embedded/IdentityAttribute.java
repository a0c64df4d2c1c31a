package io.edgeprov.gateway.mqtt.embedded;

import io.edgeprov.gateway.core.identity.ClientIdentity;
import java.util.Optional;

/**
 * Carries a client's identity from the authenticator to its interceptor through the
 * per-connection attribute store, so a reconnect under the same client id never sees the old
 * connection's identity.
 */
final class IdentityAttribute {
    static final String KEY = "io.edgeprov.identity";
    private static final String UNENROLLED = "unenrolled";
    private static final String DEVICE = "device:";

    private IdentityAttribute() {
    }

    static String encode(ClientIdentity identity) {
        if (identity instanceof ClientIdentity.Device device) {
            return DEVICE + device.serialHex();
        }
        return UNENROLLED;
    }

    /** The identity for {@code clientId}; empty when the attribute is missing or malformed. */
    static Optional<ClientIdentity> decode(String clientId, Optional<String> encoded) {
        if (encoded.isEmpty()) {
            return Optional.empty();
        }
        String value = encoded.get();
        try {
            if (value.equals(UNENROLLED)) {
                return Optional.of(new ClientIdentity.Unenrolled(clientId));
            }
            if (value.startsWith(DEVICE)) {
                return Optional.of(new ClientIdentity.Device(clientId, value.substring(DEVICE.length())));
            }
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
