package io.edgeprov.gateway.mqtt.external;

import io.edgeprov.gateway.mqtt.BrokerTopics;
import io.edgeprov.gateway.mqtt.BrokerTopics.Request;
import io.edgeprov.gateway.core.identity.ClientIdentity;
import io.edgeprov.gateway.core.identity.DeviceIds;
import java.util.Objects;
import java.util.Optional;

/**
 * Who sent a request on an external broker, read from its topic alone. Mosquitto's ACL vouches
 * that only device X publishes on X's topics: attestation as client id X (so {@link
 * ClientIdentity.Unenrolled}), renewal only with a certificate whose CN is X (so {@link
 * ClientIdentity.Device}, though Mosquitto does not pass the serial on).
 */
public record RequestRoute(ClientIdentity who, Request request, String topic) {
    /** The serial stands in for "presented a valid certificate, serial not known" in external mode. */
    public static final String UNKNOWN_SERIAL = "0";

    public RequestRoute {
        Objects.requireNonNull(who, "who");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(topic, "topic");
    }

    /** The route for {@code topic}; empty when it is not a request topic of a valid, unreserved device id. */
    public static Optional<RequestRoute> of(String topic) {
        if (topic == null || !topic.startsWith(BrokerTopics.PREFIX)) {
            return Optional.empty();
        }
        int end = topic.indexOf('/', BrokerTopics.PREFIX.length());
        if (end < 0) {
            return Optional.empty();
        }
        String deviceId = topic.substring(BrokerTopics.PREFIX.length(), end);
        if (!DeviceIds.isValid(deviceId) || BrokerTopics.isReserved(deviceId)) {
            return Optional.empty();
        }
        return BrokerTopics.requestOf(deviceId, topic).map(request -> new RequestRoute(identity(deviceId, request), request, topic));
    }

    private static ClientIdentity identity(String deviceId, Request request) {
        return request == Request.RENEW
                ? new ClientIdentity.Device(deviceId, UNKNOWN_SERIAL)
                : new ClientIdentity.Unenrolled(deviceId);
    }
}
