package io.edgeprov.pki.keys;

/** A CA key could not be loaded or used; the message never holds a secret. */
public final class CaKeyStoreException extends Exception {
    private static final long serialVersionUID = 1L;

    public CaKeyStoreException(String message) {
        super(message);
    }

    public CaKeyStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
