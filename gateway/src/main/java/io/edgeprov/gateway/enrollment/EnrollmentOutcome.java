package io.edgeprov.gateway.enrollment;

import java.util.Objects;

/**
 * What a use case decided: the message to send back, or a refusal. The refusal's {@code detail} is for
 * logs (the caller redacts it) and never reaches the device, which sees only the cause's code and reason.
 *
 * @param <T> the message sent on success
 */
public sealed interface EnrollmentOutcome<T> permits EnrollmentOutcome.Accepted, EnrollmentOutcome.Refused {

    /** The step succeeded; {@code reply} goes back to the device. */
    record Accepted<T>(T reply) implements EnrollmentOutcome<T> {
        public Accepted {
            Objects.requireNonNull(reply, "reply");
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
