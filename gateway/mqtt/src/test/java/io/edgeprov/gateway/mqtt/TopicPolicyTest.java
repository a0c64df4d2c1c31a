package io.edgeprov.gateway.mqtt;

import io.edgeprov.gateway.core.identity.ClientIdentity;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.gateway.mqtt.BrokerTopics.Request;
import io.edgeprov.gateway.mqtt.TopicGrant.Activity;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopicPolicyTest {
    private static final ClientIdentity UNENROLLED = new ClientIdentity.Unenrolled("dev-a");
    private static final ClientIdentity DEVICE = new ClientIdentity.Device("dev-a", "1f2e");

    @Test
    void unenrolled_may_publish_its_attestation_requests() {
        assertThat(TopicPolicy.publishable(UNENROLLED, "prov/v1/dev-a/attest/begin")).contains(Request.ATTEST_BEGIN);
        assertThat(TopicPolicy.publishable(UNENROLLED, "prov/v1/dev-a/attest/finish")).contains(Request.ATTEST_FINISH);
    }

    @Test
    void unenrolled_may_not_renew() {
        assertThat(TopicPolicy.publishable(UNENROLLED, "prov/v1/dev-a/renew")).isEmpty();
    }

    @Test
    void device_may_renew_and_re_attest() {
        assertThat(TopicPolicy.publishable(DEVICE, "prov/v1/dev-a/renew")).contains(Request.RENEW);
        assertThat(TopicPolicy.publishable(DEVICE, "prov/v1/dev-a/attest/begin")).contains(Request.ATTEST_BEGIN);
    }

    @Test
    void nobody_may_publish_to_another_devices_request_topic() {
        assertThat(TopicPolicy.publishable(DEVICE, "prov/v1/dev-b/renew")).isEmpty();
        assertThat(TopicPolicy.publishable(UNENROLLED, "prov/v1/dev-b/attest/begin")).isEmpty();
    }

    @Test
    void nobody_may_publish_replies_notices_or_ca_topics() {
        for (String topic : List.of("prov/v1/dev-a/renew/accepted", "prov/v1/dev-a/attest/begin/rejected",
                "prov/v1/dev-a/notice", BrokerTopics.CA_CERTS, BrokerTopics.CA_CRL)) {
            assertThat(TopicPolicy.publishable(DEVICE, topic)).as(topic).isEmpty();
        }
    }

    @Test
    void unenrolled_subscriptions_are_its_attestation_replies_and_the_ca_topics() {
        assertThat(filters(UNENROLLED, Activity.SUBSCRIBE)).containsExactlyInAnyOrder(
                "prov/v1/dev-a/attest/begin/accepted", "prov/v1/dev-a/attest/begin/rejected",
                "prov/v1/dev-a/attest/finish/accepted", "prov/v1/dev-a/attest/finish/rejected", "prov/v1/ca/#");
    }

    @Test
    void device_subscriptions_are_its_own_subtree_and_the_ca_topics() {
        assertThat(filters(DEVICE, Activity.SUBSCRIBE)).containsExactlyInAnyOrder("prov/v1/dev-a/#", "prov/v1/ca/#");
    }

    @Test
    void publish_grants_match_what_publishable_allows() {
        assertThat(filters(DEVICE, Activity.PUBLISH)).containsExactlyInAnyOrder(
                "prov/v1/dev-a/attest/begin", "prov/v1/dev-a/attest/finish", "prov/v1/dev-a/renew");
        assertThat(filters(UNENROLLED, Activity.PUBLISH)).containsExactlyInAnyOrder(
                "prov/v1/dev-a/attest/begin", "prov/v1/dev-a/attest/finish");
    }

    @ParameterizedTest
    @ValueSource(strings = {"prov/v1/dev-a/#", "prov/v1/dev-a", "prov/v1/dev-a/renew/accepted", "prov/v1/dev-a/+/accepted",
        "prov/v1/dev-a/notice", "prov/v1/ca/#", "prov/v1/ca/certs", "prov/v1/ca/+"})
    void device_may_subscribe_to_filters_inside_its_own_subtree_or_the_ca_topics(String filter) {
        assertThat(TopicPolicy.subscribable(DEVICE, filter)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"#", "+/#", "prov/#", "prov/v1/#", "prov/v1/+/renew/accepted", "prov/v1/dev-b/#",
        "prov/v1/dev-b/notice", "$share/group/prov/v1/dev-a/#", "prov/v1/dev-ab/#", "prov/v1/cab/#", "$SYS/#"})
    void device_may_not_subscribe_to_filters_reaching_other_devices_or_wider(String filter) {
        assertThat(TopicPolicy.subscribable(DEVICE, filter)).isFalse();
    }

    @Test
    void unenrolled_may_subscribe_only_to_its_attestation_replies_and_the_ca_topics() {
        assertThat(TopicPolicy.subscribable(UNENROLLED, "prov/v1/dev-a/attest/begin/accepted")).isTrue();
        assertThat(TopicPolicy.subscribable(UNENROLLED, "prov/v1/ca/crl")).isTrue();
        assertThat(TopicPolicy.subscribable(UNENROLLED, "prov/v1/dev-a/#")).isFalse();
        assertThat(TopicPolicy.subscribable(UNENROLLED, "prov/v1/dev-a/attest/+/accepted")).isFalse();
        assertThat(TopicPolicy.subscribable(UNENROLLED, "prov/v1/dev-a/notice")).isFalse();
        assertThat(TopicPolicy.subscribable(UNENROLLED, "")).isFalse();
    }

    private static List<String> filters(ClientIdentity who, Activity activity) {
        return TopicPolicy.grants(who).stream().filter(grant -> grant.activity() == activity).map(TopicGrant::filter).toList();
    }
}
