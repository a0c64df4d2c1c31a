package io.edgeprov.gateway.sync;

import java.util.List;
import java.util.Objects;

/**
 * What one upstream message carries: consecutive events of one origin, in sequence order, so a single
 * publish in flight at a time keeps each origin's order on any broker.
 *
 * @param origin the gateway that made the decisions
 * @param events in increasing sequence order, 1 to {@link #MAX_EVENTS}
 */
public record FleetEventPage(String origin, List<FleetEvent> events) {
    /** Most events per page: a 10,000-device batch goes up in 20 messages. */
    public static final int MAX_EVENTS = 500;

    public FleetEventPage {
        Objects.requireNonNull(origin, "origin");
        events = List.copyOf(events);
        if (events.isEmpty() || events.size() > MAX_EVENTS) {
            throw new IllegalArgumentException("a page holds 1 to " + MAX_EVENTS + " events, got " + events.size());
        }
        long previous = 0;
        for (FleetEvent event : events) {
            if (event.sequence() <= previous) {
                throw new IllegalArgumentException("events must be in increasing sequence order");
            }
            previous = event.sequence();
            if (!event.revocation().origin().stored().equals("gateway:" + origin)) {
                throw new IllegalArgumentException("every event of a page comes from the page's origin");
            }
        }
    }
}
