package io.edgeprov.gateway.app;

import io.edgeprov.gateway.identity.DeviceRequestHandler;

/**
 * Makes the handler for device requests once the gateway's parts exist (the registry and CA are
 * opened inside {@link GatewayApplication#start()}, so a finished handler cannot be passed in).
 */
@FunctionalInterface
public interface RequestHandlerFactory {
    DeviceRequestHandler create(GatewayParts parts);
}
