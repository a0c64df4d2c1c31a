package io.edgeprov.gateway.app.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.gateway.core.part.PartHealth;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Slow, stalled, greedy and oversized clients against the real endpoint on loopback: probes keep getting answers. */
class HealthEndpointSlowClientsTest {
    private static final Duration PROBE_WAIT = Duration.ofSeconds(2);
    private static final Duration SHORT_TIMEOUT = Duration.ofMillis(500);
    private static final Map<String, Supplier<PartHealth>> ALL_UP = Map.of("registry", () -> PartHealth.up("ok"));

    private static HealthEndpoint endpoint(HttpLimits limits, Map<String, Supplier<PartHealth>> checks) throws IOException {
        return HealthEndpoint.start("127.0.0.1", 0, limits, new GatewayMetrics(), checks);
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    @Test
    void health_and_metrics_answer_while_twenty_clients_hold_half_written_requests() throws Exception {
        List<Socket> stalled = new ArrayList<>();
        try (HealthEndpoint endpoint = HealthEndpoint.start("127.0.0.1", 0, new GatewayMetrics(), ALL_UP)) {
            for (int i = 0; i < 20; i++) {
                stalled.add(RawHttp.halfWritten(endpoint.port(), PROBE_WAIT));
            }

            RawHttp.Answer health = RawHttp.get(endpoint.port(), "/health", PROBE_WAIT);
            RawHttp.Answer metrics = RawHttp.get(endpoint.port(), "/metrics", PROBE_WAIT);

            assertThat(health.status()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"UP\"");
            assertThat(metrics.status()).isEqualTo(200);
            assertThat(metrics.body()).contains("# TYPE");
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }

    @Test
    void a_stalled_request_is_closed_once_the_request_timeout_passes() throws Exception {
        try (HealthEndpoint endpoint = endpoint(new HttpLimits(SHORT_TIMEOUT, 4, 8192), ALL_UP)) {
            long started = System.nanoTime();
            try (Socket stalled = RawHttp.halfWritten(endpoint.port(), Duration.ofSeconds(5))) {
                byte[] answer = RawHttp.readToEnd(stalled.getInputStream());

                assertThat(answer).isEmpty();
                assertThat(since(started)).isGreaterThanOrEqualTo(SHORT_TIMEOUT);
            }
        }
    }

    @Test
    void a_request_trickled_a_byte_at_a_time_is_closed_at_the_same_deadline() throws Exception {
        try (HealthEndpoint endpoint = endpoint(new HttpLimits(SHORT_TIMEOUT, 4, 8192), ALL_UP)) {
            long started = System.nanoTime();
            // One byte every 100 ms: a timeout per read would never fire, only the deadline for the whole request.
            try (Socket trickle = RawHttp.connect(endpoint.port(), Duration.ofMillis(100))) {
                byte[] head = (RawHttp.HALF_WRITTEN_HEAD + "X-Padding: " + "a".repeat(1000)).getBytes(StandardCharsets.ISO_8859_1);
                boolean closed = false;
                for (int i = 0; i < head.length && !closed && since(started).toSeconds() < 5; i++) {
                    closed = sendOneByteThenSeeIfClosed(trickle, head[i]);
                }

                assertThat(closed).isTrue();
                assertThat(since(started)).isGreaterThanOrEqualTo(SHORT_TIMEOUT);
            }
        }
    }

    private static boolean sendOneByteThenSeeIfClosed(Socket socket, byte b) throws IOException {
        try {
            socket.getOutputStream().write(b);
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (SocketException reset) {
            return true;
        }
    }

    @Test
    void a_client_that_never_reads_its_answer_is_dropped_at_the_deadline() throws Exception {
        Duration timeout = Duration.ofSeconds(1);
        // 16 MiB: more than the socket buffers on both sides hold, so the server blocks writing it.
        Map<String, Supplier<PartHealth>> hugeDetail = Map.of("registry", () -> PartHealth.up("x".repeat(16 << 20)));
        try (HealthEndpoint endpoint = endpoint(new HttpLimits(timeout, 4, 8192), hugeDetail)) {
            long started = System.nanoTime();

            boolean dropped = RawHttp.neverReadsUntilDropped(endpoint.port(),
                    "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", Duration.ofSeconds(10));

            assertThat(dropped).isTrue();
            assertThat(since(started)).isGreaterThanOrEqualTo(timeout);
        }
    }

    @Test
    void a_connection_beyond_the_cap_is_closed_at_once_not_queued() throws Exception {
        List<Socket> stalled = new ArrayList<>();
        try (HealthEndpoint endpoint = endpoint(new HttpLimits(Duration.ofSeconds(30), 2, 8192), ALL_UP)) {
            stalled.add(RawHttp.halfWritten(endpoint.port(), PROBE_WAIT));
            stalled.add(RawHttp.halfWritten(endpoint.port(), PROBE_WAIT));

            // Closed without an answer well before the stalled ones' 30 s deadline; still open would time out.
            String third = RawHttp.send(endpoint.port(), "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", PROBE_WAIT);

            assertThat(third).isEmpty();
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }

    @Test
    void the_slot_of_a_dropped_client_serves_the_next_probe() throws Exception {
        try (HealthEndpoint endpoint = endpoint(new HttpLimits(SHORT_TIMEOUT, 1, 8192), ALL_UP);
                Socket stalled = RawHttp.halfWritten(endpoint.port(), PROBE_WAIT)) {
            assertThat(RawHttp.readToEnd(stalled.getInputStream())).isEmpty();

            assertThat(RawHttp.get(endpoint.port(), "/health", PROBE_WAIT).status()).isEqualTo(200);
        }
    }

    @Test
    void a_head_that_fills_the_limit_without_ending_gets_431() throws Exception {
        try (HealthEndpoint endpoint = endpoint(HttpLimits.DEFAULTS, ALL_UP)) {
            String head = RawHttp.HALF_WRITTEN_HEAD + "X-Padding: ";
            String filled = head + "a".repeat(HttpLimits.DEFAULTS.maxHeaderBytes() - head.length());

            RawHttp.Answer answer = RawHttp.Answer.parse(RawHttp.send(endpoint.port(), filled, PROBE_WAIT));

            assertThat(answer.status()).isEqualTo(431);
        }
    }

    @Test
    void a_head_far_over_the_limit_is_answered_431_or_cut_off_at_once() throws Exception {
        try (HealthEndpoint endpoint = endpoint(HttpLimits.DEFAULTS, ALL_UP)) {
            String oversized = RawHttp.HALF_WRITTEN_HEAD + "X-Padding: " + "a".repeat(64 * 1024) + "\r\n\r\n";

            // The server stops reading at the limit; closing with our bytes unread may reset the 431 away.
            String answer = RawHttp.send(endpoint.port(), oversized, PROBE_WAIT);

            assertThat(answer).satisfiesAnyOf(text -> assertThat(text).isEmpty(),
                    text -> assertThat(text).startsWith("HTTP/1.1 431 "));
        }
    }
}
