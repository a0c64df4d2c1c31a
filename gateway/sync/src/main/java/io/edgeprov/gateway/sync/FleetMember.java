package io.edgeprov.gateway.sync;

import java.util.Objects;

/**
 * A gateway whose identity certificate chains to the fleet root: its id and its device authority.
 *
 * @param gatewayId as its certificate's SAN URI names it
 * @param authority the devices it may decide about
 */
public record FleetMember(String gatewayId, DeviceAuthority authority) {
    public FleetMember {
        Objects.requireNonNull(gatewayId, "gatewayId");
        Objects.requireNonNull(authority, "authority");
    }
}
