package io.edgeprov.contracts.device;

import java.util.Optional;

/**
 * MQTT topic names of contract v1. Every per-device topic is {@code prov/v1/{deviceId}/...}
 * (see {@link TopicKind}); the CA topics sit under {@code prov/v1/ca/}, which is why
 * {@link DeviceId} reserves the id {@code ca}. Device ids cannot hold {@code / + #}, so the
 * topics built here never contain wildcards or extra levels.
 */
public final class DeviceTopics {

    /** Every contract v1 topic starts with this. */
    public static final String PREFIX = "prov/v1/";
    /** Retained: the CA certificates, DER PKCS#7 certs-only (as EST {@code /crts} serves them). */
    public static final String CA_CERTS = "prov/v1/ca/certs";
    /** Retained: the current CRL, DER. */
    public static final String CRL = "prov/v1/ca/crl";

    private DeviceTopics() {
    }

    public static String enrollBegin(DeviceId id) {
        return new DeviceTopic(id, TopicKind.ATTEST_BEGIN).topic();
    }

    public static String enrollFinish(DeviceId id) {
        return new DeviceTopic(id, TopicKind.ATTEST_FINISH).topic();
    }

    public static String renew(DeviceId id) {
        return new DeviceTopic(id, TopicKind.RENEW).topic();
    }

    public static String notice(DeviceId id) {
        return new DeviceTopic(id, TopicKind.NOTICE).topic();
    }

    /** The topic the gateway answers a request topic on when it accepts. */
    public static String accepted(String requestTopic) {
        return requestOf(requestTopic).kind().accepted()
                .map(kind -> requestTopic + "/accepted")
                .orElseThrow();
    }

    /** The topic the gateway answers a request topic on when it rejects. */
    public static String rejected(String requestTopic) {
        return requestOf(requestTopic).kind().rejected()
                .map(kind -> requestTopic + "/rejected")
                .orElseThrow();
    }

    /** The subscription filter covering every topic of one device: {@code prov/v1/{id}/#}. */
    public static String deviceFilter(DeviceId id) {
        return PREFIX + id.value() + "/#";
    }

    /**
     * Reads a concrete incoming topic back into device and kind. Empty for anything that is not
     * exactly a contract v1 per-device topic: other prefixes, wildcards, bad or reserved ids,
     * unknown or extra levels, the CA topics.
     */
    public static Optional<DeviceTopic> parse(String topic) {
        if (topic == null || !topic.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String rest = topic.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        if (slash <= 0) {
            return Optional.empty();
        }
        String id = rest.substring(0, slash);
        if (DeviceId.check(id).isPresent()) {
            return Optional.empty();
        }
        return TopicKind.fromSuffix(rest.substring(slash + 1))
                .map(kind -> new DeviceTopic(new DeviceId(id), kind));
    }

    private static DeviceTopic requestOf(String requestTopic) {
        DeviceTopic parsed = parse(requestTopic).orElseThrow(() -> new IllegalArgumentException(
                "not a contract v1 device topic"));
        if (!parsed.kind().isRequest()) {
            throw new IllegalArgumentException("topic kind " + parsed.kind() + " is not a request topic");
        }
        return parsed;
    }
}
