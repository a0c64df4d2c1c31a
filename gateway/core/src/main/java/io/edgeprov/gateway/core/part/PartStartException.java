package io.edgeprov.gateway.core.part;

/** A part could not start; the message says which step and why, without secrets. */
public final class PartStartException extends Exception {
    private static final long serialVersionUID = 1L;

    public PartStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
