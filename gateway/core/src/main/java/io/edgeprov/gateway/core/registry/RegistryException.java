package io.edgeprov.gateway.core.registry;

import java.util.Objects;

/** A registry operation failed for the given {@link RegistryFailure}; the message never holds a secret. */
public final class RegistryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final RegistryFailure failure;

    public RegistryException(RegistryFailure failure, String message) {
        super(failure + ": " + message);
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    public RegistryException(RegistryFailure failure, String message, Throwable cause) {
        super(failure + ": " + message, cause);
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    /** The reason, for mapping to a wire error code or an operator message. */
    public RegistryFailure failure() {
        return failure;
    }
}
