package io.edgeprov.gateway.mqtt.external;

import io.edgeprov.gateway.mqtt.BrokerTopics;
import io.edgeprov.gateway.mqtt.BrokerTopics.Request;
import io.edgeprov.gateway.core.identity.ClientIdentity;
import io.edgeprov.gateway.mqtt.TopicPolicy;
import java.util.EnumSet;
import java.util.Set;

/**
 * The two ACL files, derived from {@link TopicPolicy} so both broker modes grant the same topics.
 *
 * <p>Mosquitto substitutes {@code %u} (the certificate CN on the mTLS listener) and {@code %c}
 * (the client id) into patterns and refuses a pattern match for ids holding {@code +}, {@code #}
 * or {@code /}. Each listener gets its own file ({@code per_listener_settings true}) so a client
 * on the certificate-less listener can never reach a {@code %u} or {@code user} grant by sending
 * a username of its choosing.
 */
final class MosquittoAcl {
    private static final String ANY = "+";
    /** A valid id to ask {@link BrokerTopics} for a topic's shape, then swap for a wildcard or pattern. */
    private static final String PROBE = "x";

    private MosquittoAcl() {
    }

    /** Certificate holders by CN, and the gateway's own client. */
    static String deviceListener(String gatewayId) {
        StringBuilder acl = new StringBuilder();
        acl.append("# Written by the gateway; edits are overwritten.\n");
        acl.append("# The gateway reads every request and writes every reply, notice and CA topic.\n");
        acl.append("user ").append(gatewayId).append('\n');
        for (Request request : Request.values()) {
            acl.append("topic read ").append(topic(ANY, request.topic(PROBE))).append('\n');
        }
        for (Request request : Request.values()) {
            acl.append("topic write ").append(topic(ANY, request.accepted(PROBE))).append('\n');
            acl.append("topic write ").append(topic(ANY, request.rejected(PROBE))).append('\n');
        }
        acl.append("topic write ").append(topic(ANY, BrokerTopics.notice(PROBE))).append('\n');
        acl.append("topic readwrite ").append(BrokerTopics.CA_ALL).append('\n');
        acl.append("# It alone commands the dynamic-security plugin, which disconnects revoked devices.\n");
        acl.append("topic write ").append(DynamicSecurityCommands.COMMAND_TOPIC).append('\n');
        acl.append("topic read ").append(DynamicSecurityCommands.RESPONSE_TOPIC).append('\n');
        acl.append("\n# A certificate holder (username = certificate CN = device id).\n");
        for (Request request : requestsOf(new ClientIdentity.Device(PROBE, "0"))) {
            acl.append("pattern write ").append(topic("%u", request.topic(PROBE))).append('\n');
        }
        acl.append("pattern read ").append(BrokerTopics.PREFIX).append("%u/#\n");
        acl.append("pattern read ").append(BrokerTopics.CA_ALL).append('\n');
        return acl.toString();
    }

    /** Devices without a certificate, known only by the client id they chose. */
    static String enrollListener() {
        StringBuilder acl = new StringBuilder();
        acl.append("# Written by the gateway; edits are overwritten.\n");
        acl.append("# A device without a certificate may only attest as its own client id.\n");
        for (Request request : requestsOf(new ClientIdentity.Unenrolled(PROBE))) {
            acl.append("pattern write ").append(topic("%c", request.topic(PROBE))).append('\n');
            acl.append("pattern read ").append(topic("%c", request.accepted(PROBE))).append('\n');
            acl.append("pattern read ").append(topic("%c", request.rejected(PROBE))).append('\n');
        }
        acl.append("pattern read ").append(BrokerTopics.CA_ALL).append('\n');
        return acl.toString();
    }

    /** {@code probed} (a topic of the device {@link #PROBE}) with the device segment replaced by {@code segment}. */
    private static String topic(String segment, String probed) {
        return BrokerTopics.PREFIX + segment + probed.substring(BrokerTopics.deviceRoot(PROBE).length() - 1);
    }

    /** The filter matching {@code request} from every device. */
    static String anyDevice(Request request) {
        return topic(ANY, request.topic(PROBE));
    }

    private static Set<Request> requestsOf(ClientIdentity who) {
        return EnumSet.copyOf(TopicPolicy.requests(who));
    }
}
