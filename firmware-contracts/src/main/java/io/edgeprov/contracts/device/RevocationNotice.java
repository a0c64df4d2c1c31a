package io.edgeprov.contracts.device;

import java.time.Instant;

/**
 * Gateway to device on {@code prov/v1/{id}/notice}: a certificate of this device was revoked.
 *
 * @param deviceId  the device the certificate belonged to
 * @param serial    the certificate serial, 1..{@value WireLimits#SERIAL_MAX_HEX_CHARS} lowercase hex digits
 * @param reason    the RFC 5280 reason, on the wire by name
 * @param revokedAt when it was revoked (whole seconds)
 */
public record RevocationNotice(DeviceId deviceId, String serial, RevocationReason reason, Instant revokedAt)
        implements DeviceMessage {

    private static final String HEX = "09af";

    public RevocationNotice {
        Require.present("deviceId", deviceId);
        Require.present("serial", serial);
        if (serial.isEmpty()) {
            throw new ContractViolation("serial", WireProblem.EMPTY, "must hold at least 1 hex digit");
        }
        if (serial.length() > WireLimits.SERIAL_MAX_HEX_CHARS) {
            throw new ContractViolation("serial", WireProblem.TOO_LONG,
                    serial.length() + " characters, at most " + WireLimits.SERIAL_MAX_HEX_CHARS);
        }
        for (int i = 0; i < serial.length(); i++) {
            if (!Require.isIn(serial.charAt(i), HEX)) {
                throw new ContractViolation("serial", WireProblem.BAD_FORMAT,
                        "character at index " + i + " is not a lowercase hex digit");
            }
        }
        Require.present("reason", reason);
        revokedAt = Require.epochSeconds("revokedAt", revokedAt);
    }

    @Override
    public MessageType type() {
        return MessageType.REVOCATION_NOTICE;
    }
}
