package io.edgeprov.gateway.mqtt.embedded;

import java.util.Objects;

/** A failure of the embedded broker's lifecycle, with its typed cause. */
public final class BrokerException extends Exception {
    private static final long serialVersionUID = 1L;

    private final BrokerFailure failure;

    public BrokerException(BrokerFailure failure, String message) {
        super(message);
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    public BrokerException(BrokerFailure failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    public BrokerFailure failure() {
        return failure;
    }
}
