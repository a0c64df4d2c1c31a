package io.edgeprov.gateway.app;

import java.util.Objects;

/** The gateway did not start; everything it had started is stopped again. Messages never hold a secret. */
public final class GatewayStartException extends Exception {
    private static final long serialVersionUID = 1L;

    private final StartFailure failure;

    public GatewayStartException(StartFailure failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    public StartFailure failure() {
        return failure;
    }
}
