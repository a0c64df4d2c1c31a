package io.edgeprov.contracts.device;

/**
 * The device's correlation token, echoed in every reply so MQTT 3.1.1 devices (which have no
 * correlation data) can match replies to requests. A device's token is 1..64 characters of
 * {@code [A-Za-z0-9_-]}. The one other value, {@link #NONE} (the empty string), is what the
 * gateway echoes in a {@link Rejection} when no valid token could be read from the request: no
 * device can send it, so it never matches a request the device made. Every message but
 * {@code Rejection} refuses it.
 * Not a credential, but toString still hides it: firmware may derive it from something private.
 */
public record ClientToken(String value) {

    /** The token of a rejection to a request whose own token could not be read: the empty string. */
    public static final ClientToken NONE = new ClientToken("");

    private static final String CHARS = "AZaz09__--";

    public ClientToken {
        Require.present("clientToken", value);
        if (!value.isEmpty()) {
            Require.identifier("clientToken", value, CHARS, CHARS);
        }
    }

    /** Whether this is {@link #NONE}, the gateway's stand-in for a token it could not read. */
    public boolean isNone() {
        return value.isEmpty();
    }

    @Override
    public String toString() {
        return isNone() ? "ClientToken[none]" : "ClientToken[" + value.length() + " chars]";
    }
}
