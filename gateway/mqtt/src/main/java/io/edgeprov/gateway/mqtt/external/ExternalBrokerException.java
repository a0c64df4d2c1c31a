package io.edgeprov.gateway.mqtt.external;

import java.util.Objects;

/** A failure in external-broker mode, with its typed cause. */
public final class ExternalBrokerException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ExternalBrokerFailure failure;

    public ExternalBrokerException(ExternalBrokerFailure failure, String message) {
        super(message);
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    public ExternalBrokerException(ExternalBrokerFailure failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    public ExternalBrokerFailure failure() {
        return failure;
    }
}
