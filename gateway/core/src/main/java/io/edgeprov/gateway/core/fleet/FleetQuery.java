package io.edgeprov.gateway.core.fleet;

import java.util.Objects;
import java.util.Optional;

/** One page request over the fleet. */
public record FleetQuery(FleetFilter filter, FleetOrder order, boolean descending, Optional<FleetCursor> after, int size) {
    /** The most rows one page may hold. */
    public static final int MAX_SIZE = 500;

    public FleetQuery {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(after, "after");
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("a page holds 1 to " + MAX_SIZE + " rows, got " + size);
        }
    }
}
