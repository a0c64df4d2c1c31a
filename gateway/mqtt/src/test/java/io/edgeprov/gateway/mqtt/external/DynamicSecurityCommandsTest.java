package io.edgeprov.gateway.mqtt.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeprov.gateway.mqtt.external.DynamicSecurityCommands.Answer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DynamicSecurityCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DENY_ALL = """
            {"responses":[
             {"command":"getDefaultACLAccess","correlationData":"c","data":{"acls":[
               {"acltype":"publishClientSend","allow":false},{"acltype":"publishClientReceive","allow":false},
               {"acltype":"subscribe","allow":false},{"acltype":"unsubscribe","allow":false}]}},
             {"command":"listClients","correlationData":"c","data":{"totalCount":0,"clients":[]}},
             {"command":"listRoles","correlationData":"c","data":{"totalCount":0,"roles":[]}},
             {"command":"listGroups","correlationData":"c","data":{"totalCount":0,"groups":[]}}]}
            """;

    @Test
    void cut_off_creates_then_deletes_the_client_named_by_the_device_id() throws Exception {
        JsonNode commands = JSON.readTree(DynamicSecurityCommands.cutOff("dev-1", "abc")).get("commands");

        assertThat(commands).extracting(command -> command.get("command").asText()).containsExactly("createClient", "deleteClient");
        assertThat(commands).allSatisfy(command -> {
            assertThat(command.get("username").asText()).isEqualTo("dev-1");
            assertThat(command.get("correlationData").asText()).isEqualTo("abc");
        });
    }

    @Test
    void cut_off_refuses_an_id_that_is_no_device_id() {
        assertThatThrownBy(() -> DynamicSecurityCommands.cutOff("dev\",\"x", "abc")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void answers_keep_command_correlation_and_error() throws Exception {
        List<Answer> answers = DynamicSecurityCommands.answers(bytes("""
                {"responses":[{"command":"createClient","error":"Client already exists","correlationData":"c1"},
                {"command":"deleteClient","correlationData":"c1"}]}"""));

        assertThat(answers).extracting(Answer::command).containsExactly("createClient", "deleteClient");
        assertThat(answers.get(0).error()).contains(DynamicSecurityCommands.ALREADY_EXISTS);
        assertThat(answers.get(1).error()).isEmpty();
        assertThat(answers).allSatisfy(answer -> assertThat(answer.correlation()).contains("c1"));
    }

    @Test
    void an_answer_that_is_not_json_is_refused() {
        assertThatThrownBy(() -> DynamicSecurityCommands.answers(bytes("{\"responses\": [")))
                .isInstanceOfSatisfying(ExternalBrokerException.class,
                        e -> assertThat(e.failure()).isEqualTo(ExternalBrokerFailure.CUT_OFF_FAILED));
    }

    @Test
    void an_answer_without_responses_is_refused() {
        assertThatThrownBy(() -> DynamicSecurityCommands.answers(bytes("{\"other\":1}")))
                .isInstanceOf(ExternalBrokerException.class).hasMessageContaining("responses");
    }

    @Test
    void a_response_without_a_command_name_is_refused() {
        assertThatThrownBy(() -> DynamicSecurityCommands.answers(bytes("{\"responses\":[{\"error\":\"x\"}]}")))
                .isInstanceOf(ExternalBrokerException.class).hasMessageContaining("command");
    }

    @Test
    void the_state_the_gateway_writes_grants_nothing_beyond_the_acl_file() throws Exception {
        assertThat(DynamicSecurityCommands.grantsBeyondTheAclFile(DynamicSecurityCommands.answers(bytes(DENY_ALL)))).isEmpty();
    }

    @Test
    void a_default_access_that_allows_is_reported() throws Exception {
        String allowing = DENY_ALL.replace("{\"acltype\":\"subscribe\",\"allow\":false}", "{\"acltype\":\"subscribe\",\"allow\":true}");

        assertThat(DynamicSecurityCommands.grantsBeyondTheAclFile(DynamicSecurityCommands.answers(bytes(allowing))))
                .containsExactly("default access allows subscribe");
    }

    @Test
    void a_client_role_or_group_left_in_the_plugin_is_reported() throws Exception {
        String withRole = DENY_ALL.replace("\"totalCount\":0,\"roles\":[]", "\"totalCount\":1,\"roles\":[\"all\"]");

        assertThat(DynamicSecurityCommands.grantsBeyondTheAclFile(DynamicSecurityCommands.answers(bytes(withRole))))
                .containsExactly("listRoles totalCount 1");
    }

    @Test
    void a_failed_probe_command_is_reported() throws Exception {
        List<Answer> answers = List.of(new Answer("listClients", java.util.Optional.of("c"), java.util.Optional.of("Internal error"),
                JSON.createObjectNode()));

        assertThat(DynamicSecurityCommands.grantsBeyondTheAclFile(answers)).contains("listClients failed: Internal error");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
