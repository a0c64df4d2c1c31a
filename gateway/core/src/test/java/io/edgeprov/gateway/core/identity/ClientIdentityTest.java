package io.edgeprov.gateway.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClientIdentityTest {

    @Test
    void device_id_with_a_topic_wildcard_is_rejected() {
        assertThatThrownBy(() -> new ClientIdentity.Unenrolled("a/#"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deviceId");
    }

    @Test
    void serial_is_normalised_to_lower_case() {
        assertThat(new ClientIdentity.Device("dev-a", "ABCDEF").serialHex()).isEqualTo("abcdef");
    }

    @Test
    void serial_must_be_hex() {
        assertThatThrownBy(() -> new ClientIdentity.Device("dev-a", "xyz"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("serialHex");
    }
}
