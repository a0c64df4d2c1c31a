package io.edgeprov.sim.tpm;

/** A TPM command failed; the message names the command and the TPM's response code, never a secret. */
public final class TpmOperationException extends Exception {
    private static final long serialVersionUID = 1L;

    public TpmOperationException(String message) {
        super(message);
    }

    public TpmOperationException(String message, Throwable cause) {
        super(message, cause);
    }
}
