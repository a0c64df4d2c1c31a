package io.edgeprov.sim.device;

import java.util.Objects;

/** A transport operation failed; the message names the operation and the broker's reason, never a payload. */
public final class TransportException extends Exception {
    private static final long serialVersionUID = 1L;
    private final TransportFailure failure;

    public TransportException(TransportFailure failure, String message) {
        super(message);
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    public TransportException(TransportFailure failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    public TransportFailure failure() {
        return failure;
    }
}
