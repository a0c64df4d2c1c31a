package io.edgeprov.gateway.sync;

import java.util.Optional;

/**
 * The upstream topics: each gateway publishes its pages on {@code fleet/v1/<gatewayId>/events} and
 * subscribes to {@code fleet/v1/+/events}. A broker ACL should let a gateway publish only under its
 * own id; receivers check the page's signature and origin whatever the broker allows.
 */
public final class FleetTopics {
    public static final String ALL_EVENTS = "fleet/v1/+/events";

    private FleetTopics() {
    }

    public static String eventsOf(String gatewayId) {
        return "fleet/v1/" + gatewayId + "/events";
    }

    /** The gateway id in an events topic, if it is one. */
    public static Optional<String> originOf(String topic) {
        String[] levels = topic.split("/", -1);
        if (levels.length == 4 && levels[0].equals("fleet") && levels[1].equals("v1") && levels[3].equals("events")
                && !levels[2].isEmpty()) {
            return Optional.of(levels[2]);
        }
        return Optional.empty();
    }
}
