package io.edgeprov.ui.client;

/** No answer from the gateway: not connected, the request timed out, or the session closed. */
public final class AdminUnavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AdminUnavailable(String message) {
        super(message);
    }

    public AdminUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
