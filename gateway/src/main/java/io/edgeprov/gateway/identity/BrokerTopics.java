package io.edgeprov.gateway.identity;

import io.edgeprov.contracts.device.DeviceTopics;
import java.util.Optional;
import java.util.Set;

/**
 * The device-facing MQTT topic names, in one place until the firmware-contracts module owns the
 * canonical constants. Every per-device topic is {@code prov/v1/<deviceId>/...}.
 */
public final class BrokerTopics {
    public static final String PREFIX = DeviceTopics.PREFIX;
    public static final String CA_CERTS = DeviceTopics.CA_CERTS;
    public static final String CA_CRL = DeviceTopics.CRL;
    public static final String CA_ALL = "prov/v1/ca/#";
    public static final String ACCEPTED = "accepted";
    public static final String REJECTED = "rejected";

    /** Path segments under {@code prov/v1/} that are not device ids, so no device may take them as its id. */
    private static final Set<String> RESERVED = Set.of("ca");

    private BrokerTopics() {
    }

    /** The requests a device can make, each with its topic suffix under the device's own subtree. */
    public enum Request {
        ATTEST_BEGIN("attest/begin"),
        ATTEST_FINISH("attest/finish"),
        RENEW("renew");

        private final String suffix;

        Request(String suffix) {
            this.suffix = suffix;
        }

        public String topic(String deviceId) {
            return deviceRoot(deviceId) + suffix;
        }

        public String accepted(String deviceId) {
            return topic(deviceId) + "/" + ACCEPTED;
        }

        public String rejected(String deviceId) {
            return topic(deviceId) + "/" + REJECTED;
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
        return deviceRoot(deviceId) + "notice";
    }

    /** True when {@code deviceId} would collide with a gateway-owned subtree such as {@code prov/v1/ca}. */
    public static boolean isReserved(String deviceId) {
        return RESERVED.contains(deviceId);
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
