package io.edgeprov.gateway.identity;

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

    @Test
    void reply_payload_is_copied_in_and_out() {
        byte[] payload = {1, 2, 3};
        Reply reply = new Reply("prov/v1/dev-a/renew/accepted", payload);
        payload[0] = 9;
        reply.payload()[1] = 9;

        assertThat(reply.payload()).containsExactly(1, 2, 3);
    }

    @Test
    void reply_topic_may_not_hold_wildcards() {
        assertThatThrownBy(() -> new Reply("prov/v1/+/renew/accepted", new byte[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wildcards");
    }
}
