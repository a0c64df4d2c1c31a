package io.edgeprov.sim.device;

import io.edgeprov.contracts.device.Rejection;
import java.util.Objects;

/**
 * How one exchange on an {@link EnrollmentChannel} ended: the accepted reply, the gateway's
 * {@link Rejection}, or no usable answer (the transport decided which failure that was).
 */
public sealed interface ChannelReply<T> {

    record Accepted<T>(T reply) implements ChannelReply<T> {
        public Accepted {
            Objects.requireNonNull(reply, "reply");
        }
    }

    record Refused<T>(Rejection rejection) implements ChannelReply<T> {
        public Refused {
            Objects.requireNonNull(rejection, "rejection");
        }
    }

    /**
     * @param failure TIMED_OUT, TRANSPORT or BAD_REPLY
     * @param detail  short text without payloads or secrets
     */
    record Failed<T>(DeviceFailure failure, String detail) implements ChannelReply<T> {
        public Failed {
            Objects.requireNonNull(failure, "failure");
            Objects.requireNonNull(detail, "detail");
            if (failure == DeviceFailure.REJECTED) {
                throw new IllegalArgumentException("failure: a rejection is Refused, not Failed");
            }
        }
    }
}
