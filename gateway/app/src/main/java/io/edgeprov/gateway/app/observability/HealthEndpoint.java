package io.edgeprov.gateway.app.observability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import io.edgeprov.gateway.core.part.PartHealth;
import java.util.function.Supplier;

/**
 * The gateway's HTTP endpoint on loopback: {@code /metrics} (Prometheus text) and {@code /health}
 * (200 when every named check passes, 503 otherwise, with a JSON body naming each check: the registry,
 * the CA certificate, and each part of the gateway, with a short detail).
 */
public final class HealthEndpoint implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, Supplier<PartHealth>> checks;

    private HealthEndpoint(HttpServer server, ExecutorService executor, Map<String, Supplier<PartHealth>> checks) {
        this.server = server;
        this.executor = executor;
        this.checks = checks;
    }

    /** Starts serving; port 0 picks a free port (see {@link #port()}). */
    public static HealthEndpoint start(String bind, int port, GatewayMetrics metrics, Map<String, Supplier<PartHealth>> checks)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(bind, port), 16);
        ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "health-endpoint");
            thread.setDaemon(true);
            return thread;
        });
        HealthEndpoint endpoint = new HealthEndpoint(server, executor, new LinkedHashMap<>(checks));
        server.createContext("/metrics", exchange -> endpoint.respond(exchange, 200, "text/plain; version=0.0.4", metrics.scrape()));
        server.createContext("/health", endpoint::health);
        server.setExecutor(executor);
        server.start();
        return endpoint;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void health(HttpExchange exchange) throws IOException {
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
        respond(exchange, up ? 200 : 503, "application/json", body);
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

    private void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
