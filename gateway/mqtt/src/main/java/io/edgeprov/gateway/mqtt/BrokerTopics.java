package io.edgeprov.gateway.mqtt;

import io.edgeprov.gateway.core.identity.DeviceIds;

import io.edgeprov.contracts.device.DeviceId;
import io.edgeprov.contracts.device.DeviceTopics;
import io.edgeprov.contracts.device.TopicKind;
import java.util.Optional;

/**
 * The device-facing MQTT topics as the broker policy needs them: by request, from plain strings
 * (a client id is not yet a {@link io.edgeprov.contracts.device.DeviceId} when the broker sees it),
 * and as filters. Every topic level comes from the contract's {@link TopicKind}, so the broker
 * cannot drift from what firmware publishes. Every per-device topic is {@code prov/v1/<deviceId>/...}.
 */
public final class BrokerTopics {
    public static final String PREFIX = DeviceTopics.PREFIX;
    public static final String CA_CERTS = DeviceTopics.CA_CERTS;
    public static final String CA_CRL = DeviceTopics.CRL;
    public static final String CA_ALL = PREFIX + DeviceId.RESERVED_CA + "/#";

    private BrokerTopics() {
    }

    /** The requests a device can make, each with its topic suffix under the device's own subtree. */
    public enum Request {
        ATTEST_BEGIN(TopicKind.ATTEST_BEGIN),
        ATTEST_FINISH(TopicKind.ATTEST_FINISH),
        RENEW(TopicKind.RENEW);

        private final TopicKind kind;

        Request(TopicKind kind) {
            this.kind = kind;
        }

        public String topic(String deviceId) {
            return deviceRoot(deviceId) + kind.suffix();
        }

        public String accepted(String deviceId) {
            return deviceRoot(deviceId) + kind.accepted().orElseThrow().suffix();
        }

        public String rejected(String deviceId) {
            return deviceRoot(deviceId) + kind.rejected().orElseThrow().suffix();
        }
    }

    /** {@code prov/v1/<deviceId>/}, with the trailing slash. */
    public static String deviceRoot(String deviceId) {
        DeviceIds.require(deviceId, "deviceId");
        return PREFIX + deviceId + "/";
    }

    /** Everything under one device: {@code prov/v1/<deviceId>/#}. */
    public static String deviceAll(String deviceId) {
        return deviceRoot(deviceId) + "#";
    }

    /** Where the gateway tells a device of revocation and policy changes. */
    public static String notice(String deviceId) {
        return deviceRoot(deviceId) + TopicKind.NOTICE.suffix();
    }

    /** True when {@code deviceId} would collide with a gateway-owned subtree such as {@code prov/v1/ca}. */
    public static boolean isReserved(String deviceId) {
        return DeviceId.RESERVED_CA.equals(deviceId);
    }

    /** Which request {@code topic} is, for the device {@code deviceId}; empty for any other topic. */
    public static Optional<Request> requestOf(String deviceId, String topic) {
        for (Request request : Request.values()) {
            if (request.topic(deviceId).equals(topic)) {
                return Optional.of(request);
            }
        }
        return Optional.empty();
    }
}
