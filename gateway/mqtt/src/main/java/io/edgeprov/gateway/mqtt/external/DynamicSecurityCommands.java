package io.edgeprov.gateway.mqtt.external;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeprov.gateway.core.identity.DeviceIds;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The gateway's side of Mosquitto 2.0's dynamic-security control API (docs/decisions/0022): the
 * JSON it publishes on {@link #COMMAND_TOPIC} and the answers read from {@link #RESPONSE_TOPIC}.
 *
 * <p>A cut-off creates the device's certificate name as a dynamic-security client and deletes it
 * again in the same message: deleting a client makes Mosquitto disconnect every connection with that
 * username, which on the mTLS listener is the certificate CN. Nothing stays behind in the plugin,
 * so it never widens the ACL file's grants (its grants add to the file's, see the decision).
 */
final class DynamicSecurityCommands {
    static final String COMMAND_TOPIC = "$CONTROL/dynamic-security/v1";
    static final String RESPONSE_TOPIC = COMMAND_TOPIC + "/response";
    /** Mosquitto's answer when the client already exists; the delete that follows still disconnects it. */
    static final String ALREADY_EXISTS = "Client already exists";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One command's answer; {@code error} is empty when the plugin did what was asked. */
    record Answer(String command, Optional<String> correlation, Optional<String> error, JsonNode data) {
        Answer {
            Objects.requireNonNull(command, "command");
            Objects.requireNonNull(correlation, "correlation");
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(data, "data");
        }
    }

    private DynamicSecurityCommands() {
    }

    /**
     * Disconnects every connection whose certificate CN is {@code deviceId}. Both answers carry
     * {@code correlation}; the delete's answer is the one that confirms the disconnect.
     */
    static byte[] cutOff(String deviceId, String correlation) {
        DeviceIds.require(deviceId, "deviceId");
        ObjectNode message = JSON.createObjectNode();
        ArrayNode commands = message.putArray("commands");
        commands.addObject().put("command", "createClient").put("username", deviceId).put("correlationData", correlation);
        commands.addObject().put("command", "deleteClient").put("username", deviceId).put("correlationData", correlation);
        return bytes(message);
    }

    /** Asks for everything that could widen the ACL file's grants: default access, clients, roles, groups. */
    static byte[] stateProbe(String correlation) {
        ObjectNode message = JSON.createObjectNode();
        ArrayNode commands = message.putArray("commands");
        for (String command : List.of("getDefaultACLAccess", "listClients", "listRoles", "listGroups")) {
            commands.addObject().put("command", command).put("correlationData", correlation);
        }
        return bytes(message);
    }

    /** The answers in one response message, in command order. */
    static List<Answer> answers(byte[] payload) throws ExternalBrokerException {
        JsonNode root;
        try {
            root = JSON.readTree(payload);
        } catch (JsonProcessingException e) {
            throw unreadable("not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw unreadable("not readable: " + e.getMessage());
        }
        JsonNode responses = root == null ? null : root.get("responses");
        if (responses == null || !responses.isArray()) {
            throw unreadable("no \"responses\" array");
        }
        List<Answer> answers = new ArrayList<>();
        for (JsonNode response : responses) {
            JsonNode command = response.get("command");
            if (command == null || !command.isTextual()) {
                throw unreadable("a response without a command name");
            }
            answers.add(new Answer(command.asText(), text(response, "correlationData"), text(response, "error"),
                    response.path("data")));
        }
        return List.copyOf(answers);
    }

    /**
     * What in a {@link #stateProbe} answer grants more than the gateway's ACL file: a default access
     * that allows, or any client, role or group. Empty when the plugin holds only what the gateway wrote.
     */
    static List<String> grantsBeyondTheAclFile(List<Answer> probe) {
        List<String> found = new ArrayList<>();
        for (Answer answer : probe) {
            answer.error().ifPresent(error -> found.add(answer.command() + " failed: " + error));
            switch (answer.command()) {
                case "getDefaultACLAccess" -> answer.data().path("acls").forEach(acl -> {
                    if (acl.path("allow").asBoolean(true)) {
                        found.add("default access allows " + acl.path("acltype").asText("?"));
                    }
                });
                case "listClients", "listRoles", "listGroups" -> {
                    int count = answer.data().path("totalCount").asInt(-1);
                    if (count != 0) {
                        found.add(answer.command() + " totalCount " + count);
                    }
                }
                default -> found.add("unexpected answer to " + answer.command());
            }
        }
        return List.copyOf(found);
    }

    private static Optional<String> text(JsonNode response, String field) {
        JsonNode value = response.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }

    private static byte[] bytes(ObjectNode message) {
        try {
            return JSON.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            // An ObjectNode of strings always serializes; this would be a Jackson defect.
            throw new IllegalStateException("cannot encode a dynamic-security command", e);
        }
    }

    private static ExternalBrokerException unreadable(String why) {
        return new ExternalBrokerException(ExternalBrokerFailure.CUT_OFF_FAILED,
                "unreadable answer on " + RESPONSE_TOPIC + ": " + why);
    }
}
