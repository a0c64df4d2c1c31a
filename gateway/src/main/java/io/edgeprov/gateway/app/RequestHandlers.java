package io.edgeprov.gateway.app;

/**
 * The one place that decides which device request handler a production gateway runs.
 *
 * <p>INTEGRATOR: plug the enrollment handler in here. Replace the body of {@link #production()}
 * with a factory that builds the EnrollmentService from {@link GatewayParts} (registry stores,
 * certificate authority, clock, metrics) and wraps it in the DeviceMessageHandler of
 * {@code gateway.transport.device}. Nothing else needs to change: {@code run} and tests that want the
 * real handler take it from here.
 */
public final class RequestHandlers {
    private RequestHandlers() {
    }

    /** The handler the {@code run} command serves devices with. */
    public static RequestHandlerFactory production() {
        return parts -> new NotWiredRequestHandler();
    }
}
