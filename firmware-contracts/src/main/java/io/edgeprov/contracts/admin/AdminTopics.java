package io.edgeprov.contracts.admin;

import java.util.Objects;
import java.util.Optional;

/**
 * The admin plane's MQTT topics. Every topic of one operator lies under {@code admin/v1/{operatorId}/}, so the
 * broker can confine an operator's certificate to {@link #operatorFilter(String)}:
 *
 * <pre>
 * admin/v1/{operatorId}/req/{command}            console publishes a request
 * admin/v1/{operatorId}/req/{command}/accepted   gateway answers (the command's reply record)
 * admin/v1/{operatorId}/req/{command}/rejected   gateway refuses (AdminRejection)
 * admin/v1/{operatorId}/events                   gateway pushes AdminEvent
 * </pre>
 */
public final class AdminTopics {
    public static final String PREFIX = "admin/v1/";
    private static final String REQ = "req";
    private static final String EVENTS = "events";

    private AdminTopics() {
    }

    /** What a topic is for. */
    public enum Kind {
        REQUEST, ACCEPTED, REJECTED, EVENTS
    }

    /**
     * A parsed admin topic.
     *
     * @param command the command, absent for {@code EVENTS}
     */
    public record Topic(String operatorId, Kind kind, Optional<AdminCommand> command) {
        public Topic {
            Objects.requireNonNull(operatorId, "operatorId");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(command, "command");
        }
    }

    public static String request(String operatorId, AdminCommand command) {
        return PREFIX + Check.operatorId(operatorId, "operatorId") + "/" + REQ + "/" + command.level();
    }

    public static String accepted(String operatorId, AdminCommand command) {
        return request(operatorId, command) + "/accepted";
    }

    public static String rejected(String operatorId, AdminCommand command) {
        return request(operatorId, command) + "/rejected";
    }

    public static String events(String operatorId) {
        return PREFIX + Check.operatorId(operatorId, "operatorId") + "/" + EVENTS;
    }

    /** Everything one operator may touch: {@code admin/v1/{operatorId}/#}. */
    public static String operatorFilter(String operatorId) {
        return PREFIX + Check.operatorId(operatorId, "operatorId") + "/#";
    }

    /** What the console subscribes to: its replies, accepted and rejected, of every command. */
    public static String acceptedFilter(String operatorId) {
        return PREFIX + Check.operatorId(operatorId, "operatorId") + "/" + REQ + "/+/accepted";
    }

    public static String rejectedFilter(String operatorId) {
        return PREFIX + Check.operatorId(operatorId, "operatorId") + "/" + REQ + "/+/rejected";
    }

    /** What the gateway subscribes to (or intercepts): every operator's requests. */
    public static final String REQUEST_FILTER = PREFIX + "+/" + REQ + "/+";

    /** Whether a topic or filter lies in the admin plane's namespace at all (devices must never reach it). */
    public static boolean isAdmin(String topic) {
        return topic != null && (topic.startsWith(PREFIX) || topic.equals("admin/v1") || topic.startsWith("admin/"));
    }

    /** Prefix of an operator's MQTT client id; a device id can never contain {@code @}, so no device can take it. */
    public static final String CLIENT_ID_PREFIX = "op@";

    /**
     * The MQTT client id the console connects with: {@code op@{operatorId}}. The gateway refuses a connection
     * whose client id does not name the operator its certificate is registered to. The operator id is the
     * registered name; for certificates that {@code operator add} issues it is also the subject's CN.
     */
    public static String clientId(String operatorId) {
        return CLIENT_ID_PREFIX + Check.operatorId(operatorId, "operatorId");
    }

    /** The operator id a client id names, if it is an operator's client id at all. */
    public static Optional<String> operatorIdOfClientId(String clientId) {
        if (clientId == null || !clientId.startsWith(CLIENT_ID_PREFIX)) {
            return Optional.empty();
        }
        String id = clientId.substring(CLIENT_ID_PREFIX.length());
        return isValidOperatorId(id) ? Optional.of(id) : Optional.empty();
    }

    public static boolean isValidOperatorId(String operatorId) {
        return operatorId != null && Check.OPERATOR_ID.matcher(operatorId).matches();
    }

    /**
     * Parses a concrete topic (no wildcards): empty for anything outside the admin plane, another version, an
     * invalid operator id, an unknown command, or extra or empty levels.
     */
    public static Optional<Topic> parse(String topic) {
        if (topic == null || !topic.startsWith(PREFIX) || topic.contains("+") || topic.contains("#")) {
            return Optional.empty();
        }
        String[] levels = topic.substring(PREFIX.length()).split("/", -1);
        if (levels.length < 2 || !isValidOperatorId(levels[0])) {
            return Optional.empty();
        }
        String operatorId = levels[0];
        if (levels.length == 2) {
            return levels[1].equals(EVENTS) ? Optional.of(new Topic(operatorId, Kind.EVENTS, Optional.empty()))
                    : Optional.empty();
        }
        if (!levels[1].equals(REQ) || levels.length > 4) {
            return Optional.empty();
        }
        Optional<AdminCommand> command = AdminCommand.fromLevel(levels[2]);
        if (command.isEmpty()) {
            return Optional.empty();
        }
        if (levels.length == 3) {
            return Optional.of(new Topic(operatorId, Kind.REQUEST, command));
        }
        return switch (levels[3]) {
            case "accepted" -> Optional.of(new Topic(operatorId, Kind.ACCEPTED, command));
            case "rejected" -> Optional.of(new Topic(operatorId, Kind.REJECTED, command));
            default -> Optional.empty();
        };
    }
}
