package io.edgeprov.gateway.mqtt;

import java.util.Objects;

/** One permission a client holds: publish to a topic name, or subscribe to a topic filter. */
public record TopicGrant(String filter, Activity activity) {

    public enum Activity { PUBLISH, SUBSCRIBE }

    public TopicGrant {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(activity, "activity");
        if (filter.isEmpty()) {
            throw new IllegalArgumentException("filter must not be empty");
        }
        if (activity == Activity.PUBLISH && (filter.contains("+") || filter.contains("#"))) {
            throw new IllegalArgumentException("a publish grant names one topic, without wildcards: " + filter);
        }
    }
}
