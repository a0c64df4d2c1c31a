package io.edgeprov.contracts.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class DeviceTopicsTest {

    private static final DeviceId DEV = new DeviceId("sensor-0042");

    @Test
    void enroll_begin_topic() {
        assertThat(DeviceTopics.enrollBegin(DEV)).isEqualTo("prov/v1/sensor-0042/attest/begin");
    }

    @Test
    void enroll_finish_topic() {
        assertThat(DeviceTopics.enrollFinish(DEV)).isEqualTo("prov/v1/sensor-0042/attest/finish");
    }

    @Test
    void renew_topic() {
        assertThat(DeviceTopics.renew(DEV)).isEqualTo("prov/v1/sensor-0042/renew");
    }

    @Test
    void notice_topic() {
        assertThat(DeviceTopics.notice(DEV)).isEqualTo("prov/v1/sensor-0042/notice");
    }

    @Test
    void ca_topics() {
        assertThat(DeviceTopics.CA_CERTS).isEqualTo("prov/v1/ca/certs");
        assertThat(DeviceTopics.CRL).isEqualTo("prov/v1/ca/crl");
    }

    @Test
    void accepted_appends_accepted_to_the_request_topic() {
        assertThat(DeviceTopics.accepted(DeviceTopics.renew(DEV))).isEqualTo("prov/v1/sensor-0042/renew/accepted");
    }

    @Test
    void rejected_appends_rejected_to_the_request_topic() {
        assertThat(DeviceTopics.rejected(DeviceTopics.enrollBegin(DEV)))
                .isEqualTo("prov/v1/sensor-0042/attest/begin/rejected");
    }

    @Test
    void accepted_refuses_a_topic_that_is_not_a_request() {
        assertThatThrownBy(() -> DeviceTopics.accepted(DeviceTopics.notice(DEV)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a request");
    }

    @Test
    void rejected_refuses_a_foreign_topic() {
        assertThatThrownBy(() -> DeviceTopics.rejected("other/v1/x/renew")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void device_filter_covers_every_topic_of_one_device() {
        assertThat(DeviceTopics.deviceFilter(DEV)).isEqualTo("prov/v1/sensor-0042/#");
    }

    @ParameterizedTest
    @EnumSource(TopicKind.class)
    void parse_reads_back_every_topic_kind(TopicKind kind) {
        DeviceTopic topic = new DeviceTopic(DEV, kind);

        assertThat(DeviceTopics.parse(topic.topic())).contains(topic);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "prov/v1/ca/certs", "prov/v1/ca/crl", "prov/v2/dev/renew", "prov/v1/dev/renew/", "prov/v1/dev/renew/x",
        "prov/v1/+/renew", "prov/v1/#", "prov/v1/dev/#", "prov/v1//renew", "prov/v1/dev", "prov/v1/dev/attest",
        "/prov/v1/dev/renew", "prov/v1/.dev/renew", "prov/v1/dev/Renew", "admin/v1/x/y", ""})
    void parse_refuses_anything_but_an_exact_device_topic(String topic) {
        assertThat(DeviceTopics.parse(topic)).isEmpty();
    }

    @Test
    void parse_refuses_null() {
        assertThat(DeviceTopics.parse(null)).isEmpty();
    }

    @Test
    void request_kinds_are_published_by_the_device_and_replies_by_the_gateway() {
        assertThat(TopicKind.RENEW.publisher()).isEqualTo(TopicKind.Publisher.DEVICE);
        assertThat(TopicKind.RENEW.accepted()).contains(TopicKind.RENEW_ACCEPTED);
        assertThat(TopicKind.RENEW_ACCEPTED.publisher()).isEqualTo(TopicKind.Publisher.GATEWAY);
    }

    @Test
    void reply_topics_carry_the_reply_messages() {
        assertThat(TopicKind.ATTEST_BEGIN_ACCEPTED.payload()).isEqualTo(MessageType.CHALLENGE);
        assertThat(TopicKind.ATTEST_FINISH_REJECTED.payload()).isEqualTo(MessageType.REJECTION);
        assertThat(TopicKind.RENEW_ACCEPTED.payload()).isEqualTo(MessageType.CREDENTIAL_BUNDLE);
    }
}
