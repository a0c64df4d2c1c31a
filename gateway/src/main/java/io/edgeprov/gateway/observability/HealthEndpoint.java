package io.edgeprov.gateway.observability;

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
import java.util.function.BooleanSupplier;

/**
 * The gateway's HTTP endpoint on loopback: {@code /metrics} (Prometheus text) and {@code /health}
 * (200 when every named check passes, 503 otherwise, with a JSON body naming each check).
 */
public final class HealthEndpoint implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, BooleanSupplier> checks;

    private HealthEndpoint(HttpServer server, ExecutorService executor, Map<String, BooleanSupplier> checks) {
        this.server = server;
        this.executor = executor;
        this.checks = checks;
    }

    /** Starts serving; port 0 picks a free port (see {@link #port()}). */
    public static HealthEndpoint start(String bind, int port, GatewayMetrics metrics, Map<String, BooleanSupplier> checks)
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
        StringBuilder body = new StringBuilder("{\"checks\":{");
        boolean up = true;
        int i = 0;
        for (Map.Entry<String, BooleanSupplier> check : checks.entrySet()) {
            boolean ok;
            try {
                ok = check.getValue().getAsBoolean();
            } catch (RuntimeException e) {
                ok = false;
            }
            up &= ok;
            body.append(i++ > 0 ? "," : "").append('"').append(check.getKey()).append("\":\"").append(ok ? "UP" : "DOWN").append('"');
        }
        body.append("},\"status\":\"").append(up ? "UP" : "DOWN").append("\"}");
        respond(exchange, up ? 200 : 503, "application/json", body.toString());
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
