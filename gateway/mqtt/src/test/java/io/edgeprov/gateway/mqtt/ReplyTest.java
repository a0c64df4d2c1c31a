package io.edgeprov.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReplyTest {

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
