package io.edgeprov.pki.keys;

import java.util.Objects;

/** A CA key could not be loaded or used; the message never holds a secret. */
public final class CaKeyStoreException extends Exception {
    private static final long serialVersionUID = 1L;

    private final CaKeyStoreFailure failure;

    public CaKeyStoreException(String message) {
        this(CaKeyStoreFailure.UNSPECIFIED, message);
    }

    public CaKeyStoreException(String message, Throwable cause) {
        this(CaKeyStoreFailure.UNSPECIFIED, message, cause);
    }

    public CaKeyStoreException(CaKeyStoreFailure failure, String message) {
        super(message);
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    public CaKeyStoreException(CaKeyStoreFailure failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    /** Why it failed, for callers that map failures to codes or operator hints. */
    public CaKeyStoreFailure failure() {
        return failure;
    }
}
