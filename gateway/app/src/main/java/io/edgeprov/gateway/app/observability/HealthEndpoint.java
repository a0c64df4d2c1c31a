package io.edgeprov.gateway.app.observability;

import io.edgeprov.gateway.app.observability.GetOnlyHttpServer.Reply;
import io.edgeprov.gateway.core.part.PartHealth;
import io.edgeprov.pki.crl.SignedCrl;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The gateway's HTTP endpoint on loopback: {@code /metrics} (Prometheus text), {@code /health}
 * (200 when every named check passes, 503 otherwise, with a JSON body naming each check: the registry,
 * the CA certificate, and each part of the gateway, with a short detail), and the current CRL at
 * {@code /crl} (DER) and {@code /crl.pem}, the distribution point device certificates name by default
 * ({@link CrlReplies}). GET only; other methods get 405. Slow or stalled clients are bounded by
 * {@link HttpLimits}, so probes keep getting answers.
 */
public final class HealthEndpoint implements AutoCloseable {
    /** The path of the CRL in DER, the one certificates name as their CRL distribution point. */
    public static final String CRL_PATH = "/crl";
    /** The same CRL in PEM. */
    public static final String CRL_PEM_PATH = "/crl.pem";

    private final GetOnlyHttpServer server;

    private HealthEndpoint(GetOnlyHttpServer server) {
        this.server = server;
    }

    /**
     * A port bound for the endpoint and not yet answering: the gateway binds first, so that with port 0
     * the CRL URL it writes into certificates names the port it will serve the CRL on.
     */
    public static final class Listener implements AutoCloseable {
        private final ServerSocket socket;

        private Listener(ServerSocket socket) {
            this.socket = socket;
        }

        /** The bound port (the one picked when 0 was asked for). */
        public int port() {
            return socket.getLocalPort();
        }

        /** Closes the port if the endpoint never started on it; harmless after. */
        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Binds {@code bind:port} (0 picks a free port) without answering yet; {@link #start(Listener, HttpLimits, GatewayMetrics, Map, Supplier)} serves it. */
    public static Listener bind(String bind, int port) throws IOException {
        return new Listener(GetOnlyHttpServer.bind(bind, port));
    }

    /** Starts serving with {@link HttpLimits#DEFAULTS} and no CRL; port 0 picks a free port (see {@link #port()}). */
    public static HealthEndpoint start(String bind, int port, GatewayMetrics metrics, Map<String, Supplier<PartHealth>> checks)
            throws IOException {
        return start(bind, port, HttpLimits.DEFAULTS, metrics, checks);
    }

    /** Starts serving within {@code limits}, with no CRL; port 0 picks a free port (see {@link #port()}). */
    public static HealthEndpoint start(String bind, int port, HttpLimits limits, GatewayMetrics metrics,
            Map<String, Supplier<PartHealth>> checks) throws IOException {
        return start(bind(bind, port), limits, metrics, checks, Optional::empty);
    }

    /**
     * Starts serving on a bound listener, which the endpoint then owns, within {@code limits}.
     *
     * @param currentCrl the CRL in force; read at each request to {@code /crl} or {@code /crl.pem}
     */
    public static HealthEndpoint start(Listener listener, HttpLimits limits, GatewayMetrics metrics,
            Map<String, Supplier<PartHealth>> checks, Supplier<Optional<SignedCrl>> currentCrl) {
        Map<String, Supplier<PartHealth>> ordered = new LinkedHashMap<>(checks);
        CrlReplies crl = new CrlReplies(currentCrl);
        GetOnlyHttpServer server = GetOnlyHttpServer.serve(listener.socket, limits, Map.of(
                "/metrics", () -> Reply.text(200, "text/plain; version=0.0.4", metrics.scrape()),
                "/health", () -> health(ordered),
                CRL_PATH, crl::der,
                CRL_PEM_PATH, crl::pem));
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
        return Reply.text(up ? 200 : 503, "application/json", body);
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
