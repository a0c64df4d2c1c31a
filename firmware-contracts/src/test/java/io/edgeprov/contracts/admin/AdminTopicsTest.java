package io.edgeprov.contracts.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class AdminTopicsTest {

    @ParameterizedTest
    @EnumSource(AdminCommand.class)
    void every_command_topic_round_trips(AdminCommand command) {
        assertThat(AdminTopics.parse(AdminTopics.request("alice", command)))
                .contains(new AdminTopics.Topic("alice", AdminTopics.Kind.REQUEST, Optional.of(command)));
        assertThat(AdminTopics.parse(AdminTopics.accepted("alice", command)))
                .contains(new AdminTopics.Topic("alice", AdminTopics.Kind.ACCEPTED, Optional.of(command)));
        assertThat(AdminTopics.parse(AdminTopics.rejected("alice", command)))
                .contains(new AdminTopics.Topic("alice", AdminTopics.Kind.REJECTED, Optional.of(command)));
    }

    @Test
    void layout_is_as_documented() {
        assertThat(AdminTopics.request("alice", AdminCommand.FLEET_PAGE)).isEqualTo("admin/v1/alice/req/fleet-page");
        assertThat(AdminTopics.accepted("alice", AdminCommand.REVOKE)).isEqualTo("admin/v1/alice/req/revoke/accepted");
        assertThat(AdminTopics.events("alice")).isEqualTo("admin/v1/alice/events");
        assertThat(AdminTopics.operatorFilter("alice")).isEqualTo("admin/v1/alice/#");
        assertThat(AdminTopics.acceptedFilter("alice")).isEqualTo("admin/v1/alice/req/+/accepted");
        assertThat(AdminTopics.parse("admin/v1/alice/events"))
                .contains(new AdminTopics.Topic("alice", AdminTopics.Kind.EVENTS, Optional.empty()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"admin/v2/alice/req/whoami", "admin/v1/Alice/req/whoami", "admin/v1/alice/req/reboot",
            "admin/v1/alice/req/whoami/maybe", "admin/v1/alice/req/whoami/accepted/x", "admin/v1/+/req/whoami",
            "admin/v1/alice/#", "admin/v1//req/whoami", "admin/v1/alice", "admin/v1/alice/eventz", "prov/v1/alice/renew",
            "admin/v1/alice/req/", ""})
    void anything_else_is_not_an_admin_topic(String topic) {
        assertThat(AdminTopics.parse(topic)).isEmpty();
    }

    @Test
    void an_operator_id_that_could_escape_its_level_is_refused() {
        assertThatThrownBy(() -> AdminTopics.request("a/b", AdminCommand.WHOAMI)).isInstanceOf(AdminViolation.class);
        assertThatThrownBy(() -> AdminTopics.operatorFilter("#")).isInstanceOf(AdminViolation.class);
        assertThatThrownBy(() -> AdminTopics.events("+")).isInstanceOf(AdminViolation.class);
    }

    @Test
    void client_id_names_the_operator_and_no_device_id_can_be_one() {
        assertThat(AdminTopics.clientId("alice")).isEqualTo("op@alice");
        assertThat(AdminTopics.operatorIdOfClientId("op@alice")).contains("alice");
        assertThat(AdminTopics.operatorIdOfClientId("alice")).isEmpty();
        assertThat(AdminTopics.operatorIdOfClientId("op@")).isEmpty();
        assertThat(AdminTopics.operatorIdOfClientId("op@a/b")).isEmpty();
        assertThat(io.edgeprov.contracts.device.DeviceId.check("op@alice")).isPresent();
    }
}
