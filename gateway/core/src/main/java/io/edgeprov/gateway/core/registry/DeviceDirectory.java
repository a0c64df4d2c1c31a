package io.edgeprov.gateway.core.registry;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fleet as sets of device ids, for operations on many devices at once (batch revocation and its
 * preview): read in one query each, never row by row, so a lot of 10,000 devices costs one round trip.
 */
public interface DeviceDirectory {

    /** Every device the registry knows, in id order. */
    List<String> allDeviceIds();

    /** The devices labelled with this production lot, in id order. */
    List<String> deviceIdsInLot(String lot);

    /** The devices admitted one by one (an individual enrollment), which a group enrollment therefore does not cover. */
    Set<String> individuallyEnrolled();

    /** How many unrevoked certificates valid at {@code at} each device holds; devices holding none are absent. */
    Map<String, Integer> currentCertificateCounts(Instant at);

    /** The devices recorded revoked. */
    Set<String> revokedDeviceIds();
}
