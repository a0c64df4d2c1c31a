package io.edgeprov.contracts.device;

/**
 * The device's correlation token, echoed in every reply so MQTT 3.1.1 devices (which have no
 * correlation data) can match replies to requests. 1..64 characters of {@code [A-Za-z0-9_-]}.
 * Not a credential, but toString still hides it: firmware may derive it from something private.
 */
public record ClientToken(String value) {

    private static final String CHARS = "AZaz09__--";

    public ClientToken {
        Require.identifier("clientToken", value, CHARS, CHARS);
    }

    @Override
    public String toString() {
        return "ClientToken[" + value.length() + " chars]";
    }
}
