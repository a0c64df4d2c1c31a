package io.edgeprov.gateway.mqtt.external;

import io.edgeprov.gateway.core.identity.ClientIdentity;
import io.edgeprov.gateway.mqtt.DeviceRequestHandler;
import io.edgeprov.gateway.mqtt.Reply;
import io.edgeprov.gateway.core.identity.UnauthorizedAttempts;
import io.edgeprov.gateway.core.identity.UnauthorizedKind;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * External mode: Mosquitto's ACL grants the certificate CN equal to the gateway's service id every
 * request and reply topic (docs/decisions/0008), so no device may ever attest or renew under that
 * id; such requests are dropped unanswered before they reach enrollment, and counted.
 */
public final class GatewayIdGuard implements DeviceRequestHandler {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayIdGuard.class);

    private final DeviceRequestHandler next;
    private final String gatewayId;
    private final UnauthorizedAttempts attempts;

    public GatewayIdGuard(DeviceRequestHandler next, String gatewayId, UnauthorizedAttempts attempts) {
        this.next = Objects.requireNonNull(next, "next");
        this.gatewayId = Objects.requireNonNull(gatewayId, "gatewayId");
        this.attempts = Objects.requireNonNull(attempts, "attempts");
    }

    @Override
    public CompletableFuture<Optional<Reply>> handle(ClientIdentity who, String topic, byte[] payload) {
        if (gatewayId.equalsIgnoreCase(who.deviceId())) {
            attempts.count(UnauthorizedKind.REQUEST_UNDER_GATEWAY_ID);
            LOG.warn("dropped a request on {}: a device may not use the gateway's own service id {}", topic, gatewayId);
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return next.handle(who, topic, payload);
    }
}
