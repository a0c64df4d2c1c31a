package io.edgeprov.gateway.mqtt.external;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class MosquittoCutOffTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GATEWAY = "gw1-gateway";
    private static final Duration SHORT = Duration.ofMillis(100);
    private static final long WAIT_MS = 5_000;

    private final MosquittoCutOff cutOff = new MosquittoCutOff(GATEWAY, SHORT, 3, new SecureRandom());

    @Test
    void cut_off_completes_when_the_plugin_confirms_the_delete() throws Exception {
        FakeChannel channel = new FakeChannel(command -> answer(command, "createClient", null, "deleteClient", null));

        cutOff.cutOff(channel, "dev-1").get(WAIT_MS, TimeUnit.MILLISECONDS);

        assertThat(channel.sent).hasSize(1);
        assertThat(cutOff.unconfirmed()).isZero();
    }

    @Test
    void a_client_that_already_exists_is_still_deleted_and_counts_as_cut_off() throws Exception {
        FakeChannel channel = new FakeChannel(command -> answer(command, "createClient", DynamicSecurityCommands.ALREADY_EXISTS,
                "deleteClient", null));

        cutOff.cutOff(channel, "dev-1").get(WAIT_MS, TimeUnit.MILLISECONDS);

        assertThat(channel.sent).hasSize(1);
    }

    @Test
    void a_refused_delete_is_retried_then_reported_as_unconfirmed() {
        FakeChannel channel = new FakeChannel(command -> answer(command, "createClient", "Internal error", "deleteClient",
                "Client not found"));

        thenFailsWith(cutOff.cutOff(channel, "dev-1"), "Client not found");
        assertThat(channel.sent).hasSize(3);
        assertThat(cutOff.unconfirmed()).isEqualTo(1);
    }

    @Test
    void an_unanswered_cut_off_is_retried_then_reported_as_unconfirmed() {
        FakeChannel channel = new FakeChannel(command -> null);

        thenFailsWith(cutOff.cutOff(channel, "dev-1"), "no answer within");
        assertThat(channel.sent).hasSize(3);
        assertThat(cutOff.unconfirmed()).isEqualTo(1);
    }

    @Test
    void a_publish_that_fails_is_retried_and_a_later_confirmation_counts() throws Exception {
        FakeChannel channel = new FakeChannel(command -> answer(command, "createClient", null, "deleteClient", null));
        channel.failFirst = 2;

        cutOff.cutOff(channel, "dev-1").get(WAIT_MS, TimeUnit.MILLISECONDS);

        assertThat(channel.sent).hasSize(3);
        assertThat(cutOff.unconfirmed()).isZero();
    }

    @Test
    void the_gateways_own_id_is_never_cut_off() {
        FakeChannel channel = new FakeChannel(command -> answer(command, "createClient", null, "deleteClient", null));

        thenFailsWith(cutOff.cutOff(channel, GATEWAY), "gateway");
        assertThat(channel.sent).isEmpty();
    }

    @Test
    void an_invalid_device_id_is_never_sent() {
        FakeChannel channel = new FakeChannel(command -> null);

        thenFailsWith(cutOff.cutOff(channel, "dev/+"), "valid device id");
        assertThat(channel.sent).isEmpty();
    }

    @Test
    void an_answer_for_someone_else_or_unreadable_is_ignored() {
        cutOff.answerArrived("{\"responses\":[{\"command\":\"deleteClient\",\"correlationData\":\"other\"}]}"
                .getBytes(StandardCharsets.UTF_8));
        cutOff.answerArrived("not json".getBytes(StandardCharsets.UTF_8));

        assertThat(cutOff.unconfirmed()).isZero();
    }

    @Test
    void start_check_fails_as_missing_when_the_plugin_does_not_answer() {
        FakeChannel channel = new FakeChannel(command -> null);

        thenFailsWith(cutOff.verifyState(channel, SHORT), ExternalBrokerFailure.DYNAMIC_SECURITY_MISSING);
    }

    @Test
    void start_check_fails_when_the_plugin_holds_a_client() {
        FakeChannel channel = new FakeChannel(command -> probeAnswer(command, 1));

        thenFailsWith(cutOff.verifyState(channel, SHORT), ExternalBrokerFailure.DYNAMIC_SECURITY_STATE);
    }

    @Test
    void start_check_passes_when_the_plugin_holds_only_what_the_gateway_wrote() throws Exception {
        FakeChannel channel = new FakeChannel(command -> probeAnswer(command, 0));

        cutOff.verifyState(channel, SHORT).get(WAIT_MS, TimeUnit.MILLISECONDS);
    }

    private static void thenFailsWith(CompletableFuture<Void> result, String message) {
        ExternalBrokerException failure = failureOf(result);
        assertThat(failure.failure()).isEqualTo(ExternalBrokerFailure.CUT_OFF_FAILED);
        assertThat(failure.getMessage()).contains(message);
    }

    private static void thenFailsWith(CompletableFuture<Void> result, ExternalBrokerFailure expected) {
        assertThat(failureOf(result).failure()).isEqualTo(expected);
    }

    private static ExternalBrokerException failureOf(CompletableFuture<Void> result) {
        try {
            result.get(WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            assertThat(cause).isInstanceOf(ExternalBrokerException.class);
            return (ExternalBrokerException) cause;
        } catch (Exception e) {
            throw new AssertionError("expected a failed result, got " + e, e);
        }
        throw new AssertionError("expected a failed result, it succeeded");
    }

    /** The plugin's answer to {@code command}: two commands with their errors (null for none), same correlation. */
    private static String answer(JsonNode command, String first, String firstError, String second, String secondError) {
        String correlation = command.get("commands").get(0).get("correlationData").asText();
        return "{\"responses\":[" + response(first, firstError, correlation) + "," + response(second, secondError, correlation) + "]}";
    }

    private static String response(String command, String error, String correlation) {
        return "{\"command\":\"" + command + "\"" + (error == null ? "" : ",\"error\":\"" + error + "\"")
                + ",\"correlationData\":\"" + correlation + "\"}";
    }

    private static String probeAnswer(JsonNode command, int clients) {
        String c = command.get("commands").get(0).get("correlationData").asText();
        return "{\"responses\":[{\"command\":\"getDefaultACLAccess\",\"correlationData\":\"" + c + "\",\"data\":{\"acls\":["
                + "{\"acltype\":\"publishClientSend\",\"allow\":false}]}},"
                + "{\"command\":\"listClients\",\"correlationData\":\"" + c + "\",\"data\":{\"totalCount\":" + clients + "}},"
                + "{\"command\":\"listRoles\",\"correlationData\":\"" + c + "\",\"data\":{\"totalCount\":0}},"
                + "{\"command\":\"listGroups\",\"correlationData\":\"" + c + "\",\"data\":{\"totalCount\":0}}]}";
    }

    /**
     * Stands in for the bridge and the broker: records each command and, as Mosquitto would, hands the
     * plugin's answer (when {@code plugin} gives one) back to the cut-off after the PUBACK.
     */
    private final class FakeChannel implements MosquittoCutOff.ControlChannel {
        final List<JsonNode> sent = new CopyOnWriteArrayList<>();
        final Function<JsonNode, String> plugin;
        int failFirst;

        FakeChannel(Function<JsonNode, String> plugin) {
            this.plugin = plugin;
        }

        @Override
        public CompletableFuture<Void> publish(String topic, byte[] payload) {
            assertThat(topic).isEqualTo(DynamicSecurityCommands.COMMAND_TOPIC);
            JsonNode command;
            try {
                command = JSON.readTree(payload);
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
            sent.add(command);
            if (failFirst > 0) {
                failFirst--;
                return CompletableFuture.failedFuture(new ExternalBrokerException(ExternalBrokerFailure.PUBLISH_FAILED, "lost"));
            }
            String answer = plugin.apply(command);
            if (answer != null) {
                cutOff.answerArrived(answer.getBytes(StandardCharsets.UTF_8));
            }
            return CompletableFuture.completedFuture(null);
        }
    }
}
