package io.edgeprov.pki.tpm;

import java.util.Objects;

/**
 * Evidence was refused. {@link #failure()} is the cause to map to the wire; the message adds a
 * precise, secret-free detail (which field, what was wrong) for logs.
 */
public final class AttestationException extends Exception {
    private static final long serialVersionUID = 1L;

    private final AttestationFailure failure;

    public AttestationException(AttestationFailure failure, String detail) {
        super(Objects.requireNonNull(failure, "failure") + ": " + Objects.requireNonNull(detail, "detail"));
        this.failure = failure;
    }

    public AttestationException(AttestationFailure failure, String detail, Throwable cause) {
        this(failure, detail);
        initCause(cause);
    }

    public AttestationFailure failure() {
        return failure;
    }
}
