package io.edgeprov.gateway.identity;

import java.util.Objects;

/** An answer to a device request: the topic to publish it to and its encoded payload. */
public record Reply(String topic, byte[] payload) {
    public Reply {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        if (topic.isEmpty() || topic.contains("+") || topic.contains("#")) {
            throw new IllegalArgumentException("reply topic must be a non-empty topic name without wildcards");
        }
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Reply that && topic.equals(that.topic) && java.util.Arrays.equals(payload, that.payload);
    }

    @Override
    public int hashCode() {
        return 31 * topic.hashCode() + java.util.Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "Reply[topic=" + topic + ", " + payload.length + " bytes]";
    }
}
