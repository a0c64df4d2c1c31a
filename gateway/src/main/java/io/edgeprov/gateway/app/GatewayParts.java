package io.edgeprov.gateway.app;

import io.edgeprov.gateway.config.GatewayConfig;
import io.edgeprov.gateway.observability.GatewayMetrics;
import io.edgeprov.gateway.registry.sqlite.SqliteRegistry;
import io.edgeprov.pki.CertificateAuthority;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * What a started gateway offers the device request handler it is about to serve: the parts an
 * enrollment service is built from, all owned and closed by {@link GatewayApplication}.
 */
public record GatewayParts(GatewayConfig config, SqliteRegistry registry, CertificateAuthority certificateAuthority,
        GatewayMetrics metrics, Clock clock, Executor executor) {
    public GatewayParts {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(certificateAuthority, "certificateAuthority");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(executor, "executor");
    }
}
