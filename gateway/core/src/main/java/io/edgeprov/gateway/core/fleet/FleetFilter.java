package io.edgeprov.gateway.core.fleet;

import io.edgeprov.gateway.core.registry.DeviceState;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which devices a query covers.
 *
 * @param text case-insensitive substring of the device id, its lot or the enrollment that admitted it
 * @param states only these states; empty means all
 */
public record FleetFilter(Optional<String> text, Set<DeviceState> states) {
    public FleetFilter {
        Objects.requireNonNull(text, "text");
        text = text.filter(t -> !t.isBlank());
        text.ifPresent(t -> {
            if (t.length() > 128) {
                throw new IllegalArgumentException("a search text is at most 128 characters");
            }
        });
        states = states.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(states));
    }

    public static FleetFilter all() {
        return new FleetFilter(Optional.empty(), Set.of());
    }
}
