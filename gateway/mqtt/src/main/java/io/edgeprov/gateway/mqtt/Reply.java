package io.edgeprov.gateway.mqtt;

import io.edgeprov.gateway.core.device.ConnectionEffect;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An answer to a device request: the topic to publish it to, its encoded payload, and the effects the
 * front end applies to the requesting connection once the answer is on its way.
 */
public record Reply(String topic, byte[] payload, List<ConnectionEffect> effects) {
    public Reply {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        if (topic.isEmpty() || topic.contains("+") || topic.contains("#")) {
            throw new IllegalArgumentException("reply topic must be a non-empty topic name without wildcards");
        }
        payload = payload.clone();
        effects = List.copyOf(effects);
    }

    /** An answer with no effect on the connection. */
    public Reply(String topic, byte[] payload) {
        this(topic, payload, List.of());
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Reply that && topic.equals(that.topic) && Arrays.equals(payload, that.payload)
                && effects.equals(that.effects);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, Arrays.hashCode(payload), effects);
    }

    @Override
    public String toString() {
        return "Reply[topic=" + topic + ", " + payload.length + " bytes, effects=" + effects + "]";
    }
}
