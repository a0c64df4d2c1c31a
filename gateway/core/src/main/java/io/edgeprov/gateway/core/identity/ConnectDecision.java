package io.edgeprov.gateway.core.identity;

import java.util.Objects;

/** The outcome of checking a connecting client: an identity, or a typed refusal with a short detail. */
public sealed interface ConnectDecision permits ConnectDecision.Accepted, ConnectDecision.Refused {

    record Accepted(ClientIdentity identity) implements ConnectDecision {
        public Accepted {
            Objects.requireNonNull(identity, "identity");
        }
    }

    /**
     * @param detail a short, secret-free explanation for logs and the CONNACK reason string
     */
    record Refused(ConnectRefusal reason, String detail) implements ConnectDecision {
        public Refused {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
            if (detail.isBlank()) {
                throw new IllegalArgumentException("detail must not be blank");
            }
        }
    }
}
