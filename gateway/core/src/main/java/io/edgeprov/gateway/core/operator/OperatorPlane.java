package io.edgeprov.gateway.core.operator;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The port a broker front end calls for people served beside devices (the admin plane, issue 14). The broker asks the plane at
 * every CONNECT with a client certificate whether it is an operator's; an operator gets only the grants the plane
 * names (default deny), its publishes go to {@link #handle} (never to subscribers), and a device identity never
 * reaches the plane. The front end (gateway-mqtt) knows nothing of the plane's topics or messages; the plane
 * (gateway-admin) knows nothing of the broker. It mirrors the device port: adapters meet only here.
 */
public interface OperatorPlane {

    /** What the plane says about a connecting client certificate. */
    sealed interface Admission permits Admission.NotOperator, Admission.Admitted, Admission.Refused {
        /** Not an operator's certificate: the device policy decides. */
        record NotOperator() implements Admission {
        }

        /** An enabled operator, connecting under the client id the plane expects. */
        record Admitted(String operatorId) implements Admission {
            public Admitted {
                Objects.requireNonNull(operatorId, "operatorId");
            }
        }

        /**
         * An operator's certificate that may not connect.
         *
         * @param banned true for a disabled operator (CONNACK BANNED), false for a wrong client id (NOT_AUTHORIZED)
         */
        record Refused(boolean banned, String detail) implements Admission {
            public Refused {
                Objects.requireNonNull(detail, "detail");
            }
        }
    }

    /** A message the plane sends; the broker refuses to send it outside the operator's subscribe grants. */
    record Outgoing(String topic, byte[] payload) {
        public Outgoing {
            Objects.requireNonNull(topic, "topic");
            payload = payload.clone();
        }

        @Override
        public byte[] payload() {
            return payload.clone();
        }
    }

    /** How the plane reaches connected operators outside a request (events, disconnects). */
    interface Outbox {
        CompletableFuture<Void> publish(String topic, byte[] payload);

        /** Disconnects the client with this id, if connected. */
        CompletableFuture<Boolean> disconnect(String clientId, String reason);
    }

    /** Decides a CONNECT carrying {@code leaf} (already verified by TLS); runs on the gateway's executor. */
    Admission admit(String clientId, X509Certificate leaf);

    /**
     * One permission of an operator: publish to one topic (no wildcards), or subscribe to a filter.
     */
    record Grant(String filter, boolean publish) {
        public Grant {
            Objects.requireNonNull(filter, "filter");
            if (filter.isEmpty() || (publish && (filter.contains("+") || filter.contains("#")))) {
                throw new IllegalArgumentException("a publish grant names one topic without wildcards");
            }
        }
    }

    /** What an admitted operator may publish to and subscribe to. */
    List<Grant> grants(String operatorId);

    /** Answers a publish an admitted operator made on a topic its grants allow. */
    CompletableFuture<List<Outgoing>> handle(String operatorId, String topic, byte[] payload);

    /**
     * How long one request may take before the broker gives up on it: longer than a device request, since a
     * person may revoke a lot of 100,000 devices in one request.
     */
    default java.time.Duration requestTimeout() {
        return java.time.Duration.ofSeconds(60);
    }

    /** Called once the broker serves, and with nothing when it stops. */
    void attach(Outbox outbox);

    void detach();

    /** Whether a topic filter lies in the plane's namespace; the broker never lets a device identity near it. */
    boolean ownsTopic(String topicOrFilter);

    /**
     * Whether {@code grant} covers {@code filter}: {@code +} in a grant covers one level (a name or a {@code +}),
     * {@code #} the rest; a wildcard in the filter only by a wildcard in the grant at that level.
     */
    static boolean covers(String grant, String filter) {
        String[] granted = grant.split("/", -1);
        String[] asked = filter.split("/", -1);
        for (int level = 0; level < granted.length; level++) {
            if (granted[level].equals("#")) {
                return true;
            }
            if (level >= asked.length || asked[level].equals("#")) {
                return false;
            }
            if (!granted[level].equals("+") && !granted[level].equals(asked[level])) {
                return false;
            }
        }
        return granted.length == asked.length;
    }
}
