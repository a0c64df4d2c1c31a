package io.edgeprov.gateway.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CoapSettingsTest {

    @Test
    void defaults_are_the_coaps_port_a_six_byte_connection_id_and_bounded_stores() {
        CoapSettings settings = CoapSettings.defaults("127.0.0.1", CoapSettings.DEFAULT_PORT);

        assertThat(settings.port()).isEqualTo(5684);
        assertThat(settings.connectionIdLength()).isEqualTo(6);
        assertThat(settings.maxConnections()).isEqualTo(20_000);
        assertThat(settings.busyRetryAfter()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void bad_values_are_refused_naming_the_setting() {
        CoapSettings ok = CoapSettings.defaults("127.0.0.1", 0);
        assertThatThrownBy(() -> new CoapSettings(" ", 0, 6, 100, ok.staleConnection(), 1, ok.busyRetryAfter()))
                .hasMessageContaining("coap.bind");
        assertThatThrownBy(() -> new CoapSettings("::1", 70_000, 6, 100, ok.staleConnection(), 1, ok.busyRetryAfter()))
                .hasMessageContaining("coap.port");
        assertThatThrownBy(() -> new CoapSettings("::1", 0, 17, 100, ok.staleConnection(), 1, ok.busyRetryAfter()))
                .hasMessageContaining("coap.connectionIdLength");
        assertThatThrownBy(() -> new CoapSettings("::1", 0, 6, 1, ok.staleConnection(), 1, ok.busyRetryAfter()))
                .hasMessageContaining("coap.maxConnections");
        assertThatThrownBy(() -> new CoapSettings("::1", 0, 6, 100, Duration.ofSeconds(1), 1, ok.busyRetryAfter()))
                .hasMessageContaining("coap.staleConnection");
        assertThatThrownBy(() -> new CoapSettings("::1", 0, 6, 100, ok.staleConnection(), 0, ok.busyRetryAfter()))
                .hasMessageContaining("coap.maxRequestsInFlight");
        assertThatThrownBy(() -> new CoapSettings("::1", 0, 6, 100, ok.staleConnection(), 1, Duration.ZERO))
                .hasMessageContaining("coap.busyRetryAfter");
    }
}
