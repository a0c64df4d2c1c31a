package io.edgeprov.gateway.mqtt.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeprov.gateway.core.identity.TestPki;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BrokerConfigTest {
    private static TestPki pki;
    private static TestPki.Credential server;

    @BeforeAll
    static void make_pki() throws Exception {
        pki = new TestPki();
        server = pki.server();
    }

    @Test
    void port_out_of_range_is_refused_naming_the_port() {
        assertThatThrownBy(() -> loopback().withPort(70000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
    }

    @Test
    void blank_bind_address_is_refused() {
        assertThatThrownBy(() -> loopback().withBindAddress(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bindAddress");
    }

    @Test
    void empty_server_chain_is_refused() {
        assertThatThrownBy(() -> BrokerConfig.loopback(List.of(), server.key(), pki.gatewayCa(), Path.of("x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("serverChain");
    }

    @Test
    void gateway_ca_must_be_a_ca_certificate() {
        assertThatThrownBy(() -> BrokerConfig.loopback(server.chain(), server.key(), server.leaf(), Path.of("x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gatewayCa");
    }

    @Test
    void zero_request_timeout_is_refused() {
        BrokerConfig base = loopback();
        assertThatThrownBy(() -> new BrokerConfig(base.bindAddress(), 0, base.serverChain(), base.serverKey(),
                base.gatewayCa(), base.workDirectory(), Duration.ZERO, base.lifecycleTimeout()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("requestTimeout");
    }

    @Test
    void to_string_leaves_out_the_private_key() {
        assertThat(loopback().toString()).doesNotContain(String.valueOf(server.key())).doesNotContain("serverKey");
    }

    @Test
    void builder_without_a_policy_names_what_is_missing() {
        assertThatThrownBy(() -> EmbeddedBroker.builder().config(loopback()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ClientCertificatePolicy");
    }

    private static BrokerConfig loopback() {
        return BrokerConfig.loopback(server.chain(), server.key(), pki.gatewayCa(), Path.of("target", "unused"));
    }
}
