package io.edgeprov.gateway.core.revocation;

import java.util.Objects;

/** A revocation failed for the given {@link RevocationFailure}; the message names ids and serials, never a secret. */
public final class RevocationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final RevocationFailure failure;

    public RevocationException(RevocationFailure failure, String message) {
        super(message);
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    public RevocationException(RevocationFailure failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    public RevocationFailure failure() {
        return failure;
    }
}
