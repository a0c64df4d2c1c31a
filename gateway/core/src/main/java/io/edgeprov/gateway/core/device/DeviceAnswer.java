package io.edgeprov.gateway.core.device;

import io.edgeprov.contracts.device.DeviceMessage;
import io.edgeprov.contracts.device.Rejection;
import io.edgeprov.gateway.core.enrollment.EnrollmentRefusal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the core answers a device request with: the reply message, or a refusal with its wire code (and,
 * when a use case refused, the internal cause a transport maps to its own status, such as a CoAP
 * response code); plus the effects the front end must apply to the connection.
 */
public sealed interface DeviceAnswer permits DeviceAnswer.Replied, DeviceAnswer.Refused {

    /** What the front end must do to the connection, in order, after sending the answer. */
    List<ConnectionEffect> effects();

    /** The request succeeded; {@code reply} is a {@code Challenge} or a {@code CredentialBundle}. */
    record Replied(DeviceMessage reply, List<ConnectionEffect> effects) implements DeviceAnswer {
        public Replied {
            Objects.requireNonNull(reply, "reply");
            effects = List.copyOf(effects);
        }
    }

    /**
     * The request was refused. {@code rejection} carries the client token, the wire code and a short
     * reason that never repeats a value from the request; {@code cause} is the use case's refusal when
     * one decided it (empty when the port itself refused: a malformed or misdirected request).
     */
    record Refused(Rejection rejection, Optional<EnrollmentRefusal> cause, List<ConnectionEffect> effects)
            implements DeviceAnswer {
        public Refused {
            Objects.requireNonNull(rejection, "rejection");
            Objects.requireNonNull(cause, "cause");
            effects = List.copyOf(effects);
        }
    }
}
