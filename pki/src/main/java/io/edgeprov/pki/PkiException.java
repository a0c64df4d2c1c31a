package io.edgeprov.pki;

/** A certificate or CRL could not be built or signed; the message never holds key material. */
public final class PkiException extends Exception {
    private static final long serialVersionUID = 1L;

    public PkiException(String message) {
        super(message);
    }

    public PkiException(String message, Throwable cause) {
        super(message, cause);
    }
}
