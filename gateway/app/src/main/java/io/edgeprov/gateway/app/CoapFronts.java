package io.edgeprov.gateway.app;

import io.edgeprov.contracts.device.WireErrorCode;
import io.edgeprov.gateway.app.config.GatewayConfig;
import io.edgeprov.gateway.app.observability.GatewayMetrics;
import io.edgeprov.gateway.coap.CoapFront;
import io.edgeprov.gateway.coap.CoapMetrics;
import io.edgeprov.gateway.coap.CoapSettings;
import io.edgeprov.gateway.core.identity.UnauthorizedAttempts;
import io.edgeprov.gateway.mqtt.external.ServerCredential;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Builds the CoAP front end from the configuration and the core: the same device port, connect check,
 * per-source rate limit and revocation state as MQTT, its own DTLS server certificate from the gateway CA,
 * and its counters in the gateway's metrics.
 */
final class CoapFronts {

    private CoapFronts() {
    }

    static CoapFront build(GatewayConfig.Coap coap, GatewayCore core, List<X509Certificate> caChain, ServerCredential server,
            Executor requests, UnauthorizedAttempts attempts, GatewayMetrics metrics, SecureRandom random) {
        CoapSettings defaults = CoapSettings.defaults(coap.bind(), coap.port());
        CoapSettings settings = new CoapSettings(coap.bind(), coap.port(), coap.connectionIdLength(), coap.maxConnections(),
                defaults.staleConnection(), defaults.maxRequestsInFlight(), defaults.busyRetryAfter());
        CoapFront front = CoapFront.builder()
                .settings(settings)
                .devicePort(core.devices)
                .certificatePolicy(core.connectPolicy)
                .caChain(caChain)
                .serverCredential(server.key(), server.chain())
                .requestExecutor(requests)
                .sourceAdmission(core.sources)
                .unauthorizedAttempts(attempts)
                .metrics(new CoapMetrics() {
                    @Override
                    public void answered(String resource, String code) {
                        metrics.coapAnswered(resource, code);
                    }

                    @Override
                    public void refused(String resource, WireErrorCode code) {
                        metrics.coapRefused(resource, code);
                    }
                })
                .currentCrl(core.revocation::latestCrl)
                .random(random)
                .build();
        core.revocation.addListener(front);
        return front;
    }
}
