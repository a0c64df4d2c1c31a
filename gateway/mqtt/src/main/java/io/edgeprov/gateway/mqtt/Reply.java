package io.edgeprov.gateway.mqtt;

import io.edgeprov.gateway.core.device.ConnectionEffect;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An answer to a device request: the topic to publish it to, its encoded payload, and the effects the
 * front end applies to the requesting connection once the answer is on its way.
 *
 * @param challengeId the attestation challenge this exchange is about: the one a begin's answer issued,
 *                    or the one a finish named; a front end that promotes a connection on a finish
 *                    (docs/decisions/0036) checks that the challenge was issued on that same connection
 */
public record Reply(String topic, byte[] payload, List<ConnectionEffect> effects, Optional<String> challengeId) {
    public Reply {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(challengeId, "challengeId");
        if (topic.isEmpty() || topic.contains("+") || topic.contains("#")) {
            throw new IllegalArgumentException("reply topic must be a non-empty topic name without wildcards");
        }
        payload = payload.clone();
        effects = List.copyOf(effects);
    }

    /** An answer about no attestation challenge. */
    public Reply(String topic, byte[] payload, List<ConnectionEffect> effects) {
        this(topic, payload, effects, Optional.empty());
    }

    /** An answer with no effect on the connection. */
    public Reply(String topic, byte[] payload) {
        this(topic, payload, List.of());
    }

    /** This answer, about {@code challenge}. */
    public Reply about(String challenge) {
        return new Reply(topic, payload, effects, Optional.of(challenge));
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Reply that && topic.equals(that.topic) && Arrays.equals(payload, that.payload)
                && effects.equals(that.effects) && challengeId.equals(that.challengeId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, Arrays.hashCode(payload), effects, challengeId);
    }

    @Override
    public String toString() {
        return "Reply[topic=" + topic + ", " + payload.length + " bytes, effects=" + effects + "]";
    }
}
