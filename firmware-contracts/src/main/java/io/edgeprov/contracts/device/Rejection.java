package io.edgeprov.contracts.device;

/**
 * Gateway to device on a {@code .../rejected} topic or as a CoAP error body.
 *
 * @param clientToken echoed from the request, or {@link ClientToken#NONE} when none could be read from it
 * @param code        what went wrong, a stable number on the wire
 * @param reason      short human text, 1..{@value WireLimits#REASON_TEXT_MAX_BYTES} UTF-8 bytes, no control
 *                    characters; never holds a secret
 */
public record Rejection(ClientToken clientToken, WireErrorCode code, String reason) implements DeviceMessage {

    public Rejection {
        Require.present("clientToken", clientToken);
        Require.present("code", code);
        Require.reasonText("reason", reason);
    }

    @Override
    public MessageType type() {
        return MessageType.REJECTION;
    }
}
