package io.edgeprov.gateway.core.registry;

import io.edgeprov.gateway.core.identity.DeviceIds;

/** Where a revocation was decided: on this gateway, or on another gateway of the fleet (arrived by sync). */
public sealed interface RevocationOrigin permits RevocationOrigin.Local, RevocationOrigin.Gateway {

    /** How the registry stores it: {@code local}, or {@code gateway:<id>}. */
    String stored();

    /** This gateway: its operators or its CLI. */
    record Local() implements RevocationOrigin {
        @Override
        public String stored() {
            return "local";
        }
    }

    /** Another gateway of the fleet, by its gateway id. */
    record Gateway(String gatewayId) implements RevocationOrigin {
        public Gateway {
            DeviceIds.require(gatewayId, "gatewayId");
        }

        @Override
        public String stored() {
            return "gateway:" + gatewayId;
        }
    }

    RevocationOrigin LOCAL = new Local();

    /** Reads the stored form back. */
    static RevocationOrigin parse(String stored) {
        if ("local".equals(stored)) {
            return LOCAL;
        }
        if (stored != null && stored.startsWith("gateway:")) {
            return new Gateway(stored.substring("gateway:".length()));
        }
        throw new IllegalArgumentException("not a revocation origin: " + stored);
    }
}
