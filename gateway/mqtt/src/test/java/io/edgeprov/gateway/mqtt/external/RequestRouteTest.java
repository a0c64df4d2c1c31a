package io.edgeprov.gateway.mqtt.external;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.gateway.mqtt.BrokerTopics.Request;
import io.edgeprov.gateway.core.identity.ClientIdentity;
import org.junit.jupiter.api.Test;

class RequestRouteTest {

    @Test
    void attest_begin_comes_from_an_unenrolled_device() {
        assertThat(RequestRoute.of("prov/v1/dev-1/attest/begin")).get()
                .isEqualTo(new RequestRoute(new ClientIdentity.Unenrolled("dev-1"), Request.ATTEST_BEGIN, "prov/v1/dev-1/attest/begin"));
    }

    @Test
    void attest_finish_comes_from_an_unenrolled_device() {
        assertThat(RequestRoute.of("prov/v1/dev-1/attest/finish")).get()
                .extracting(RequestRoute::who).isEqualTo(new ClientIdentity.Unenrolled("dev-1"));
    }

    @Test
    void renew_comes_from_a_device_with_an_unknown_serial() {
        assertThat(RequestRoute.of("prov/v1/dev-1/renew")).get()
                .extracting(RequestRoute::who).isEqualTo(new ClientIdentity.Device("dev-1", RequestRoute.UNKNOWN_SERIAL));
    }

    @Test
    void reply_topic_is_not_a_request() {
        assertThat(RequestRoute.of("prov/v1/dev-1/renew/accepted")).isEmpty();
    }

    @Test
    void reserved_ca_segment_is_not_a_device() {
        assertThat(RequestRoute.of("prov/v1/ca/renew")).isEmpty();
    }

    @Test
    void invalid_device_id_is_not_a_device() {
        assertThat(RequestRoute.of("prov/v1/-dev/attest/begin")).isEmpty();
    }

    @Test
    void topic_outside_the_prefix_is_ignored() {
        assertThat(RequestRoute.of("admin/v1/dev-1/renew")).isEmpty();
    }
}
