package io.edgeprov.gateway.app.observability;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HttpLimitsTest {
    @Test
    void a_request_timeout_of_zero_is_refused() {
        assertThatThrownBy(() -> new HttpLimits(Duration.ZERO, 32, 8192))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("requestTimeout");
    }

    @Test
    void no_connections_at_all_is_refused() {
        assertThatThrownBy(() -> new HttpLimits(Duration.ofSeconds(5), 0, 8192))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxConnections");
    }

    @Test
    void a_head_limit_too_small_for_a_request_line_is_refused() {
        assertThatThrownBy(() -> new HttpLimits(Duration.ofSeconds(5), 32, 100))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxHeaderBytes");
    }
}
