package io.edgeprov.sim.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FleetTransportTest {
    @Test
    void a_mixed_fleet_alternates_starting_with_mqtt() {
        assertThat(FleetTransport.MIXED.forDevice(0)).isEqualTo(FleetTransport.MQTT);
        assertThat(FleetTransport.MIXED.forDevice(1)).isEqualTo(FleetTransport.COAP);
        assertThat(FleetTransport.COAP.forDevice(0)).isEqualTo(FleetTransport.COAP);
    }

    @Test
    void parses_any_case_and_refuses_others_by_name() {
        assertThat(FleetTransport.parse("CoAP")).isEqualTo(FleetTransport.COAP);
        assertThatThrownBy(() -> FleetTransport.parse("http")).hasMessageContaining("mqtt, coap or mixed");
    }

    @Test
    void a_coap_fleet_needs_the_coap_address() {
        assertThatThrownBy(() -> Fleet.builder().devices(1).transport(FleetTransport.COAP).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("CoAP address");
    }
}
