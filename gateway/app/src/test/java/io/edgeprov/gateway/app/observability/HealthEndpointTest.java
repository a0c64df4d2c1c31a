package io.edgeprov.gateway.app.observability;

import io.edgeprov.gateway.core.enrollment.EnrollmentRefusal;
import io.edgeprov.gateway.core.part.PartHealth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class HealthEndpointTest {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> get(HealthEndpoint endpoint, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void metrics_expose_refusals_by_cause_and_enrollment_latency() throws Exception {
        GatewayMetrics metrics = new GatewayMetrics();
        metrics.refused("finish", EnrollmentRefusal.CHALLENGE_EXPIRED);
        metrics.enrollmentSucceeded(Duration.ofMillis(12));
        try (HealthEndpoint endpoint = HealthEndpoint.start("127.0.0.1", 0, metrics, Map.of())) {
            String body = get(endpoint, "/metrics").body();
            assertThat(body).contains("edgeprov_refusals_total{cause=\"challenge_expired\",step=\"finish\"} 1.0");
            assertThat(body).contains("edgeprov_enrollment_duration_seconds_count 1");
        }
    }

    @Test
    void health_is_503_while_a_check_fails_and_200_when_all_pass() throws Exception {
        AtomicBoolean broker = new AtomicBoolean(false);
        try (HealthEndpoint endpoint = HealthEndpoint.start("127.0.0.1", 0, new GatewayMetrics(),
                Map.of("mqtt", () -> broker.get() ? PartHealth.up("listening") : PartHealth.down("not listening"),
                        "registry", () -> PartHealth.up("ok")))) {
            HttpResponse<String> down = get(endpoint, "/health");
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).contains("\"mqtt\":\"DOWN\"", "\"mqtt\":\"not listening\"", "\"status\":\"DOWN\"");
            broker.set(true);
            HttpResponse<String> up = get(endpoint, "/health");
            assertThat(up.statusCode()).isEqualTo(200);
            assertThat(up.body()).contains("\"status\":\"UP\"");
        }
    }

    @Test
    void a_method_other_than_get_gets_405() throws Exception {
        try (HealthEndpoint endpoint = HealthEndpoint.start("127.0.0.1", 0, new GatewayMetrics(), Map.of())) {
            HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + "/health"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
        }
    }

    @Test
    void an_unknown_path_gets_404() throws Exception {
        try (HealthEndpoint endpoint = HealthEndpoint.start("127.0.0.1", 0, new GatewayMetrics(), Map.of())) {
            assertThat(get(endpoint, "/admin").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void metrics_are_served_with_the_prometheus_text_content_type() throws Exception {
        try (HealthEndpoint endpoint = HealthEndpoint.start("127.0.0.1", 0, new GatewayMetrics(), Map.of())) {
            assertThat(get(endpoint, "/metrics").headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4");
        }
    }

    @Test
    void a_request_typed_with_bare_line_feeds_is_answered() throws Exception {
        try (HealthEndpoint endpoint = HealthEndpoint.start("127.0.0.1", 0, new GatewayMetrics(),
                Map.of("registry", () -> PartHealth.up("ok")))) {
            String answer = RawHttp.send(endpoint.port(), "GET /health HTTP/1.0\n\n", Duration.ofSeconds(5));
            assertThat(RawHttp.Answer.parse(answer).status()).isEqualTo(200);
        }
    }

    @Test
    void a_step_label_from_outside_the_code_is_refused() {
        GatewayMetrics metrics = new GatewayMetrics();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> metrics.refused("device says: hi", EnrollmentRefusal.CHALLENGE_EXPIRED))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
