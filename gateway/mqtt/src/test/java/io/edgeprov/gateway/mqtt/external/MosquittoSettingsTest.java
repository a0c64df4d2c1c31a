package io.edgeprov.gateway.mqtt.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MosquittoSettingsTest {

    @Test
    void same_port_for_both_listeners_is_refused() {
        assertThatThrownBy(() -> MosquittoSettings.of("127.0.0.1", 8883, 8883, "gw1-gateway"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("devicePort and enrollPort must differ");
    }

    @Test
    void reserved_topic_segment_as_gateway_id_is_refused() {
        assertThatThrownBy(() -> MosquittoSettings.of("127.0.0.1", 8883, 8884, "ca"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gatewayId").hasMessageContaining("not 'ca'");
    }

    @Test
    void gateway_id_with_topic_wildcard_is_refused() {
        assertThatThrownBy(() -> MosquittoSettings.of("127.0.0.1", 8883, 8884, "gw+1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gatewayId");
    }

    @Test
    void bind_address_with_whitespace_is_refused() {
        assertThatThrownBy(() -> MosquittoSettings.of("127.0.0.1 8885", 8883, 8884, "gw1-gateway"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bindAddress");
    }

    @Test
    void process_user_that_is_not_a_user_name_is_refused() {
        MosquittoSettings settings = MosquittoSettings.of("127.0.0.1", 8883, 8884, "gw1-gateway");

        assertThatThrownBy(() -> settings.withProcessUser("root\nlistener 1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("processUser");
    }

    @Test
    void defaults_keep_mosquittos_own_process_user() {
        assertThat(MosquittoSettings.of("127.0.0.1", 8883, 8884, "gw1-gateway").processUser()).isEmpty();
    }

    @Test
    void enrollment_cap_below_one_is_refused() {
        MosquittoSettings settings = MosquittoSettings.of("127.0.0.1", 8883, 8884, "gw1-gateway");

        assertThatThrownBy(() -> settings.withMaxEnrollConnections(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxEnrollConnections");
    }

    @Test
    void relative_dynamic_security_plugin_path_is_refused() {
        MosquittoSettings settings = MosquittoSettings.of("127.0.0.1", 8883, 8884, "gw1-gateway");

        assertThatThrownBy(() -> settings.withDynamicSecurityPlugin(java.nio.file.Path.of("mosquitto_dynamic_security.so")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dynamicSecurityPlugin");
    }
}
