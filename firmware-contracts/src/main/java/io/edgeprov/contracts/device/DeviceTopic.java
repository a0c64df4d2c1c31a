package io.edgeprov.contracts.device;

import java.util.Objects;

/** A parsed per-device topic: whose it is and what kind. */
public record DeviceTopic(DeviceId deviceId, TopicKind kind) {

    public DeviceTopic {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(kind, "kind");
    }

    /** The topic string, e.g. {@code prov/v1/dev-1/attest/begin}. */
    public String topic() {
        return DeviceTopics.PREFIX + deviceId.value() + "/" + kind.suffix();
    }
}
