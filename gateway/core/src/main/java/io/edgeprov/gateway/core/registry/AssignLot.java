package io.edgeprov.gateway.core.registry;

import io.edgeprov.gateway.core.identity.DeviceIds;
import io.edgeprov.gateway.core.registry.value.Checks;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Label devices with the production lot they came from, so an operator can later act on the whole lot.
 *
 * @param deviceIds the devices (known or not yet enrolled)
 * @param lot the factory's lot label
 * @param actor who labelled them
 * @param at when
 */
public record AssignLot(List<String> deviceIds, String lot, String actor, Instant at) {
    /** Lot labels: what factories print on a reel or tray label, without spaces or separators that need quoting. */
    public static final Pattern LOT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}");

    public AssignLot {
        deviceIds = List.copyOf(deviceIds);
        if (deviceIds.isEmpty()) {
            throw new IllegalArgumentException("a lot assignment names at least one device");
        }
        deviceIds.forEach(id -> DeviceIds.require(id, "deviceId"));
        Objects.requireNonNull(lot, "lot");
        if (!LOT.matcher(lot).matches()) {
            throw new IllegalArgumentException("lot '" + lot + "' is not 1 to 64 characters of [A-Za-z0-9._:/-]"
                    + " starting with a letter or digit");
        }
        Checks.text(actor, "actor", 256);
        at = Checks.millis(at, "at");
    }
}
