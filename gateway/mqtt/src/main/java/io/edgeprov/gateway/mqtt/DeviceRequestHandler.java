package io.edgeprov.gateway.mqtt;

import io.edgeprov.gateway.core.identity.ClientIdentity;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Answers a device's request (attestation begin/finish, renewal). The caller has already checked
 * that the topic is one this identity may publish to, so implementations decide only on content.
 */
@FunctionalInterface
public interface DeviceRequestHandler {

    /**
     * @return the reply to publish, or empty when nothing should be sent
     */
    CompletableFuture<Optional<Reply>> handle(ClientIdentity who, String topic, byte[] payload);

    /**
     * The answer to a request the transport refused because its source asked too often; by default
     * none (the request is dropped and the device's own timeout and backoff apply).
     */
    default Optional<Reply> rateLimited(ClientIdentity who, String topic, byte[] payload) {
        return Optional.empty();
    }

    /**
     * The answer to a request whose handling failed, timed out or could not be scheduled, so the device
     * learns it from a Rejection rather than from its MQTT acknowledgement (which an MQTT 3.1.1 client
     * only gets as a disconnect); by default none, and the transport refuses the publish instead.
     */
    default Optional<Reply> failed(ClientIdentity who, String topic, byte[] payload) {
        return Optional.empty();
    }
}
