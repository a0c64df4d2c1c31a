package io.edgeprov.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeprov.contracts.device.DeviceId;
import io.edgeprov.contracts.device.DeviceTopics;
import io.edgeprov.gateway.mqtt.BrokerTopics.Request;
import org.junit.jupiter.api.Test;

/** The broker's topics are the contract's: what firmware publishes is what the policy grants. */
class BrokerTopicsTest {

    private static final String ID = "sensor-7";
    private static final DeviceId DEVICE = new DeviceId(ID);

    @Test
    void request_topics_and_their_replies_are_the_contracts() {
        assertThat(Request.ATTEST_BEGIN.topic(ID)).isEqualTo(DeviceTopics.enrollBegin(DEVICE));
        assertThat(Request.ATTEST_FINISH.topic(ID)).isEqualTo(DeviceTopics.enrollFinish(DEVICE));
        assertThat(Request.RENEW.topic(ID)).isEqualTo(DeviceTopics.renew(DEVICE));
        for (Request request : Request.values()) {
            assertThat(request.accepted(ID)).isEqualTo(DeviceTopics.accepted(request.topic(ID)));
            assertThat(request.rejected(ID)).isEqualTo(DeviceTopics.rejected(request.topic(ID)));
        }
    }

    @Test
    void notice_device_filter_and_ca_topics_are_the_contracts() {
        assertThat(BrokerTopics.notice(ID)).isEqualTo(DeviceTopics.notice(DEVICE));
        assertThat(BrokerTopics.deviceAll(ID)).isEqualTo(DeviceTopics.deviceFilter(DEVICE));
        assertThat(DeviceTopics.CA_CERTS).startsWith(BrokerTopics.CA_ALL.replace("#", ""));
        assertThat(DeviceTopics.CRL).startsWith(BrokerTopics.CA_ALL.replace("#", ""));
    }

    @Test
    void the_ca_subtree_is_reserved_and_no_device_root_can_be_built_for_it() {
        assertThat(BrokerTopics.isReserved(DeviceId.RESERVED_CA)).isTrue();
        assertThat(BrokerTopics.isReserved(ID)).isFalse();
        assertThatThrownBy(() -> BrokerTopics.deviceRoot("ca")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("deviceId");
    }

    @Test
    void a_topic_reads_back_as_its_request_and_nothing_else_does() {
        for (Request request : Request.values()) {
            assertThat(BrokerTopics.requestOf(ID, request.topic(ID))).contains(request);
        }
        assertThat(BrokerTopics.requestOf(ID, BrokerTopics.notice(ID))).isEmpty();
        assertThat(BrokerTopics.requestOf(ID, Request.RENEW.topic("sensor-8"))).isEmpty();
    }
}
