package io.edgeprov.gateway.core.enrollment;

import java.util.Objects;
import java.util.Optional;

/**
 * What a use case decided: the message to send back, or a refusal. The refusal's {@code detail} is for
 * logs (the caller redacts it) and never reaches the device, which sees only the cause's code and reason.
 *
 * @param <T> the message sent on success
 */
public sealed interface EnrollmentOutcome<T> permits EnrollmentOutcome.Accepted, EnrollmentOutcome.Refused {

    /**
     * The step succeeded; {@code reply} goes back to the device.
     *
     * @param issuedSerialHex the serial of the certificate the step issued and recorded, if it issued one
     */
    record Accepted<T>(T reply, Optional<String> issuedSerialHex) implements EnrollmentOutcome<T> {
        public Accepted {
            Objects.requireNonNull(reply, "reply");
            Objects.requireNonNull(issuedSerialHex, "issuedSerialHex");
        }

        /** A step that issued nothing (a challenge). */
        public Accepted(T reply) {
            this(reply, Optional.empty());
        }
    }

    /** The step was refused for {@code cause}; {@code detail} says precisely what was wrong, without secrets. */
    record Refused<T>(EnrollmentRefusal cause, String detail) implements EnrollmentOutcome<T> {
        public Refused {
            Objects.requireNonNull(cause, "cause");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
