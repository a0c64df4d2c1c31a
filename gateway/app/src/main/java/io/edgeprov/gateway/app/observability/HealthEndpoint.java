package io.edgeprov.gateway.app.observability;

import io.edgeprov.gateway.app.observability.GetOnlyHttpServer.Reply;
import io.edgeprov.gateway.core.part.PartHealth;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The gateway's HTTP endpoint on loopback: {@code /metrics} (Prometheus text) and {@code /health}
 * (200 when every named check passes, 503 otherwise, with a JSON body naming each check: the registry,
 * the CA certificate, and each part of the gateway, with a short detail). GET only; other methods get 405.
 * Slow or stalled clients are bounded by {@link HttpLimits}, so probes keep getting answers.
 */
public final class HealthEndpoint implements AutoCloseable {
    private final GetOnlyHttpServer server;

    private HealthEndpoint(GetOnlyHttpServer server) {
        this.server = server;
    }

    /** Starts serving with {@link HttpLimits#DEFAULTS}; port 0 picks a free port (see {@link #port()}). */
    public static HealthEndpoint start(String bind, int port, GatewayMetrics metrics, Map<String, Supplier<PartHealth>> checks)
            throws IOException {
        return start(bind, port, HttpLimits.DEFAULTS, metrics, checks);
    }

    /** Starts serving within {@code limits}; port 0 picks a free port (see {@link #port()}). */
    public static HealthEndpoint start(String bind, int port, HttpLimits limits, GatewayMetrics metrics,
            Map<String, Supplier<PartHealth>> checks) throws IOException {
        Map<String, Supplier<PartHealth>> ordered = new LinkedHashMap<>(checks);
        GetOnlyHttpServer server = GetOnlyHttpServer.start(bind, port, limits, Map.of(
                "/metrics", () -> new Reply(200, "text/plain; version=0.0.4", metrics.scrape()),
                "/health", () -> health(ordered)));
        return new HealthEndpoint(server);
    }

    public int port() {
        return server.port();
    }

    // Checks may run on several workers at once: the gateway's read volatile state or use the registry's reader pool.
    private static Reply health(Map<String, Supplier<PartHealth>> checks) {
        StringBuilder statuses = new StringBuilder();
        StringBuilder details = new StringBuilder();
        boolean up = true;
        int i = 0;
        for (Map.Entry<String, Supplier<PartHealth>> check : checks.entrySet()) {
            PartHealth health;
            try {
                health = check.getValue().get();
            } catch (RuntimeException e) {
                health = PartHealth.down("check failed: " + e.getClass().getSimpleName());
            }
            up &= health.up();
            String separator = i++ > 0 ? "," : "";
            statuses.append(separator).append(quoted(check.getKey())).append(':').append(health.up() ? "\"UP\"" : "\"DOWN\"");
            details.append(separator).append(quoted(check.getKey())).append(':').append(quoted(health.detail()));
        }
        String body = "{\"checks\":{" + statuses + "},\"details\":{" + details + "},\"status\":\"" + (up ? "UP" : "DOWN")
                + "\"}";
        return new Reply(up ? 200 : 503, "application/json", body);
    }

    /** A JSON string; details are the gateway's own words, escaped anyway. */
    private static String quoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    @Override
    public void close() {
        server.close();
    }
}
