package io.edgeprov.gateway.mqtt.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;

class ExternalBrokerBridgeBuilderTest {

    @Test
    void missing_handler_is_named() {
        assertThatThrownBy(() -> givenCompleteBuilder().handler(null).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("request handler not set");
    }

    @Test
    void missing_crl_installer_is_named() {
        assertThatThrownBy(() -> givenCompleteBuilder().crlInstaller(null).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("CRL installer not set");
    }

    @Test
    void plain_tcp_broker_uri_is_refused() {
        assertThatThrownBy(() -> givenCompleteBuilder().serverUri("tcp://127.0.0.1:1883").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ssl://");
    }

    @Test
    void zero_inflight_window_is_refused() {
        assertThatThrownBy(() -> givenCompleteBuilder().maxInflight(0).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("maxInflight");
    }

    @Test
    void reconnect_maximum_below_minimum_is_refused() {
        assertThatThrownBy(() -> givenCompleteBuilder().reconnectBackoff(Duration.ofSeconds(10), Duration.ofSeconds(2)).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("maximum reconnect delay");
    }

    @Test
    void request_filters_cover_every_request_of_every_device() {
        assertThat(ExternalBrokerBridge.requestFilters())
                .containsExactlyInAnyOrder("prov/v1/+/attest/begin", "prov/v1/+/attest/finish", "prov/v1/+/renew");
    }

    @Test
    void complete_builder_builds_without_connecting() throws Exception {
        try (ExternalBrokerBridge bridge = givenCompleteBuilder().build()) {
            assertThat(bridge.isConnected()).isFalse();
        }
    }

    private static ExternalBrokerBridge.Builder givenCompleteBuilder() {
        return ExternalBrokerBridge.builder()
                .serverUri("ssl://127.0.0.1:8883")
                .gatewayId("gw1-gateway")
                .socketFactory((SSLSocketFactory) SSLSocketFactory.getDefault())
                .handler((who, topic, payload) -> CompletableFuture.completedFuture(Optional.empty()))
                .executor(Runnable::run)
                .crlInstaller(crl -> { });
    }
}
